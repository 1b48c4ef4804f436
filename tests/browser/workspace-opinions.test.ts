/**
 * Public opinions and work records in the workspace, in a real Chromium on the Jincheng reference data: a resident's
 * opinion (with a photo and a contact) left through the API at a point inside a township whose unit post a demo
 * planner holds today reaches that planner's opinions tab, where they acknowledge and answer it, and the public reads
 * the answer by ticket; the planner logs a site visit with a photo at a place picked on the map and sees it listed with
 * its thumbnail; a leader sees both tabs without any action. The tests run in order on one server.
 * After every page: no console or request errors.
 */
import type { Browser, Locator, Page } from "playwright-core";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import type { OpinionReceipt, PublicOpinion } from "../../server/src/contracts/opinions.ts";
import { solveChallenge } from "../../server/src/opinions/proof-of-work.ts";
import { requireReferenceData } from "../helpers/reference-data.ts";
import { useAtlasServerAndBrowser, type AtlasServer } from "./helpers/atlas-server.ts";
import { WorkspaceMap } from "./helpers/workspace-map-driver.ts";
import { makeWorkspaceAccount, WorkspacePage } from "./helpers/workspace-driver.ts";

const referenceFolder = requireReferenceData("opinions and work records in the workspace");

const PLANNER_ACCOUNT = "意见测试规划师";
const LEADER = "意见测试领导";
const OPINION_TEXT = "小区旁的空地希望建成口袋公园，方便老人和孩子活动。";
const CONTACT = "13900000000";
const ANSWER = "已现场查看，口袋公园已列入明年的微更新项目。";
const VISIT_TEXT = "现场走访：查看口袋公园选址，与社区座谈。";

/** A demo planner holding a unit post today on a one-township area with a boundary, and a point inside it. */
interface HeldUnit {
  plannerId: number;
  plannerName: string;
  areaId: number;
  townshipCode: string;
  lon: number;
  lat: number;
}

let server: AtlasServer | undefined;
let browser: Browser;
let unit: HeldUnit;
let ticket: string;

async function findHeldUnit(sql: AtlasServer["sql"]): Promise<HeldUnit> {
  const [row] = await sql<HeldUnit[]>`
    select ap.planner_id, p.name as planner_name, a.id as area_id, d.code as township_code,
      ST_X(ST_PointOnSurface(d.geom)) as lon, ST_Y(ST_PointOnSurface(d.geom)) as lat
    from appointments ap
    join planners p on p.id = ap.planner_id
    join areas a on a.id = ap.area_id
    join area_divisions ad on ad.area_id = a.id
    join divisions d on d.code = ad.division_code
    where ap.role = 'unit' and ap.status = 'active' and api.in_force(ap.valid_from, ap.valid_to, api.today())
      and a.kind in ('township', 'subdistrict') and api.area_in_force(a.retired_on, api.today()) and d.geom is not null
      and (select count(*) from area_divisions other where other.area_id = a.id) = 1
    order by a.code
    limit 1`;
  if (!row) throw new Error("no demo planner holds a unit post today on a township with a boundary");
  return row;
}

/** A small JPEG, made here so that no binary lives in the repository. */
function smallJpeg(colour: { r: number; g: number; b: number }): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: colour } }).jpeg().toBuffer();
}

