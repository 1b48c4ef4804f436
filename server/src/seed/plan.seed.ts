/**
 * The central urban area (中心城区) and the three belts (三带) from the project's own data file
 * data/jincheng-plan.json (facts from public sources; see data/README.md). Belts are areas of kind `belt` that group
 * their member townships; their geometry stays null and is derived from the members by api.area_geometries.
 */
import fs from "node:fs";
import type { Tx } from "../db/database.ts";

const PLAN_DATA_URL = new URL("../../../data/jincheng-plan.json", import.meta.url);

interface WaypointBasis {
  waypoint: string;
  evidence: string;
  sources: string[];
  /** True when the township was inferred (e.g. from a name match) rather than stated by the source. */
  inference?: boolean;
}

interface BeltData {
  code: string;
  name: string;
  nameEn: string;
  description: string;
  /** Key into PlanData.sources of the document that names the belt. */
  source: string;
  notes: string[];
  members: { code: string; name: string; basis: WaypointBasis[] }[];
}

export interface PlanData {
  retrieved: string;
  caveat: string;
  sources: Record<string, string>;
  centralUrbanArea: {
    source: string;
    caveat: string;
    members: { code: string; name: string; planComponent: string; evidence: string }[];
  };
  belts: BeltData[];
}

/** The plan data file is malformed or names a township that does not exist. */
export class PlanDataError extends Error {
  constructor(detail: string) {
    super(`data/jincheng-plan.json is malformed: ${detail}`);
    this.name = "PlanDataError";
  }
}

/** Throws a PlanDataError naming the place in the file when `ok` is false. */
function check(ok: boolean, where: string, what: string): asserts ok {
  if (!ok) throw new PlanDataError(`${where}: ${what}`);
}

const isText = (value: unknown): value is string => typeof value === "string" && value.trim().length > 0;
const isTownshipCode = (value: unknown): value is string => typeof value === "string" && /^[0-9]{9}$/.test(value);

/** Checks the shape of the parsed file and returns it typed; throws PlanDataError at the first problem. */
export function validatePlanData(value: unknown): PlanData {
  const data = value as PlanData;
  check(typeof data === "object" && data !== null, "top level", "not an object");
  check(isText(data.retrieved) && isText(data.caveat), "top level", "needs retrieved and caveat text");
  check(typeof data.sources === "object" && data.sources !== null, "sources", "not an object");
  const central = data.centralUrbanArea;
  check(isText(central?.source) && isText(data.sources[central.source]), "centralUrbanArea.source", "must name an entry of sources");
  check(isText(central.caveat), "centralUrbanArea.caveat", "missing");
  check(Array.isArray(central.members) && central.members.length > 0, "centralUrbanArea.members", "not a non-empty array");
  central.members.forEach((member, index) => {
    const where = `centralUrbanArea.members[${index}]`;
    check(isTownshipCode(member.code), where, `code ${JSON.stringify(member.code)} is not a 9-digit township code`);
    check(isText(member.name) && isText(member.planComponent) && isText(member.evidence), where, "needs name, planComponent and evidence");
  });
  check(Array.isArray(data.belts) && data.belts.length > 0, "belts", "not a non-empty array");
  data.belts.forEach((belt, index) => {
    const where = `belts[${index}]`;
    check(typeof belt.code === "string" && /^belt-[a-z0-9-]+$/.test(belt.code), where, `code ${JSON.stringify(belt.code)} must look like belt-<name>`);
    check(isText(belt.name) && isText(belt.nameEn) && isText(belt.description), where, "needs name, nameEn and description");
    check(isText(belt.source) && isText(data.sources[belt.source]), `${where}.source`, "must name an entry of sources");
    check(Array.isArray(belt.notes) && belt.notes.every(isText), `${where}.notes`, "must be an array of text");
    check(Array.isArray(belt.members) && belt.members.length > 0, `${where}.members`, "not a non-empty array");
    belt.members.forEach((member, memberIndex) => {
      const at = `${where}.members[${memberIndex}]`;
      check(isTownshipCode(member.code), at, `code ${JSON.stringify(member.code)} is not a 9-digit township code`);
      check(Array.isArray(member.basis) && member.basis.length > 0, `${at}.basis`, "not a non-empty array");
      member.basis.forEach((basis, basisIndex) => {
        const on = `${at}.basis[${basisIndex}]`;
        check(isText(basis.waypoint) && isText(basis.evidence), on, "needs waypoint and evidence");
        check(Array.isArray(basis.sources) && basis.sources.length > 0 && basis.sources.every(isText), on, "needs at least one source");
      });
    });
    check(new Set(belt.members.map((m) => m.code)).size === belt.members.length, `${where}.members`, "a township is listed twice");
  });
  return data;
}

