/**
 * Planners' work records through the whole app: a planner logs and edits their own (version, If-Match), only on a
 * post they held that day, and can neither edit nor read another's (403); the bureau and leaders read all, with
 * filters; every write is logged as the planner's user.
 */
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import type { Appointment } from "../../../server/src/contracts/appointments.ts";
import type { WorkRecord, WorkRecordList } from "../../../server/src/contracts/work-records.ts";
import { enabledBackends } from "../../helpers/backends.ts";
import { useWorkSession, type County, type TestPlanner } from "./work-session.ts";

describe.each(enabledBackends())("planners' work records on %s", (backend) => {
  const session = useWorkSession(backend, "records");
  const { send } = session;
  let areaCount = 0;

  /** A planner holding the unit post of an area of their own from 2025-01-01 to 2026-01-01. */
  async function plannerWithPost(name: string): Promise<{ planner: TestPlanner; areaId: number; appointment: Appointment }> {
    areaCount += 1;
    const planner = await session.newPlanner(name);
    const areaId = await session.newArea(`records-area-${areaCount}`);
    const appointment = await session.appoint({ plannerId: planner.id, areaId, role: "unit", validFrom: "2025-01-01", validTo: "2026-01-01" });
    return { planner, areaId, appointment };
  }

  let counties: County[];
  const place = () => counties[0]!.point;

  async function logRecord(planner: TestPlanner, body: object): Promise<WorkRecord> {
    const response = await send(planner.cookie, "POST", "/api/work-records", body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  }

  it("logs a planner's site visit on their area, with its place, county and version", async () => {
    counties = await session.counties();
    expect(counties.length).toBeGreaterThan(1);
    const { planner, areaId } = await plannerWithPost("工作记录测试规划师甲");
    const response = await send(planner.cookie, "POST", "/api/work-records", {
      kind: "site_visit",
      occurredOn: "2025-03-05",
      ...place(),
      areaId,
      text: "  走访老旧小区，记录停车需求。 ",
    });
    expect(response.statusCode, response.body).toBe(201);
    const record: WorkRecord = response.json();
    expect(record).toMatchObject({
      plannerId: planner.id,
      plannerName: "工作记录测试规划师甲",
      areaId,
      projectId: null,
      kind: "site_visit",
      occurredOn: "2025-03-05",
      countyCode: counties[0]!.code,
      text: "走访老旧小区，记录停车需求。",
      version: 1,
    });
    expect(record.lon).toBeCloseTo(place().lon, 9);
    expect(response.headers.etag).toBe('"1"');
    expect(response.headers.location).toBe(`/api/work-records/${record.id}`);
    const read = await send(planner.cookie, "GET", `/api/work-records/${record.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(record);
  });

  it("takes a project the planner is appointed to, and refuses a post not held that day, an unknown area and none at all", async () => {
    const { planner, areaId } = await plannerWithPost("工作记录测试规划师乙");
    const [projectArea] = await session.app.db.sql<{ id: number }[]>`
      insert into areas (code, name, kind) values ('records-project-area', '测试项目', 'project') returning id`;
    const [inserted] = await session.app.db.sql<{ id: number }[]>`
      insert into projects (name, project_type, site, area_id)
      values ('测试项目', '公共空间', ST_SetSRID(ST_MakePoint(${place().lon}::float8, ${place().lat}::float8), 4326), ${projectArea!.id})
      returning id`;
    await session.appoint({ plannerId: planner.id, areaId: projectArea!.id, role: "project", validFrom: "2025-06-01" });
    const body = { kind: "project_implementation", occurredOn: "2025-06-10", ...place(), text: "现场核对施工方案。" };
    expect(await logRecord(planner, { ...body, projectId: inserted!.id })).toMatchObject({ projectId: inserted!.id, areaId: null });
    expect(await logRecord(planner, { ...body, projectId: inserted!.id, areaId })).toMatchObject({ projectId: inserted!.id, areaId });

    const beforeProject = await send(planner.cookie, "POST", "/api/work-records", { ...body, occurredOn: "2025-05-31", projectId: inserted!.id });
    expect(beforeProject.statusCode).toBe(422);
    expect(beforeProject.json()).toMatchObject({ type: "/problems/constraint-violated", errors: [{ path: "body.projectId" }] });
    const afterPost = await send(planner.cookie, "POST", "/api/work-records", { ...body, occurredOn: "2026-01-01", areaId });
    expect(afterPost.statusCode).toBe(422);
    expect(afterPost.json().detail).toContain("2026-01-01");
    const unknown = await send(planner.cookie, "POST", "/api/work-records", { ...body, areaId: 2 ** 31 - 1 });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ type: "/problems/reference-not-found", errors: [{ path: "body.areaId" }] });
    const none = await send(planner.cookie, "POST", "/api/work-records", body);
    expect(none.statusCode).toBe(422);
    const badKind = await send(planner.cookie, "POST", "/api/work-records", { ...body, areaId, kind: "review" });
    expect(badKind.statusCode).toBe(400);
  });

  it("lets a planner edit their own record with If-Match (428 without, 412 when stale), logged as their user", async () => {
    const { planner, areaId } = await plannerWithPost("工作记录测试规划师丙");
    const record = await logRecord(planner, { kind: "training", occurredOn: "2025-04-01", ...place(), areaId, text: "培训。" });
    const path = `/api/work-records/${record.id}`;
    expect((await send(planner.cookie, "PATCH", path, { text: "岗前培训。" })).statusCode).toBe(428);
    const changed = await send(planner.cookie, "PATCH", path, { text: "岗前培训。", kind: "publicity" }, { "if-match": '"1"' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.headers.etag).toBe('"2"');
    expect(changed.json()).toMatchObject({ text: "岗前培训。", kind: "publicity", occurredOn: "2025-04-01", version: 2 });
    const stale = await send(planner.cookie, "PATCH", path, { text: "旧版本的修改" }, { "if-match": '"1"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ type: "/problems/precondition-failed", current: { id: record.id, version: 2 } });
    const moved = await send(planner.cookie, "PATCH", path, { occurredOn: "2024-12-31" }, { "if-match": '"2"' });
    expect(moved.statusCode).toBe(422);
    const onlyLon = await send(planner.cookie, "PATCH", path, { lon: 112.9 }, { "if-match": '"2"' });
    expect(onlyLon.statusCode).toBe(400);

    const [logged] = await session.app.db.sql<{ actor: string; action: string }[]>`
      select actor, action from audit_log where table_name = 'work_records' and row_key = ${String(record.id)} order by id desc limit 1`;
    const [account] = await session.app.db.sql<{ name: string }[]>`select name from users where planner_id = ${planner.id}`;
    expect(logged).toEqual({ actor: `user:${account!.name}`, action: "update" });
  });

  it("refuses a planner another planner's record (403 to edit and to read), and the bureau's edits", async () => {
    const owner = await plannerWithPost("工作记录测试规划师丁");
    const other = await plannerWithPost("工作记录测试规划师戊");
    const record = await logRecord(owner.planner, { kind: "problem_sorting", occurredOn: "2025-05-01", ...place(), areaId: owner.areaId, text: "梳理问题清单。" });
    const path = `/api/work-records/${record.id}`;
    const edit = await send(other.planner.cookie, "PATCH", path, { text: "别人的记录" }, { "if-match": '"1"' });
    expect(edit.statusCode).toBe(403);
    expect(edit.json()).toMatchObject({ type: "/problems/forbidden" });
    expect((await send(other.planner.cookie, "GET", path)).statusCode).toBe(403);
    expect((await send("bureau", "PATCH", path, { text: "规划局的修改" }, { "if-match": '"1"' })).statusCode).toBe(403);
    expect((await send("leader", "POST", "/api/work-records", { kind: "site_visit", occurredOn: "2025-05-01", ...place(), areaId: owner.areaId, text: "x" })).statusCode).toBe(403);
    expect((await send(undefined, "GET", path)).statusCode).toBe(401);
    const unchanged = await send("leader", "GET", path);
    expect(unchanged.json()).toMatchObject({ text: "梳理问题清单。", version: 1 });
  });

  it("lists a planner's own records only, and every record for the bureau and leaders, with filters", async () => {
    const first = await plannerWithPost("工作记录测试规划师己");
    const second = await plannerWithPost("工作记录测试规划师庚");
    const elsewhere = counties.at(-1)!;
    const mine = [
      await logRecord(first.planner, { kind: "site_visit", occurredOn: "2025-02-01", ...place(), areaId: first.areaId, text: "一" }),
      await logRecord(first.planner, { kind: "publicity", occurredOn: "2025-08-01", ...elsewhere.point, areaId: first.areaId, text: "二" }),
    ];
    const theirs = await logRecord(second.planner, { kind: "site_visit", occurredOn: "2025-03-01", ...place(), areaId: second.areaId, text: "三" });

    const own = await send(first.planner.cookie, "GET", "/api/work-records");
    expect(own.statusCode, own.body).toBe(200);
    expect((own.json() as WorkRecordList).workRecords.map((record) => record.id)).toEqual([mine[1]!.id, mine[0]!.id]);
    expect((await send(first.planner.cookie, "GET", `/api/work-records?planner=${second.planner.id}`)).statusCode).toBe(403);

    const ids = async (query: string) => {
      const response = await send("leader", "GET", `/api/work-records?${query}`);
      expect(response.statusCode, response.body).toBe(200);
      return (response.json() as WorkRecordList).workRecords.map((record) => record.id);
    };
    expect(await ids(`planner=${second.planner.id}`)).toEqual([theirs.id]);
    expect(await ids(`area=${first.areaId}&kind=site_visit`)).toEqual([mine[0]!.id]);
    expect(await ids(`planner=${first.planner.id}&county=${elsewhere.code}`)).toEqual([mine[1]!.id]);
    expect(await ids(`planner=${first.planner.id}&from=2025-02-02&to=2025-12-31`)).toEqual([mine[1]!.id]);
    expect(await ids(`planner=${first.planner.id}&limit=1`)).toEqual([mine[1]!.id]);
    expect((await send("bureau", "GET", "/api/work-records?limit=1000")).json().workRecords.length).toBeGreaterThanOrEqual(3);
    expect((await send("bureau", "GET", "/api/work-records?from=2025-13-01")).statusCode).toBe(400);
  });

  /** A multipart/form-data body of file parts named photo, and its Content-Type. */
  function photoForm(files: { name: string; bytes: Buffer; type: string }[]): { payload: Buffer; headers: Record<string, string> } {
    const boundary = "----work-record-photos-test";
    const parts = files.map((file) =>
      Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`),
        file.bytes,
        Buffer.from("\r\n"),
      ]),
    );
    return { payload: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]), headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
  }

  it("adds photos to a planner's own record through the photo module, re-encoded, readable by the bureau", async () => {
    const { planner, areaId } = await plannerWithPost("工作记录测试规划师辛");
    const other = await plannerWithPost("工作记录测试规划师壬");
    const record = await logRecord(planner, { kind: "site_visit", occurredOn: "2025-07-01", ...place(), areaId, text: "现场照片。" });
    expect(record.photos).toEqual([]);
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#3366cc" } }).png().toBuffer();
    const path = `/api/work-records/${record.id}/photos`;
    const upload = (caller: TestPlanner, files: { name: string; bytes: Buffer; type: string }[]) => {
      const form = photoForm(files);
      return session.app.inject({ method: "POST", url: path, headers: { origin: "http://localhost", ...caller.cookie, ...form.headers }, payload: form.payload });
    };

    expect((await upload(other.planner, [{ name: "a.png", bytes: png, type: "image/png" }])).statusCode).toBe(403);
    const notImage = await upload(planner, [{ name: "a.png", bytes: Buffer.from("not an image"), type: "image/png" }]);
    expect(notImage.statusCode).toBe(422);
    expect(notImage.json()).toMatchObject({ type: "/problems/photo-rejected" });
    expect((await send(planner.cookie, "POST", path, { photos: [] })).statusCode).toBe(415);

    const added = await upload(planner, [{ name: "site.png", bytes: png, type: "image/png" }]);
    expect(added.statusCode, added.body).toBe(201);
    expect(added.headers.etag).toBe('"2"');
    const withPhoto: WorkRecord = added.json();
    expect(withPhoto.photos).toEqual([{ id: expect.any(Number), mediaType: "image/jpeg", width: 64, height: 48 }]);
    const photo = await send("bureau", "GET", `/api/photos/${withPhoto.photos[0]!.id}`);
    expect(photo.statusCode).toBe(200);
    expect(photo.headers["content-type"]).toBe("image/jpeg");
    expect((await sharp(photo.rawPayload).metadata()).format).toBe("jpeg");
  });
});
