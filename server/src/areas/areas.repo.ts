/**
 * Responsibility areas as the bureau writes them: compose from divisions, draw, change, lock, retire. Every write runs
 * in one transaction that names its actor for the audit log, holds the area-edit lock (so that two editors' areas are
 * judged one after the other, never both against the state before the other's), asks the judge
 * (api.judge_area, sql/functions/api/area_verdict.sql) about the state it is about to write, and applies only to the
 * version it was based on.
 */
import type postgres from "postgres";
import { transaction, type Sql, type Tx } from "../db/database.ts";
import type { Area, AreaList, AreaVerdict, CreateAreaBody, DrawnGeometry, MergeAreaBody, SiteGeometry, SplitAreaBody, UpdateAreaBody } from "../contracts/areas.ts";

/** Serialises the bureau's area and project-site writes (pg_advisory_xact_lock key). */
const AREA_EDIT_LOCK = 7_241_905_201;

/** Why an area write did not happen. */
export type AreaRefusal =
  | { ok: false; reason: "rejected"; verdict: AreaVerdict }
  | { ok: false; reason: "not-found" | "stale" | "code-taken" }
  | { ok: false; reason: "locked" }
  | { ok: false; reason: "retired"; retiredOn: string }
  | { ok: false; reason: "posts-start-later"; appointmentIds: number[] }
  | { ok: false; reason: "not-members"; codes: string[] }
  | { ok: false; reason: "nothing-kept" | "not-drawn" | "kinds-differ" | "same-area" }
  | { ok: false; reason: "not-cut-in-two"; pieces: number };

type Written<T> = { ok: true } & T;

/** The area with every field; undefined when there is no such area. */
export async function readArea(sql: Sql, areaId: number): Promise<Area | undefined> {
  const [row] = await sql<Area[]>`select * from api.area_records where id = ${areaId}`;
  return row;
}

/**
 * Every area without its geometry, in code order: without a date, all of them (retired too) with today's holders;
 * with one, the areas in force on it with its holders. Empty when there are no areas.
 */
export async function listAreas(sql: Sql, date?: string): Promise<AreaList["areas"]> {
  return sql<AreaList["areas"]>`select * from api.area_list(${date ?? null}::date)`;
}

/** A geometry parameter: the GeoJSON text, or null. */
const geoJson = (geometry: DrawnGeometry | SiteGeometry | null | undefined) => (geometry ? JSON.stringify(geometry) : null);

/** Starts an edit: the actor for the audit log, and the area-edit lock until the transaction ends. */
export async function beginEdit(tx: Tx, actor: string): Promise<void> {
  await tx`select set_config('app.actor', ${actor}, true)`;
  await tx`select pg_advisory_xact_lock(${AREA_EDIT_LOCK})`;
}

/**
 * The judge's verdict on an area of `kind` made of `geometry` (a fragment giving a geometry, or GeoJSON, or null for
 * the members' union) and `members` (a fragment giving a text[], or codes), replacing `exceptArea`.
 */
export async function judge(
  sql: Sql,
  kind: string,
  geometry: DrawnGeometry | SiteGeometry | null | postgres.PendingQuery<postgres.Row[]>,
  members: string[] | postgres.PendingQuery<postgres.Row[]>,
  exceptArea: number | null,
): Promise<AreaVerdict> {
  const drawn = geometry === null || "type" in geometry ? sql`ST_SetSRID(ST_GeomFromGeoJSON(${geoJson(geometry as DrawnGeometry | null)}::text), 4326)` : geometry;
  const codes = Array.isArray(members) ? sql`${members}::text[]` : members;
  const [row] = await sql<{ verdict: AreaVerdict }[]>`select api.judge_area(${kind}, ${drawn}, ${codes}, ${exceptArea}::bigint) as verdict`;
  return row!.verdict;
}