/** POST /api/opinions as the public page sends it: the proof of work solved, the fields, one photo. */
async function submitOpinion(atlas: AtlasServer, place: { lon: number; lat: number }): Promise<OpinionReceipt> {
  const { challenge, bits } = await atlas.getJson<{ challenge: string; bits: number }>("/api/opinions/challenge");
  const form = new FormData();
  const fields = { lon: String(place.lon), lat: String(place.lat), category: "public_space", text: OPINION_TEXT, contact: CONTACT, challenge, nonce: solveChallenge(challenge, bits) };
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append("photo", new Blob([new Uint8Array(await smallJpeg({ r: 40, g: 140, b: 60 }))], { type: "image/jpeg" }), "site.jpg");
  const response = await fetch(new URL("/api/opinions", atlas.origin), { method: "POST", headers: { origin: atlas.origin }, body: form });
  if (response.status !== 201) throw new Error(`POST /api/opinions answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as OpinionReceipt;
}

/** The opinions and work-records tabs of the workspace; the selectors live here, each step waits for what it causes. */
class StaffTabsDriver {
  constructor(readonly page: Page) {}

  opinion(ticketOf: string): Locator {
    return this.page.locator(`[data-testid="opinions:item"][data-ticket="${ticketOf}"]`);
  }

  record(text: string): Locator {
    return this.page.getByTestId("work-records:item").filter({ hasText: text });
  }

  readonly when = {
    iOpenTheTab: async (tab: "opinions" | "workRecords") => {
      await this.page.locator(`[role="tab"][data-tab="${tab}"]`).click();
      await this.page.getByTestId(tab === "opinions" ? "opinions-panel" : "work-records-panel").waitFor();
    },
    iClickInTheOpinion: async (ticketOf: string, button: string, expectedStatus: string) => {
      await this.opinion(ticketOf).getByRole("button", { name: button, exact: true }).click();
      await this.page.locator(`[data-testid="opinions:item"][data-ticket="${ticketOf}"][data-status="${expectedStatus}"]`).waitFor();
    },
    iAnswerTheOpinion: async (ticketOf: string, answer: string) => {
      const item = this.opinion(ticketOf);
      await item.getByLabel("答复内容").fill(answer);
      await item.getByRole("button", { name: "答复", exact: true }).click();
      await this.page.locator(`[data-testid="opinions:item"][data-ticket="${ticketOf}"][data-status="answered"]`).waitFor();
    },
    iFillTheRecord: async (areaId: number, text: string) => {
      const form = this.page.getByTestId("work-records:form");
      await form.locator('select[name="kind"]').selectOption("site_visit");
      await form.locator('select[name="areaId"]').selectOption(String(areaId));
      await form.locator('textarea[name="text"]').fill(text);
    },
    iStartPickingAPoint: async () => {
      await this.page.getByRole("button", { name: "在地图上点选地点" }).click();
      await this.page.getByTestId("work-records:picking").waitFor();
    },
    iAttachAPhoto: async (bytes: Buffer) => {
      await this.page.getByTestId("work-records:form").locator('input[name="photos"]').setInputFiles({ name: "visit.jpg", mimeType: "image/jpeg", buffer: bytes });
    },
    iSaveTheRecord: async (text: string) => {
      await this.page.getByTestId("work-records:form").getByRole("button", { name: "保存" }).click();
      await this.record(text).waitFor();
    },
  };

  readonly then = {
    thePickIsOver: () => this.page.getByTestId("work-records:picking").waitFor({ state: "detached" }),
    thePlace: async () => {
      const form = this.page.getByTestId("work-records:form");
      return { lon: Number(await form.locator('input[name="lon"]').inputValue()), lat: Number(await form.locator('input[name="lat"]').inputValue()) };
    },
    /** Waits until every thumbnail in the locator has loaded its image; how many there are. */
    loadedThumbnails: async (within: Locator) => {
      const images = within.locator('[data-testid="photo-strip"] img');
      await images.first().waitFor();
      await this.page.waitForFunction(
        (elements) => elements.every((image) => (image as HTMLImageElement).complete && (image as HTMLImageElement).naturalWidth > 0),
        await images.elementHandles(),
      );
      return images.count();
    },
    /** The accessible names of the buttons in the locator, in order. */
    buttonsIn: (within: Locator) =>
      within.getByRole("button").evaluateAll((buttons) => buttons.map((button) => (button.getAttribute("aria-label") ?? button.textContent ?? "").trim())),
  };
}

useAtlasServerAndBrowser({ referenceData: true, config: { opinionProofBits: 4 } }, async (started, launched) => {
  [server, browser] = [started, launched];
  if (!server) return;
  unit = await findHeldUnit(server.sql);
  await makeWorkspaceAccount(server, PLANNER_ACCOUNT, "planner", unit.plannerId);
  await makeWorkspaceAccount(server, LEADER, "leader");
  const receipt = await submitOpinion(server, unit);
  expect(receipt.receivedBy).toMatchObject({ name: unit.plannerName, role: "unit" });
  ticket = receipt.ticket;
});

describe.runIf(referenceFolder)("opinions and work records in the workspace", () => {
  it("shows the planner the opinion routed to them, with its photo and contact; they acknowledge and answer it, and the public reads the answer", async () => {
    const workspace = await WorkspacePage.signIn(browser, server!, PLANNER_ACCOUNT);
    const tabs = new StaffTabsDriver(workspace.page);
    await tabs.when.iOpenTheTab("opinions");
    const item = tabs.opinion(ticket);
    await item.waitFor();
    await expect(item.innerText()).resolves.toContain(OPINION_TEXT);
    await expect(item.getByTestId("opinions:contact").innerText()).resolves.toContain(`${CONTACT} （仅工作人员可见，不对外公开）`);
    await expect(tabs.then.loadedThumbnails(item)).resolves.toBe(1);

    await tabs.when.iClickInTheOpinion(ticket, "受理", "acknowledged");
    await tabs.when.iAnswerTheOpinion(ticket, ANSWER);
    await expect(item.getByTestId("opinions:answer").innerText()).resolves.toContain(ANSWER);

    const read = await server!.getJson<PublicOpinion>(`/api/opinions/${ticket}`);
    expect(read).toMatchObject({ hidden: false, status: "answered", answer: ANSWER });
    await workspace.closeAndCheck();
  });

  it("lets the planner log a site visit at a place picked on the map, with a photo, listed with its thumbnail", async () => {
    const workspace = await WorkspacePage.signIn(browser, server!, PLANNER_ACCOUNT);
    const tabs = new StaffTabsDriver(workspace.page);
    const map = new WorkspaceMap(workspace.page);
    await map.ready();
    await tabs.when.iOpenTheTab("workRecords");
    await tabs.when.iFillTheRecord(unit.areaId, VISIT_TEXT);
    await tabs.when.iStartPickingAPoint();
    await map.clickTownship(unit.townshipCode);
    await tabs.then.thePickIsOver();
    const place = await tabs.then.thePlace();
    const [inside] = await server!.sql<{ inside: boolean }[]>`
      select ST_Contains(geom, ST_SetSRID(ST_MakePoint(${place.lon}, ${place.lat}), 4326)) as inside from divisions where code = ${unit.townshipCode}`;
    expect(inside!.inside).toBe(true);

    await tabs.when.iAttachAPhoto(await smallJpeg({ r: 200, g: 120, b: 40 }));
    await tabs.when.iSaveTheRecord(VISIT_TEXT);
    const record = tabs.record(VISIT_TEXT);
    await expect(tabs.then.loadedThumbnails(record)).resolves.toBe(1);
    await expect(record.innerText()).resolves.toContain("现场走访");
    const [stored] = await server!.sql<{ kind: string; areaId: number; photos: number }[]>`
      select w.kind, w.area_id, (select count(*)::int from photos where owner_kind = 'work_record' and owner_id = w.id) as photos
      from work_records w where w.body = ${VISIT_TEXT}`;
    expect(stored).toEqual({ kind: "site_visit", areaId: unit.areaId, photos: 1 });
    await workspace.closeAndCheck();
  });

  it("shows a leader both tabs without any action", async () => {
    const workspace = await WorkspacePage.signIn(browser, server!, LEADER);
    const tabs = new StaffTabsDriver(workspace.page);
    await tabs.when.iOpenTheTab("opinions");
    const item = tabs.opinion(ticket);
    await item.waitFor();
    await expect(tabs.then.buttonsIn(item)).resolves.toEqual(["照片 1", "在地图上显示"]);
    expect(await item.locator("textarea, input").count()).toBe(0);

    await tabs.when.iOpenTheTab("workRecords");
    const record = tabs.record(VISIT_TEXT);
    await record.waitFor();
    await expect(tabs.then.buttonsIn(record)).resolves.toEqual(["照片 1", "在地图上显示"]);
    expect(await workspace.page.getByTestId("work-records:form").count()).toBe(0);
    await workspace.closeAndCheck();
  });
});