/** Reads and validates data/jincheng-plan.json. */
export function readPlanData(): PlanData {
  return validatePlanData(JSON.parse(fs.readFileSync(PLAN_DATA_URL, "utf8")));
}

/** The basis of one belt member as one line of text for area_divisions.basis. */
function basisText(basis: WaypointBasis[]): string {
  return basis
    .map((entry) => `${entry.waypoint}: ${entry.evidence}${entry.inference ? " (inference)" : ""} [${entry.sources.join(" ; ")}]`)
    .join(" | ");
}

/**
 * Loads the central urban area members and the belts with their member townships (from data/jincheng-plan.json unless
 * `plan` is given). Throws if the file is malformed or names a township code that is not a township of the divisions
 * table, before writing anything. Returns counts of what was inserted.
 */
export async function seedPlanAreas(tx: Tx, plan: PlanData = readPlanData()): Promise<Record<string, number>> {
  const codes = [...new Set([...plan.centralUrbanArea.members, ...plan.belts.flatMap((belt) => belt.members)].map((m) => m.code))];
  const known = await tx<{ code: string }[]>`select code from divisions where level = 'township' and code in ${tx(codes)}`;
  const knownCodes = new Set(known.map((row) => row.code));
  const unknown = codes.filter((code) => !knownCodes.has(code));
  if (unknown.length > 0) throw new PlanDataError(`township codes that are not Jincheng townships: ${unknown.join(", ")}`);

  const centralSource = plan.sources[plan.centralUrbanArea.source]!;
  const centralRows = plan.centralUrbanArea.members.map((member) => ({
    division_code: member.code,
    plan_component: member.planComponent,
    source: `${centralSource}. Mapping: ${member.evidence}. ${plan.centralUrbanArea.caveat}`,
  }));
  await tx`insert into central_urban_area_members ${tx(centralRows, "division_code", "plan_component", "source")}`;

  // The plan's rollout: the central urban area needs unit planners from the pilot phase (试点推进阶段), every other
  // subdistrict and township from the full-rollout phase (全面推进阶段); phase dates are in plan_phases (0003, 0009).
  const requirements = await tx`
    insert into unit_requirements (division_code, required_from, basis)
    select d.code,
           case when c.division_code is not null then pilot.starts_on else full_coverage.starts_on end,
           case when c.division_code is not null
                then '中心城区：试点推进阶段起设置单元责任规划师 / central urban area: from the pilot phase'
                else '全面推进阶段起逐步实现市域全覆盖 / from the full-rollout phase' end
    from divisions d
    cross join (select starts_on from plan_phases where code = 'pilot') pilot
    cross join (select starts_on from plan_phases where code = 'full_coverage') full_coverage
    left join central_urban_area_members c on c.division_code = d.code
    where d.level = 'township'`;

  let beltMembers = 0;
  for (const belt of plan.belts) {
    const [area] = await tx<{ id: number }[]>`
      insert into areas (code, name, name_en, kind, description, source)
      values (${belt.code}, ${belt.name}, ${belt.nameEn}, 'belt', ${[belt.description, ...belt.notes].join("\n")},
              ${`${plan.sources[belt.source]}. Members: data/jincheng-plan.json (retrieved ${plan.retrieved}). ${plan.caveat}`})
      returning id`;
    const members = belt.members.map((member) => ({ area_id: area!.id, division_code: member.code, basis: basisText(member.basis) }));
    await tx`insert into area_divisions ${tx(members, "area_id", "division_code", "basis")}`;
    beltMembers += members.length;
  }
  return { belts: plan.belts.length, beltMembers, centralUrbanAreaMembers: centralRows.length, unitRequirements: requirements.count };
}