/** The problems that stop a save: all of them, but an invalid geometry when its repair is accepted. */
export function blockingProblems(verdict: AreaVerdict, repair: boolean): AreaVerdict["problems"] {
  return verdict.problems.filter((problem) => !(repair && problem === "invalid-geometry"));
}

/** The stored form of a drawn geometry: repaired when asked (the judge's proposal), then a MultiPolygon. */
function storedGeometry(tx: Tx, geometry: DrawnGeometry | null, repair: boolean) {
  return tx`(select case when ${repair} and not ST_IsValid(g) then api.repaired(g) else ST_Multi(g) end
    from (select ST_SetSRID(ST_GeomFromGeoJSON(${geoJson(geometry)}::text), 4326) as g) as drawn)`;
}

/** Makes the area's members exactly `members`, touching only the rows that change (each one is audited). */
async function setMembers(tx: Tx, areaId: number, members: string[]): Promise<void> {
  await tx`delete from area_divisions where area_id = ${areaId} and division_code <> all(${members}::text[])`;
  await tx`
    insert into area_divisions (area_id, division_code)
    select ${areaId}, code from unnest(${members}::text[]) as m (code)
    on conflict do nothing`;
}

/** Creates an area; refused when the judge finds a problem (the verdict says which) or the code is taken. */
export async function createArea(sql: Sql, body: CreateAreaBody, actor: string): Promise<Written<{ area: Area }> | AreaRefusal> {
  const members = body.members ?? [];
  const geometry = body.geometry ?? null;
  const repair = body.repair ?? false;
  try {
    return await transaction(sql, async (tx) => {
      await beginEdit(tx, actor);
      const verdict = await judge(tx, body.kind, geometry, members, null);
      if (blockingProblems(verdict, repair).length > 0) return { ok: false, reason: "rejected", verdict } as const;
      const [row] = await tx<{ id: number }[]>`
        insert into areas (code, name, name_en, kind, geom, provenance, geom_source, description)
        values (${body.code}, ${body.name}, ${body.nameEn ?? null}, ${body.kind}, ${storedGeometry(tx, geometry, repair)},
          ${geometry ? (body.provenance ?? "approximate") : null}, ${geometry ? (body.geomSource ?? `drawn by ${actor}`) : null},
          ${body.description ?? null})
        returning id`;
      await setMembers(tx, row!.id, members);
      return { ok: true, area: (await readArea(tx, row!.id))! } as const;
    });
  } catch (error) {
    if ((error as { code?: string; constraint_name?: string }).constraint_name === "areas_code_key") return { ok: false, reason: "code-taken" };
    throw error;
  }
}

interface CurrentArea {
  id: number;
  kind: string;
  version: number;
  locked: boolean;
  retiredOn: string | null;
}

/** The area locked for the rest of the transaction, or why it may not be changed from `version`. */
async function changeableArea(tx: Tx, areaId: number, version: number, unlocking: boolean): Promise<CurrentArea | AreaRefusal> {
  const [current] = await tx<CurrentArea[]>`
    select id, kind, version, locked, retired_on::text as retired_on from areas where id = ${areaId} for update`;
  if (!current) return { ok: false, reason: "not-found" };
  if (current.version !== version) return { ok: false, reason: "stale" };
  if (current.retiredOn !== null) return { ok: false, reason: "retired", retiredOn: current.retiredOn };
  if (current.locked && !unlocking) return { ok: false, reason: "locked" };
  return current;
}

const isRefusal = (value: CurrentArea | AreaRefusal): value is AreaRefusal => "ok" in value;

