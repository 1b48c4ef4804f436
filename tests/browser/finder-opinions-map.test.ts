/**
 * Answered opinions on the public map, on the Jincheng reference data: an opinion left through the API (with an easy
 * proof of work) and answered by the planner it was routed to is drawn as one marker at zoom 10 and up, on its ~100 m
 * grid place; a click on it shows its category, its text and the answer, and nothing personal.
 */
import type { Browser } from "playwright-core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAccount } from "../../server/src/auth/accounts.repo.ts";
import { hashPassword } from "../../server/src/auth/passwords.ts";
import type { OpinionReceipt } from "../../server/src/contracts/opinions.ts";
import { readOpinionByTicket } from "../../server/src/opinions/opinions.repo.ts";
import { solveChallenge } from "../../server/src/opinions/proof-of-work.ts";
import { MAP_TEST_HOOK_NAME, type MapTestHook, type RenderedFeature } from "../../client/src/map/map-test-hook.ts";
import type { OpinionsTestHook } from "../../client/src/map/layers/opinions.layer.ts";
import { requireReferenceData } from "../helpers/reference-data.ts";
import { useAtlasServerAndBrowser, type AtlasServer } from "./helpers/atlas-server.ts";
import { FinderDriver, type LonLat } from "./helpers/finder-driver.ts";
import { closeAndCheckPage } from "./helpers/page-checks.ts";

const referenceFolder = requireReferenceData("answered opinions on the public map");

/** Made at run time: no password is written in the repository. */
const PASSWORD = `om-${Math.random().toString(36).slice(2)}-${Date.now()}`;
const TEXT = "路口的红绿灯时间太短，老人过马路来不及。";
const CONTACT = "13900000001";
const ANSWER = "已与交警部门联系，延长绿灯时间。";

let server: AtlasServer | undefined;
let browser: Browser;
let page: OpinionsMapDriver;

type Hook = MapTestHook & OpinionsTestHook;

/** The finder with the opinion markers: reads them through the map test hook and clicks one. */
class OpinionsMapDriver extends FinderDriver {
  private inPage<T, A>(action: (hook: Hook, argument: A) => T, argument: A): Promise<T> {
    return this.page.evaluate(
      ({ name, body, value }) => {
        const hook = (window as unknown as Record<string, Hook>)[name]!;
        return (new Function("hook", "argument", `return (${body})(hook, argument);`) as (hook: Hook, argument: unknown) => unknown)(hook, value);
      },
      { name: MAP_TEST_HOOK_NAME, body: action.toString(), value: argument as unknown },
    ) as Promise<T>;
  }

  /** Moves the map there at `zoom` and waits until it is idle (every tile of the view drawn). */
  async iLookAt(point: LonLat, zoom: number): Promise<void> {
    await this.inPage((hook, argument) => hook.jumpTo([argument.lon, argument.lat], argument.zoom), { ...point, zoom });
    await this.inPage((hook) => hook.idle(), null);
  }

  /** The opinion markers drawn now, once each (a point near a tile edge is in both tiles' buffers). */
  async theMarkers(): Promise<RenderedFeature[]> {
    await this.page.waitForFunction(
      (name) => {
        const hook = (window as unknown as Record<string, Hook>)[name]!;
        return hook.layerIds.opinionMarker !== undefined && hook.queryRenderedFeatures([hook.layerIds.opinionMarker]).length > 0;
      },
      MAP_TEST_HOOK_NAME,
      { polling: "raf", timeout: 10_000 },
    );
    const features = await this.inPage((hook) => hook.queryRenderedFeatures([hook.layerIds.opinionMarker]), null);
    return [...new Map(features.map((feature) => [feature.id, feature])).values()];
  }

  async iClickTheMarkerAt(point: LonLat): Promise<string> {
    const client = await this.inPage((hook, argument) => hook.clientPointOf([argument.lon, argument.lat]), point);
    await this.page.mouse.click(client.x, client.y);
    const note = this.page.getByTestId("finder:map-opinion");
    // The note opens at once and reads the text and answer after: what it says once they arrived (or failed).
    await note.locator('[data-testid="finder:map-opinion-body"], [role="alert"]').waitFor();
    return note.innerText();
  }
}

