/**
 * Responsibility areas as the bureau writes them: compose from divisions, draw, change, lock, retire. Every write runs
 * in one transaction that names its actor for the audit log, holds the area-edit lock (so that two editors' areas are
 * judged one after the other, never both against the state before the other's), asks the judge
 * (api.judge_area, sql/functions/api/area_verdict.sql) about the state it is about to write, and applies only to the
 * version it was based on.
 */
import type postgres from "postgres";
import { transaction, type Sql, type Tx } from "../db/database.ts";
import type { Area, AreaList, AreaVerdict, CreateAreaBody, DrawnGeometry, SiteGeometry, UpdateAreaBody } from "../contracts/areas.ts";

/** Serialises the bureau's area and project-site writes (pg_advisory_xact_lock key). */
const AREA_EDIT_LOCK = 7_241_905_201;

/** Why an area write did not happen. */
export type AreaRefusal =
  | { ok: false; reason: "rejected"; verdict: AreaVerdict }
  | { ok: false; reason: "not-found" | "stale" | "code-taken" }
  | { ok: false; reason: "locked" }
  | { ok: false; reason: "retired"; retiredOn: string }
  | { ok: false; reason: "posts-start-later"; appointmentIds: number[] };

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
    const later = await tx<{ id: number }[]>`
      select id from appointments where area_id = ${areaId} and status = 'active' and valid_from >= ${retirement.on}::date order by id`;
    if (later.length > 0) return { ok: false, reason: "posts-start-later", appointmentIds: later.map((row) => row.id) } as const;
    const ended = await tx<{ id: number }[]>`
      update appointments set valid_to = ${retirement.on}::date, status = 'ended', end_reason = ${retirement.reason}
      where area_id = ${areaId} and status = 'active' and (valid_to is null or valid_to > ${retirement.on}::date)
      returning id`;
    await tx`update areas set retired_on = ${retirement.on}::date, retire_reason = ${retirement.reason} where id = ${areaId}`;
    return { ok: true, area: (await readArea(tx, areaId))!, endedAppointmentIds: ended.map((row) => row.id).sort((a, b) => a - b) } as const;
  });
}
