/**
 * Imports over HTTP through the whole app: a preview that changes nothing, what each record matched, repairs
 * proposed, commit all or nothing under the committer's name, cancel, expiry, the upload limit, bad uploads as
 * problems, and a commit refused when another import changed the same divisions since the preview.
 */
import fs from "node:fs";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { describe, expect, it } from "vitest";
import type { ImportPreview } from "../../../server/src/contracts/imports.ts";
import { useFreshApp } from "../../helpers/app.ts";
import { enabledBackends } from "../../helpers/backends.ts";
import { requireReferenceData } from "../../helpers/reference-data.ts";
import { OWN_ORIGIN, signedIn } from "../auth/accounts.ts";

const PASSWORD = "imports password 123";
const referenceFolder = requireReferenceData("imports over HTTP of the Jincheng reference files");
/** Small enough for a test to pass it, large enough for the reference files (about 215 KB together). */
const MAX_BYTES = 400 * 1024;

type Ring = number[][];
const square = (west: number, south: number, size = 0.02): Ring[] => [
  [[west, south], [west + size, south], [west + size, south + size], [west, south + size], [west, south]],
];
// Two triangles meeting at (112.83, 35.485): a self-intersecting "bow tie" ring.
const BOW_TIE: Ring[] = [[[112.8, 35.45], [112.86, 35.52], [112.86, 35.45], [112.8, 35.52], [112.8, 35.45]]];

function collection(features: { properties: Record<string, unknown>; rings: Ring[] }[]): string {
  return JSON.stringify({
    type: "FeatureCollection",
    features: features.map(({ properties, rings }) => ({ type: "Feature", properties, geometry: { type: "Polygon", coordinates: rings } })),
  });
}

/** A multipart body: each file under its name, each option as a field. */
function form(files: Record<string, string | Buffer>, fields: Record<string, string> = {}): FormData {
  const body = new FormData();
  for (const [name, content] of Object.entries(files)) body.append("file", new Blob([typeof content === "string" ? content : new Uint8Array(content)]), name);
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  return body;
}

