/**
 * Planner records as the bureau edits them. Every write runs in one transaction that names its actor for the audit
 * log (migration 0002); a change applies only to the version it was based on (migration 0013 raises it).
 */
import { transaction, type Sql } from "../db/database.ts";
import type { CreatePlannerBody, Planner, PlannerList } from "../contracts/planners.ts";

/** The planner's editable fields, whole: what an insert or an update writes. */
export type PlannerProfile = Omit<Planner, "id" | "publicContact" | "isDemo" | "version" | "updatedAt">;

/** The defaults of a new planner for the fields a create body leaves out. */
export function newPlannerProfile(body: CreatePlannerBody): PlannerProfile {
  return {
    nameEn: null,
    isTeam: false,
    organisation: null,
    professionalTitle: null,
    registeredPlanner: false,
    education: null,
    specialities: [],
    photoUrl: null,
    contacts: {},
    publishConsent: [],
    officeHours: null,
    ...body,
  };
}

/** Every planner in name order, for pickers. */
export async function listPlanners(sql: Sql): Promise<PlannerList["planners"]> {
  return sql<PlannerList["planners"]>`select id, name, name_en, is_team, organisation, is_demo, version from planners order by name, id`;
}

/** The planner with every field; undefined when there is no such planner. */
export async function readPlanner(sql: Sql, plannerId: number): Promise<Planner | undefined> {
  const [row] = await sql<Planner[]>`select * from api.planner_records where id = ${plannerId}`;
  return row;
}

/** Inserts a planner; `actor` is recorded in the audit log (e.g. "user:张三"). */
export async function createPlanner(sql: Sql, profile: PlannerProfile, actor: string): Promise<Planner> {
  return transaction(sql, async (tx) => {
    await tx`select set_config('app.actor', ${actor}, true)`;
    const [row] = await tx<{ id: number }[]>`
      insert into planners (name, name_en, is_team, organisation, professional_title, registered_planner, education,
        specialities, photo_url, contacts, publish_consent, office_hours)
      values (${profile.name}, ${profile.nameEn}, ${profile.isTeam}, ${profile.organisation}, ${profile.professionalTitle},
        ${profile.registeredPlanner}, ${profile.education}, ${profile.specialities}::text[], ${profile.photoUrl},
        ${tx.json(profile.contacts)}, ${profile.publishConsent}::text[], ${profile.officeHours})
      returning id`;
    return (await readPlanner(tx, row!.id))!;
  });
}

/**
 * Writes `profile` over the planner if it is still at `version`. Undefined when it is not (changed meanwhile, or
 * gone): the caller reads it again to tell which.
 */
export async function updatePlanner(sql: Sql, plannerId: number, version: number, profile: PlannerProfile, actor: string): Promise<Planner | undefined> {
  return transaction(sql, async (tx) => {
    await tx`select set_config('app.actor', ${actor}, true)`;
    const [row] = await tx<{ id: number }[]>`
      update planners set name = ${profile.name}, name_en = ${profile.nameEn}, is_team = ${profile.isTeam},
        organisation = ${profile.organisation}, professional_title = ${profile.professionalTitle},
        registered_planner = ${profile.registeredPlanner}, education = ${profile.education},
        specialities = ${profile.specialities}::text[], photo_url = ${profile.photoUrl}, contacts = ${tx.json(profile.contacts)},
        publish_consent = ${profile.publishConsent}::text[], office_hours = ${profile.officeHours}
      where id = ${plannerId} and version = ${version}
      returning id`;
    return row && readPlanner(tx, row.id);
  });
}