/** Changes an area still at `version`; a locked area takes only { locked: false }; a new shape is judged first. */
export async function updateArea(sql: Sql, areaId: number, version: number, body: UpdateAreaBody, actor: string): Promise<Written<{ area: Area }> | AreaRefusal> {
  const unlocking = body.locked === false && Object.keys(body).length === 1;
  return transaction(sql, async (tx) => {
    await beginEdit(tx, actor);
    const current = await changeableArea(tx, areaId, version, unlocking);
    if (isRefusal(current)) return current;
    const repair = body.repair ?? false;
    if (body.members !== undefined || body.geometry !== undefined) {
      const verdict = await judge(
        tx,
        current.kind,
        body.geometry === undefined ? tx`(select geom from areas where id = ${areaId})` : body.geometry,
        body.members ?? tx`array(select division_code from area_divisions where area_id = ${areaId})`,
        areaId,
      );
      if (blockingProblems(verdict, repair).length > 0) return { ok: false, reason: "rejected", verdict } as const;
    }
    const newGeometry = body.geometry !== undefined;
    const drawn = body.geometry ?? null;
    // Every change updates the row, so that the version covers the members too.
    await tx`
      update areas set
        name = coalesce(${body.name ?? null}, name),
        name_en = case when ${body.nameEn !== undefined} then ${body.nameEn ?? null} else name_en end,
        description = case when ${body.description !== undefined} then ${body.description ?? null} else description end,
        locked = coalesce(${body.locked ?? null}, locked),
        geom = case when ${newGeometry} then ${storedGeometry(tx, drawn, repair)} else geom end,
        provenance = case when ${newGeometry} then ${drawn ? (body.provenance ?? "approximate") : null}
          when ${body.provenance !== undefined} and geom is not null then ${body.provenance ?? null} else provenance end,
        geom_source = case when ${newGeometry} then ${drawn ? (body.geomSource ?? `drawn by ${actor}`) : null}
          when ${body.geomSource !== undefined} and geom is not null then ${body.geomSource ?? null} else geom_source end
      where id = ${areaId}`;
    if (body.members !== undefined) await setMembers(tx, areaId, body.members);
    return { ok: true, area: (await readArea(tx, areaId))! } as const;
  });
}

/**
 * Retires an area still at `version` from `on`: its posts held past that day end on it with `reason`, in the same
 * transaction. Refused while a post of it starts on or after that day (those appointments are named).
 */
export async function retireArea(
  sql: Sql,
  areaId: number,
  version: number,
  retirement: { on: string; reason: string },
  actor: string,
): Promise<Written<{ area: Area; endedAppointmentIds: number[] }> | AreaRefusal> {
  return transaction(sql, async (tx) => {
    await beginEdit(tx, actor);
    const current = await changeableArea(tx, areaId, version, false);
    if (isRefusal(current)) return current;
    const ended = await retireChecked(tx, areaId, retirement.on, retirement.reason);
    if (!Array.isArray(ended)) return ended;
    return { ok: true, area: (await readArea(tx, areaId))!, endedAppointmentIds: ended } as const;
  });
}

/**
 * Retires a checked area from `on` (YYYY-MM-DD) with `reason`, ending its posts held past that day: the ids of
 * the posts ended, in order, or the refusal while a post starts on or after that day.
 */
async function retireChecked(tx: Tx, areaId: number, on: string, reason: string): Promise<number[] | AreaRefusal> {
  const later = await tx<{ id: number }[]>`
    select id from appointments where area_id = ${areaId} and status = 'active' and valid_from >= ${on}::date order by id`;
  if (later.length > 0) return { ok: false, reason: "posts-start-later", appointmentIds: later.map((row) => row.id) };
  const ended = await tx<{ id: number }[]>`
    update appointments set valid_to = ${on}::date, status = 'ended', end_reason = ${reason}
    where area_id = ${areaId} and status = 'active' and (valid_to is null or valid_to > ${on}::date)
    returning id`;
  await tx`update areas set retired_on = ${on}::date, retire_reason = ${reason} where id = ${areaId}`;
  return ended.map((row) => row.id).sort((a, b) => a - b);
}

/** Thrown inside a split or merge transaction to roll back what it wrote before the refusal. */
class RefusedInside extends Error {
  constructor(readonly refusal: AreaRefusal & { areaId?: number }) {
    super(refusal.reason);
  }
}