describe.each(enabledBackends())("imports over HTTP on %s", (backend) => {
  let app: FastifyInstance;
  let bureau: string;
  let second: string;
  let leader: string;
  useFreshApp(
    backend,
    async (built) => {
      app = built;
      ({ "imports-bureau": bureau, "imports-second": second, "imports-leader": leader } = await signedIn(
        app,
        { "imports-bureau": "bureau", "imports-second": "bureau", "imports-leader": "leader" },
        PASSWORD,
      ));
    },
    { config: { signInRateLimit: 1000, importMaxBytes: MAX_BYTES } },
  );

  const upload = (cookie: string | undefined, payload: FormData | string, headers: Record<string, string> = {}) =>
    app.inject({ method: "POST", url: "/api/imports", headers: { origin: OWN_ORIGIN, ...(cookie ? { cookie } : {}), ...headers }, payload });
  const call = (cookie: string, method: "GET" | "POST" | "DELETE", url: string) => app.inject({ method, url, headers: { origin: OWN_ORIGIN, cookie } });

  async function preview(files: Record<string, string | Buffer>, fields: Record<string, string> = {}, cookie = bureau): Promise<ImportPreview> {
    const response = await upload(cookie, form(files, fields));
    expect(response.statusCode, response.body).toBe(201);
    const body: ImportPreview = response.json();
    expect(response.headers.location).toBe(`/api/imports/${body.id}`);
    return body;
  }

  /** Everything an import could change, and the revision every cache is keyed on. */
  async function fingerprint(): Promise<{ divisions: string; audit: number; revision: string; loads: number }> {
    const [row] = await app.db.sql<{ divisions: string; audit: number; revision: string; loads: number }[]>`
      select md5(string_agg(concat_ws('|', code, md5(ST_AsBinary(geom)), provenance, geom_source, md5(ST_AsBinary(seat)), seat_source), ',' order by code)) as divisions,
             (select count(*)::int from audit_log) as audit, api.data_revision() as revision, (select count(*)::int from data_loads) as loads
      from divisions`;
    return row!;
  }
  const pendingCount = async () => (await app.db.sql<{ count: number }[]>`select count(*)::int as count from pending_imports`)[0]!.count;
  const referenceFile = (name: string) => fs.readFileSync(path.join(referenceFolder!, name));

  it.runIf(referenceFolder)("previews the reference townships, counties and seats without changing the data, then commits them as the signed-in user", async () => {
    const before = await fingerprint();
    const body = await preview({
      "counties.geojson": referenceFile("counties.geojson"),
      "townships-approx.geojson": referenceFile("townships-approx.geojson"),
      "townships.csv": referenceFile("townships.csv"),
    });
    expect(await fingerprint()).toEqual(before);
    expect(body).toMatchObject({
      status: "pending",
      createdBy: "imports-bureau",
      closedBy: null,
      problems: [],
      summary: { records: 158, matchedByCode: 156, matchedByName: 0, boundaries: 81, seats: 75, unmatched: 0, skipped: 2, refused: 0, repairs: 0 },
      coordinates: { system: "wgs84", declared: false },
      report: null,
    });
    expect(body.files.map((file) => [file.name, file.records])).toEqual([["counties.geojson", 6], ["townships-approx.geojson", 75], ["townships.csv", 77]]);
    expect(body.files.map((file) => file.coordinates.how)).toEqual(["assumed", "assumed", "assumed"]);
    expect(body.records.find((record) => record.record.startsWith("feature 1 ") && record.file === "townships-approx.geojson")).toMatchObject({
      status: "matched",
      by: "code",
      target: "boundary",
      division: { level: "township" },
    });
    expect(body.records.filter((record) => record.status === "skipped").map((record) => record.reason)).toEqual(["no seat coordinates", "no seat coordinates"]);
    // Every boundary and seat on the map, simplified, in WGS84 degrees.
    const features = body.geometry.features as { geometry: { type: string; coordinates: unknown }; properties: { status: string; target: string } }[];
    expect(features).toHaveLength(156);
    expect(new Set(features.map((feature) => `${feature.properties.target} ${feature.geometry.type}`))).toEqual(new Set(["boundary MultiPolygon", "seat Point"]));
    expect(JSON.stringify(features[0]!.geometry.coordinates)).toMatch(/^\[\[\[\[11[23]\.\d+,3[56]\.\d+\]/);

    const again = await call(leader, "GET", `/api/imports/${body.id}`);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(body);

    const last = (await app.db.sql<{ last: number }[]>`select coalesce(max(id), 0)::int as last from audit_log`)[0]!.last;
    const committed = await call(bureau, "POST", `/api/imports/${body.id}/commit`);
    expect(committed.statusCode, committed.body).toBe(200);
    expect(committed.json()).toMatchObject({ status: "committed", closedBy: "imports-bureau", report: { imported: 156, boundaries: 81, seats: 75 } });
    const [audit] = await app.db.sql<{ entries: number; actors: string[] }[]>`
      select count(*)::int as entries, array_agg(distinct actor) as actors from audit_log where id > ${last} and table_name = 'divisions'`;
    expect(audit).toEqual({ entries: 156, actors: ["user:imports-bureau"] });
    const after = await fingerprint();
    expect(after.revision).not.toBe(before.revision);
    expect(after.loads).toBe(before.loads + 1);
    const [township] = await app.db.sql<{ provenance: string; geomSource: string }[]>`select provenance, geom_source from divisions where code = '140502001'`;
    expect(township).toMatchObject({ provenance: "approximate", geomSource: expect.stringMatching(/^townships-approx\.geojson: .*; imported 20/) });

    const twice = await call(bureau, "POST", `/api/imports/${body.id}/commit`);
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ type: "/problems/import-not-pending", importStatus: "committed" });
  });

  it("lists what matched and what did not, and refuses to commit records that match nothing", async () => {
    const before = await fingerprint();
    const body = await preview(
      {
        "partly.geojson": collection([
          { properties: { code: "140502006" }, rings: square(112.86, 35.5) },
          { properties: { code: "140599999", name: "不存在街道" }, rings: square(112.8, 35.45) },
          { properties: { name: "东城街道", county_name: "高平市" }, rings: square(112.92, 35.79) },
        ]),
      },
      { coordinates: "wgs84" },
    );
    expect(body.records).toEqual([
      { file: "partly.geojson", record: "feature 1 (140502006)", status: "matched", by: "code", target: "boundary", division: { code: "140502006", name: expect.any(String), level: "township" } },
      { file: "partly.geojson", record: "feature 2 不存在街道 (140599999)", status: "unmatched", reason: "no division has the code 140599999 and no division is named 不存在街道" },
      { file: "partly.geojson", record: "feature 3 东城街道", status: "matched", by: "name", target: "boundary", division: { code: "140581002", name: "东城街道", level: "township" } },
    ]);
    expect(body.problems.join("\n")).toMatch(/1 record matches no division/);
    expect(body.files[0]!.coordinates.how).toBe("given");
    const refused = await call(bureau, "POST", `/api/imports/${body.id}/commit`);
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ type: "/problems/import-rejected", problems: expect.arrayContaining([expect.stringMatching(/match no division|matches no division/)]) });
    expect(await fingerprint()).toEqual(before);
    expect((await call(bureau, "GET", `/api/imports/${body.id}`)).json()).toMatchObject({ status: "pending" });

    // Told to skip them, the same file may be committed.
    const lenient = await preview({ "partly.geojson": collection([{ properties: { code: "140599999" }, rings: square(112.8, 35.45) }, { properties: { code: "140502006" }, rings: square(112.86, 35.5) }]) }, { coordinates: "wgs84", skipUnmatched: "true" });
    expect(lenient.problems).toEqual([]);
    expect(lenient.options).toEqual({ coordinates: "wgs84", skipUnmatched: true });
    expect((await call(bureau, "POST", `/api/imports/${lenient.id}/commit`)).json()).toMatchObject({ status: "committed", report: { imported: 1, unmatched: [{ record: "feature 1 (140599999)" }] } });
  });

  it("proposes the repair of a self-intersecting polygon with its effect, and applies it only when asked", async () => {
    const file = { "bow-tie.geojson": collection([{ properties: { code: "140502004", name: "北街街道" }, rings: BOW_TIE }]) };
    const proposed = await preview(file, { coordinates: "wgs84" });
    expect(proposed.records[0]).toMatchObject({
      status: "matched",
      repair: { problem: "Self-intersection at POINT(112.83 35.485)", parts: 2, applied: false },
    });
    expect(proposed.records[0]!.repair!.km2).toBeCloseTo(21.1, 1);
    expect(proposed.summary.repairs).toBe(1);
    expect(proposed.problems.join("\n")).toMatch(/1 invalid polygon[\s\S]*bow-tie\.geojson feature 1 北街街道 \(140502004\): Self-intersection/);

    const repaired = await preview(file, { coordinates: "wgs84", repair: "true" });
    expect(repaired.records[0]!.repair).toMatchObject({ parts: 2, applied: true });
    expect(repaired.problems).toEqual([]);
    const committed = await call(bureau, "POST", `/api/imports/${repaired.id}/commit`);
    expect(committed.json()).toMatchObject({ status: "committed", report: { repaired: [{ record: "feature 1 北街街道 (140502004)" }] } });
    const [row] = await app.db.sql<{ parts: number }[]>`select ST_NumGeometries(geom) as parts from divisions where code = '140502004'`;
    expect(row!.parts).toBe(2);
  });

  it("cancels a pending import, after which it cannot be committed", async () => {
    const body = await preview({ "one.geojson": collection([{ properties: { code: "140502003" }, rings: square(112.82, 35.47) }]) }, { coordinates: "wgs84" });
    const before = await fingerprint();
    const leaderCancel = await call(leader, "DELETE", `/api/imports/${body.id}`);
    expect(leaderCancel.statusCode).toBe(403);
    const cancelled = await call(bureau, "DELETE", `/api/imports/${body.id}`);
    expect(cancelled.statusCode).toBe(204);
    expect((await call(bureau, "GET", `/api/imports/${body.id}`)).json()).toMatchObject({ status: "cancelled", closedBy: "imports-bureau" });
    const commit = await call(bureau, "POST", `/api/imports/${body.id}/commit`);
    expect(commit.statusCode).toBe(409);
    expect(commit.json()).toMatchObject({ type: "/problems/import-not-pending", importStatus: "cancelled" });
    expect((await call(bureau, "DELETE", `/api/imports/${body.id}`)).statusCode).toBe(409);
    expect(await fingerprint()).toEqual(before);
  });

  it("expires a pending import after its time, and refuses to commit it", async () => {
    const body = await preview({ "one.geojson": collection([{ properties: { code: "140502003" }, rings: square(112.82, 35.47) }]) }, { coordinates: "wgs84" });
    expect(Date.parse(body.expiresAt) - Date.parse(body.createdAt)).toBe(24 * 3600 * 1000);
    await app.db.sql`update pending_imports set created_at = now() - interval '2 days', expires_at = now() - interval '1 day' where id = ${body.id}`;
    const before = await fingerprint();
    expect((await call(bureau, "GET", `/api/imports/${body.id}`)).json()).toMatchObject({ status: "expired" });
    const commit = await call(bureau, "POST", `/api/imports/${body.id}/commit`);
    expect(commit.statusCode).toBe(409);
    expect(commit.json()).toMatchObject({ type: "/problems/import-not-pending", importStatus: "expired" });
    expect(await fingerprint()).toEqual(before);
    // The next upload stores the expiry and drops the plan the import no longer needs.
    await preview({ "one.geojson": collection([{ properties: { code: "140502003" }, rings: square(112.82, 35.47) }]) }, { coordinates: "wgs84" });
    const [row] = await app.db.sql<{ status: string; hasPlan: boolean }[]>`select status, plan is not null as has_plan from pending_imports where id = ${body.id}`;
    expect(row).toEqual({ status: "expired", hasPlan: false });
  });

  it("refuses a commit when another import changed the same division since the preview, and keeps the other's data", async () => {
    const first = await preview({ "first.geojson": collection([{ properties: { code: "140502002" }, rings: square(112.88, 35.46) }]) }, { coordinates: "wgs84" });
    const other = await preview({ "other.geojson": collection([{ properties: { code: "140502002" }, rings: square(112.89, 35.47) }]) }, { coordinates: "wgs84" }, second);
    const otherCommit = await call(second, "POST", `/api/imports/${other.id}/commit`);
    expect(otherCommit.statusCode, otherCommit.body).toBe(200);
    const before = await fingerprint();
    const stale = await call(bureau, "POST", `/api/imports/${first.id}/commit`);
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ type: "/problems/import-outdated", detail: expect.stringMatching(/1 division has changed since the import was prepared.*140502002/) });
    expect(await fingerprint()).toEqual(before);
    const [row] = await app.db.sql<{ geomSource: string }[]>`select geom_source from divisions where code = '140502002'`;
    expect(row!.geomSource).toMatch(/^other\.geojson; imported/);
    const [audit] = await app.db.sql<{ actor: string }[]>`
      select actor from audit_log where table_name = 'divisions' and row_key = '140502002' order by id desc limit 1`;
    expect(audit!.actor).toBe("user:imports-second");
  });

  it("refuses an upload over the limit with 413, keeping nothing", async () => {
    const before = await fingerprint();
    const pending = await pendingCount();
    const response = await upload(bureau, form({ "large.geojson": Buffer.alloc(MAX_BYTES + 1, 32) }));
    expect(response.statusCode).toBe(413);
    expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ type: "/problems/payload-too-large", detail: expect.stringMatching(/larger than the import limit of 0\.4 MB \(IMPORT_MAX_BYTES\)/) });
    // Two files that are each under the limit but not together.
    const split = await upload(bureau, form({ "a.geojson": Buffer.alloc(MAX_BYTES / 2 + 10, 32), "b.geojson": Buffer.alloc(MAX_BYTES / 2 + 10, 32) }));
    expect(split.statusCode).toBe(413);
    expect(await fingerprint()).toEqual(before);
    expect(await pendingCount()).toBe(pending);
  });

  it.each<{ case: string; files: Record<string, string>; detail: RegExp }>([
    { case: "a broken file", files: { "broken.geojson": '{"type": "FeatureCollection", "features": [' }, detail: /broken\.geojson: invalid JSON at line 1/ },
    { case: "a file of 0 features", files: { "empty.geojson": '{"type": "FeatureCollection", "features": []}' }, detail: /empty\.geojson: the FeatureCollection has no features/ },
    { case: "an empty file", files: { "nothing.geojson": "" }, detail: /nothing\.geojson: the file is empty/ },
    { case: "an unsupported file type", files: { "notes.docx": "PK" }, detail: /notes\.docx: unsupported file type/ },
  ])("answers $case with a 422 problem that names it, keeping nothing", async ({ files, detail }) => {
    const before = await fingerprint();
    const pending = await pendingCount();
    const response = await upload(bureau, form(files));
    expect(response.statusCode, response.body).toBe(422);
    expect(response.json()).toMatchObject({ type: "/problems/import-rejected", status: 422, detail: expect.stringMatching(detail), problems: [expect.stringMatching(detail)] });
    expect(await fingerprint()).toEqual(before);
    expect(await pendingCount()).toBe(pending);
  });

  it("answers uploads that are not one with clear problems, and callers without the role with 401 or 403", async () => {
    const file = { "one.geojson": collection([{ properties: { code: "140502003" }, rings: square(112.82, 35.47) }]) };
    const pending = await pendingCount();
    const json = await upload(bureau, "{}", { "content-type": "application/json" });
    expect(json.statusCode).toBe(415);
    expect(json.json()).toMatchObject({ type: "/problems/unsupported-media-type" });
    const noFile = await upload(bureau, form({}, { repair: "true" }));
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json()).toMatchObject({ type: "/problems/bad-request", detail: expect.stringMatching(/holds no file/) });
    const badOption = await upload(bureau, form(file, { provenance: "guessed", repair: "maybe" }));
    expect(badOption.statusCode).toBe(400);
    expect(badOption.json()).toMatchObject({
      type: "/problems/validation-failed",
      errors: [
        { path: "body.provenance", message: "must be one of official, approximate, imported" },
        { path: "body.repair", message: "must be true or false" },
      ],
    });
    const unknownField = await upload(bureau, form(file, { dryRun: "true" }));
    expect(unknownField.statusCode).toBe(400);
    expect((await upload(leader, form(file))).statusCode).toBe(403);
    expect((await upload(undefined, form(file))).statusCode).toBe(401);
    expect(await pendingCount()).toBe(pending);
    const unknown = await call(bureau, "GET", "/api/imports/999999");
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ type: "/problems/not-found" });
    expect((await call(bureau, "POST", "/api/imports/999999/commit")).statusCode).toBe(404);
    expect((await call(bureau, "DELETE", "/api/imports/999999")).statusCode).toBe(404);
  });
});