/** A point inside a township whose unit post a demo planner holds today (so a planner receives the opinion). */
async function pointInATownship(sql: AtlasServer["sql"]): Promise<LonLat> {
  const [row] = await sql<LonLat[]>`
    select ST_X(ST_PointOnSurface(d.geom)) as lon, ST_Y(ST_PointOnSurface(d.geom)) as lat
    from appointments ap
    join areas a on a.id = ap.area_id
    join area_divisions ad on ad.area_id = a.id
    join divisions d on d.code = ad.division_code
    where ap.role = 'unit' and ap.status = 'active' and api.in_force(ap.valid_from, ap.valid_to, api.today())
      and a.kind in ('township', 'subdistrict') and api.area_in_force(a.retired_on, api.today()) and d.geom is not null
    order by d.code
    limit 1`;
  if (!row) throw new Error("no demo planner holds a unit post today on a township with a boundary");
  return row;
}

/** POST /api/opinions as the public page sends it, the proof of work solved here. */
async function submitOpinion(atlas: AtlasServer, place: LonLat): Promise<OpinionReceipt> {
  const { challenge, bits } = await atlas.getJson<{ challenge: string; bits: number }>("/api/opinions/challenge");
  const form = new FormData();
  const fields = { lon: String(place.lon), lat: String(place.lat), category: "road_traffic", text: TEXT, contact: CONTACT, challenge, nonce: solveChallenge(challenge, bits) };
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const response = await fetch(new URL("/api/opinions", atlas.origin), { method: "POST", headers: { origin: atlas.origin }, body: form });
  if (response.status !== 201) throw new Error(`POST /api/opinions answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as OpinionReceipt;
}

/** Answers the opinion as the planner it was routed to, signed in through the API as their workspace would be. */
async function answerAsItsPlanner(atlas: AtlasServer, ticket: string): Promise<void> {
  const stored = await readOpinionByTicket(atlas.sql, ticket);
  const name = `map-planner-${Date.now()}`;
  await createAccount(atlas.sql, { name, role: "planner", displayName: name, passwordHash: await hashPassword(PASSWORD), plannerId: stored!.plannerId! }, "test");
  const send = (path: string, body: unknown, cookie?: string) =>
    fetch(new URL(path, atlas.origin), {
      method: "POST",
      headers: { origin: atlas.origin, "content-type": "application/json", ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    });
  const signedIn = await send("/api/session", { name, password: PASSWORD });
  const cookie = signedIn.headers.getSetCookie().map((value) => value.split(";")[0]).join("; ");
  const answered = await send(`/api/opinions/${ticket}/answer`, { answer: ANSWER }, cookie);
  if (answered.status !== 200) throw new Error(`answering answered ${answered.status}: ${await answered.text()}`);
}

useAtlasServerAndBrowser({ referenceData: true, config: { opinionProofBits: 4 } }, (started, launched) => {
  [server, browser] = [started, launched];
});

describe.runIf(referenceFolder)("answered opinions on the public map", () => {
  beforeEach(() => {
    page = new OpinionsMapDriver(browser, server!);
  });

  afterEach(() => closeAndCheckPage(page));

  it("draws an answered opinion as one marker from zoom 10, and a click shows its category, text and answer", async () => {
    const place = await pointInATownship(server!.sql);
    const receipt = await submitOpinion(server!, place);
    await answerAsItsPlanner(server!, receipt.ticket);
    const stored = await readOpinionByTicket(server!.sql, receipt.ticket);
    // The tile's place: the 0.001° grid (about 100 m), as the public ticket view rounds it.
    const gridPlace = { lon: Math.round(place.lon * 1000) / 1000, lat: Math.round(place.lat * 1000) / 1000 };

    await page.given.thePageIsOpen();
    await page.iLookAt(gridPlace, 14);
    const markers = await page.theMarkers();
    expect(markers.map((marker) => [marker.id, marker.properties])).toEqual([[stored!.id, { status: "answered", category: "road_traffic" }]]);

    const note = await page.iClickTheMarkerAt(gridPlace);
    expect(note).toContain("道路交通 · 已答复");
    expect(note).toContain(TEXT);
    expect(note).toContain(ANSWER);
    expect(note).not.toContain(CONTACT);
    expect(note).not.toContain(receipt.ticket);
  });
});