/** Runs a split or merge in one transaction; a RefusedInside thrown by it rolls everything back and becomes its answer. */
async function refusable<T>(sql: Sql, fn: (tx: Tx) => Promise<T>): Promise<T | (AreaRefusal & { areaId?: number })> {
  try {
    return await transaction(sql, fn);
  } catch (error) {
    if (error instanceof RefusedInside) return error.refusal;
    if ((error as { constraint_name?: string }).constraint_name === "areas_code_key") return { ok: false, reason: "code-taken" };
    throw error;
  }
}

/** Refuses (rolling back) when the judge finds a blocking problem. */
async function judged(tx: Tx, kind: string, geometry: postgres.PendingQuery<postgres.Row[]>, members: string[], exceptArea: number | null): Promise<void> {
  const verdict = await judge(tx, kind, geometry, members, exceptArea);
  if (blockingProblems(verdict, false).length > 0) throw new RefusedInside({ ok: false, reason: "rejected", verdict });
}

/** The two parts of a drawn geometry cut by `line`: [left of the line as drawn, right], or how many parts there were. */
async function cutInTwo(tx: Tx, areaId: number, line: NonNullable<SplitAreaBody["line"]>): Promise<{ left: Buffer; right: Buffer } | { pieces: number }> {
  // A piece is on the left when more of it lies in a thin strip left of the line than in the strip right of it.
  const pieces = await tx<{ piece: Buffer; leftness: number }[]>`
    with cut as (
      select (ST_Dump(ST_Split(a.geom, l.line))).geom as piece, l.line, sqrt(ST_Area(a.geom)) / 100 as width
      from areas a, (select ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(line)}::text), 4326) as line) l
      where a.id = ${areaId})
    select ST_AsEWKB(ST_Multi(piece)) as piece,
      ST_Area(ST_Intersection(piece, ST_Buffer(line, width, 'side=left'))) - ST_Area(ST_Intersection(piece, ST_Buffer(line, width, 'side=right'))) as leftness
    from cut order by leftness desc`;
  if (pieces.length !== 2 || !(pieces[0]!.leftness > 0 && pieces[1]!.leftness < 0)) return { pieces: pieces.length };
  return { left: pieces[0]!.piece, right: pieces[1]!.piece };
}

/**
 * Splits an area still at `version` in one transaction: a new area of its kind takes `members` (which leave it) or the
 * part of its drawn geometry left of `line`; both results are judged. The area keeps its other members, its posts
 * and, when split by members, its own geometry.
 */
export async function splitArea(
  sql: Sql,
  areaId: number,
  version: number,
  body: SplitAreaBody,
  actor: string,
): Promise<Written<{ kept: Area; created: Area }> | AreaRefusal> {
  return refusable(sql, async (tx) => {
    await beginEdit(tx, actor);
    const current = await changeableArea(tx, areaId, version, false);
    if (isRefusal(current)) return current;
    const area = (await readArea(tx, areaId))!;
    let keptMembers = area.members;
    let createdMembers: string[] = [];
    // Functions: a fragment goes into one query only.
    let keptGeometry = () => tx`(select geom from areas where id = ${areaId})`;
    let createdGeometry = () => tx`null::geometry`;
    if (body.line) {
      if (area.geometry === null) return { ok: false, reason: "not-drawn" } as const;
      const parts = await cutInTwo(tx, areaId, body.line);
      if ("pieces" in parts) return { ok: false, reason: "not-cut-in-two", pieces: parts.pieces } as const;
      keptGeometry = () => tx`ST_GeomFromEWKB(${parts.right}::bytea)`;
      createdGeometry = () => tx`ST_GeomFromEWKB(${parts.left}::bytea)`;
    } else {
      const moving = body.members!;
      const strangers = moving.filter((code) => !area.members.includes(code));
      if (strangers.length > 0) return { ok: false, reason: "not-members", codes: strangers } as const;
      keptMembers = area.members.filter((code) => !moving.includes(code));
      if (keptMembers.length === 0 && area.geometry === null) return { ok: false, reason: "nothing-kept" } as const;
      createdMembers = moving;
    }
    await judged(tx, current.kind, keptGeometry(), keptMembers, areaId);
    await tx`update areas set geom = ${keptGeometry()} where id = ${areaId}`;
    await setMembers(tx, areaId, keptMembers);
    await judged(tx, current.kind, createdGeometry(), createdMembers, null);
    const [row] = await tx<{ id: number }[]>`
      insert into areas (code, name, name_en, kind, geom, provenance, geom_source)
      select ${body.code}, ${body.name}, ${body.nameEn ?? null}, kind, g, case when g is null then null else provenance end,
        case when g is null then null else ${`split from ${area.code} by ${actor}`} end
      from areas, (select ${createdGeometry()} as g) as created where id = ${areaId}
      returning id`;
    await setMembers(tx, row!.id, createdMembers);
    return { ok: true, kept: (await readArea(tx, areaId))!, created: (await readArea(tx, row!.id))! } as const;
  });
}

