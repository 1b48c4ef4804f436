/**
 * Planning projects as the bureau writes them. A project and its own area (kind project, code project-<area id>,
 * the site as its geometry when the site is polygons) are written together, under the area-edit lock, after the judge
 * (api.judge_area) has found the site valid and inside the city; projects may overlap anything.
 */
import { transaction, type Sql } from "../db/database.ts";
import type { AreaVerdict } from "../contracts/areas.ts";
import type { CreateProjectBody, Project, UpdateProjectBody } from "../contracts/projects.ts";
import { beginEdit, blockingProblems, judge } from "../areas/areas.repo.ts";

export type ProjectRefusal = { ok: false; reason: "rejected"; verdict: AreaVerdict } | { ok: false; reason: "not-found" | "stale" };

/** The project with every field; undefined when there is no such project. */
export async function readProject(sql: Sql, projectId: number): Promise<Project | undefined> {
  const [row] = await sql<Project[]>`select * from api.project_records where id = ${projectId}`;
  return row;
}

/** The stored site: the GeoJSON, repaired when asked and invalid (the judge's proposal). */
function storedSite(sql: Sql, site: CreateProjectBody["site"], repair: boolean) {
  return sql`(select case when ${repair} and not ST_IsValid(g) then api.repaired(g) else g end
    from (select ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(site)}::text), 4326) as g) as drawn)`;
}

/** Makes the project's area follow the project: its name, and the site as its geometry when the site is polygons. */
async function followProject(sql: Sql, projectId: number): Promise<void> {
  await sql`
    update areas set
      name = p.name,
      geom = case when GeometryType(p.site) in ('POLYGON', 'MULTIPOLYGON') then ST_Multi(p.site) end,
      provenance = case when GeometryType(p.site) in ('POLYGON', 'MULTIPOLYGON') then coalesce(areas.provenance, 'approximate') end,
      geom_source = case when GeometryType(p.site) in ('POLYGON', 'MULTIPOLYGON') then coalesce(areas.geom_source, 'project site') end
    from projects as p
    where p.id = ${projectId} and areas.id = p.area_id`;
}

/** Creates a project with its own area; refused when the judge finds a problem with the site. */
export async function createProject(sql: Sql, body: CreateProjectBody, actor: string): Promise<{ ok: true; project: Project } | ProjectRefusal> {
  const repair = body.repair ?? false;
  return transaction(sql, async (tx) => {
    await beginEdit(tx, actor);
    const verdict = await judge(tx, "project", body.site, [], null);
    if (blockingProblems(verdict, repair).length > 0) return { ok: false, reason: "rejected", verdict } as const;
    const [area] = await tx<{ id: number }[]>`select nextval(pg_get_serial_sequence('areas', 'id')) as id`;
    await tx`
      insert into areas (id, code, name, kind) overriding system value
      values (${area!.id}, ${`project-${area!.id}`}, ${body.name}, 'project')`;
    const [row] = await tx<{ id: number }[]>`
      insert into projects (name, project_type, stage, site, area_id, started_on, description)
      values (${body.name}, ${body.projectType}, ${body.stage ?? "planning"}, ${storedSite(tx, body.site, repair)}, ${area!.id},
        ${body.startedOn ?? null}::date, ${body.description ?? null})
      returning id`;
    await followProject(tx, row!.id);
    return { ok: true, project: (await readProject(tx, row!.id))! } as const;
  });
}

/** Changes a project still at `version`; a new site is judged first and becomes its area's geometry. */
export async function updateProject(
  sql: Sql,
  projectId: number,
  version: number,
  body: UpdateProjectBody,
  actor: string,
): Promise<{ ok: true; project: Project } | ProjectRefusal> {
  const repair = body.repair ?? false;
  return transaction(sql, async (tx) => {
    await beginEdit(tx, actor);
    const [current] = await tx<{ version: number; areaId: number | null }[]>`select version, area_id from projects where id = ${projectId} for update`;
    if (!current) return { ok: false, reason: "not-found" } as const;
    if (current.version !== version) return { ok: false, reason: "stale" } as const;
    if (body.site) {
      const verdict = await judge(tx, "project", body.site, [], current.areaId);
      if (blockingProblems(verdict, repair).length > 0) return { ok: false, reason: "rejected", verdict } as const;
    }
    await tx`
      update projects set
        name = coalesce(${body.name ?? null}, name),
        project_type = coalesce(${body.projectType ?? null}, project_type),
        stage = coalesce(${body.stage ?? null}, stage),
        site = case when ${body.site !== undefined} then ${body.site ? storedSite(tx, body.site, repair) : tx`site`} else site end,
        started_on = case when ${body.startedOn !== undefined} then ${body.startedOn ?? null}::date else started_on end,
        description = case when ${body.description !== undefined} then ${body.description ?? null} else description end
      where id = ${projectId}`;
    await followProject(tx, projectId);
    return { ok: true, project: (await readProject(tx, projectId))! } as const;
  });
}