/**
 * Merges the other area (at `otherVersion`) into this one (at `version`) in one transaction: its members join this
 * one; when either has its own drawn geometry, this one's becomes the union of both areas' geometries. The other is
 * retired today ("merged into <code>") and its posts end today, as retire does. Judged before it is written.
 */
export async function mergeAreas(
  sql: Sql,
  areaId: number,
  version: number,
  other: MergeAreaBody,
  actor: string,
): Promise<Written<{ area: Area }> | (AreaRefusal & { areaId?: number })> {
  if (other.otherAreaId === areaId) return { ok: false, reason: "same-area" };
  return refusable(sql, async (tx) => {
    await beginEdit(tx, actor);
    const current = await changeableArea(tx, areaId, version, false);
    if (isRefusal(current)) return current;
    const merging = await changeableArea(tx, other.otherAreaId, other.otherVersion, false);
    if (isRefusal(merging)) return { ...merging, areaId: other.otherAreaId };
    if (merging.kind !== current.kind) return { ok: false, reason: "kinds-differ" } as const;
    const [names] = await tx<{ code: string; today: string }[]>`select code, api.today()::text as today from areas where id = ${areaId}`;
    const retired = await retireChecked(tx, other.otherAreaId, names!.today, `merged into ${names!.code}`);
    if (!Array.isArray(retired)) return { ...retired, areaId: other.otherAreaId };
    const [joined] = await tx<{ members: string[] }[]>`
      select array(select distinct division_code from area_divisions where area_id in (${areaId}, ${other.otherAreaId}) order by 1) as members`;
    // Either drawn: the union of both effective geometries (drawn, or the members' union), snapped as the judge does.
    const geometry = () => tx`(select case when bool_or(a.geom is not null)
        then ST_Multi(ST_CollectionExtract(ST_UnaryUnion(ST_Collect(coalesce(a.geom, e.geom)), 1e-9), 3)) end
      from areas a left join area_effective_geometries e on e.area_id = a.id where a.id in (${areaId}, ${other.otherAreaId}))`;
    await judged(tx, current.kind, geometry(), joined!.members, areaId);
    await tx`
      update areas set geom = merged.g,
        provenance = case when merged.g is null then null else coalesce(provenance, merged.other_provenance, 'approximate') end,
        geom_source = case when merged.g is null then null else coalesce(geom_source, ${`merged with area ${other.otherAreaId} by ${actor}`}) end
      from (select ${geometry()} as g, (select provenance from areas where id = ${other.otherAreaId}) as other_provenance) as merged
      where id = ${areaId}`;
    await setMembers(tx, areaId, joined!.members);
    return { ok: true, area: (await readArea(tx, areaId))! } as const;
  });
}
