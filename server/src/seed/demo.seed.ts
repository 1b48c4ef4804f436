/**
 * The fictional demo set: planners named 示例规划师 NN with fake contacts, their areas, appointments with history,
 * evaluations, projects and work records. Every row it writes has is_demo = true (the belts and the central urban
 * area from plan.seed.ts are real facts and are not touched). It is shaped so that coverage gaps show: counties with
 * one or no chief planner, vacant townships, a reassignment and a dismissal after a failed evaluation.
 */
import type { Tx } from "../db/database.ts";
import { CITY_CODE } from "./divisions.seed.ts";

type Role = "chief_city" | "chief_county_seconded" | "chief_county_hired" | "unit" | "project";
type Title = "intermediate" | "senior" | "full_senior";

interface DemoPlanner {
  key: string;
  title: Title;
  registered: boolean;
  organisation: string;
  specialities: string[];
  isTeam?: boolean;
}

interface DemoAppointment {
  planner: string;
  area: string;
  role: Role;
  from: string;
  /** Exclusive end; absent while active. */
  to?: string;
  status?: "active" | "ended" | "dismissed";
  endReason?: string;
  /** Absent for seconded county chiefs: they are assigned by the city bureau, not selected. */
  method?: "open_recruitment" | "directed_commission";
  contractYears: number;
  paid?: boolean;
}

const BUREAU = "示例规划和自然资源局";
const INSTITUTE = "示例规划设计院";
const RESEARCH = "示例城市规划研究院";
const UNIVERSITY = "示例大学建筑与城市规划学院";
const STUDIO = "示例乡村规划工作室";
const DEMO_AREA = "示例责任区（演示数据）";

/** Planners by key: "01".."27" are individuals (示例规划师 NN), "T1" is a team (示例规划团队 01). */
const PLANNERS: DemoPlanner[] = [
  { key: "01", title: "full_senior", registered: true, organisation: INSTITUTE, specialities: ["国土空间规划", "城市设计"] },
  { key: "02", title: "intermediate", registered: false, organisation: BUREAU, specialities: ["规划管理"] },
  { key: "03", title: "senior", registered: true, organisation: RESEARCH, specialities: ["控制性详细规划", "城市更新"] },
  { key: "04", title: "intermediate", registered: false, organisation: BUREAU, specialities: ["规划管理"] },
  { key: "05", title: "senior", registered: true, organisation: INSTITUTE, specialities: ["乡镇国土空间规划"] },
  { key: "06", title: "senior", registered: false, organisation: BUREAU, specialities: ["规划管理", "用地审批"] },
  { key: "07", title: "senior", registered: true, organisation: RESEARCH, specialities: ["城市设计", "历史文化保护"] },
  { key: "08", title: "intermediate", registered: false, organisation: BUREAU, specialities: ["规划管理"] },
  { key: "09", title: "senior", registered: true, organisation: INSTITUTE, specialities: ["城市更新", "社区规划"] },
  // 10 holds the demo-planner account when DEMO_PASSWORD is set (demo-accounts.ts finds it by name).
  { key: "10", title: "intermediate", registered: true, organisation: UNIVERSITY, specialities: ["社区规划", "公众参与"] },
  { key: "11", title: "senior", registered: true, organisation: RESEARCH, specialities: ["城市更新", "公共空间"] },
  { key: "12", title: "intermediate", registered: false, organisation: UNIVERSITY, specialities: ["景观设计"] },
  { key: "13", title: "intermediate", registered: true, organisation: INSTITUTE, specialities: ["交通规划"] },
  { key: "14", title: "intermediate", registered: false, organisation: RESEARCH, specialities: ["建筑设计"] },
  { key: "15", title: "senior", registered: true, organisation: UNIVERSITY, specialities: ["城中村改造", "社区规划"] },
  { key: "16", title: "intermediate", registered: true, organisation: INSTITUTE, specialities: ["产业园区规划"] },
  { key: "17", title: "senior", registered: true, organisation: RESEARCH, specialities: ["海绵城市", "市政工程"] },
  { key: "18", title: "intermediate", registered: false, organisation: INSTITUTE, specialities: ["村庄规划"] },
  { key: "T1", title: "senior", registered: true, organisation: STUDIO, specialities: ["村庄规划", "乡村旅游"], isTeam: true },
  { key: "19", title: "intermediate", registered: true, organisation: STUDIO, specialities: ["村庄规划", "历史文化名村"] },
  { key: "20", title: "senior", registered: true, organisation: UNIVERSITY, specialities: ["传统村落保护"] },
  { key: "21", title: "intermediate", registered: false, organisation: STUDIO, specialities: ["乡村旅游"] },
  { key: "22", title: "intermediate", registered: true, organisation: INSTITUTE, specialities: ["乡镇国土空间规划"] },
  { key: "23", title: "senior", registered: true, organisation: RESEARCH, specialities: ["城市更新"] },
  { key: "24", title: "intermediate", registered: true, organisation: INSTITUTE, specialities: ["公共空间", "城市设计"] },
  { key: "25", title: "senior", registered: true, organisation: RESEARCH, specialities: ["城市更新", "建筑设计"] },
  { key: "26", title: "intermediate", registered: true, organisation: STUDIO, specialities: ["村庄规划"] },
  { key: "27", title: "senior", registered: true, organisation: INSTITUTE, specialities: ["污水治理", "市政工程"] },
];

/** One demo planner covers two rural townships of 陵川县 through one area, so these get no single areas. */
const TOWNSHIP_GROUP = {
  code: "township-group-lingchuan-1",
  name: "古郊乡、六泉乡",
  description: "示例：一名单元责任规划师（团队）负责两个乡（太行一号沿线）。",
  members: ["140524207", "140524209"],
};

const COUNTY_NAMES_EN: Record<string, string> = {
  "140502": "Chengqu District",
  "140521": "Qinshui County",
  "140522": "Yangcheng County",
  "140524": "Lingchuan County",
  "140525": "Zezhou County",
  "140581": "Gaoping City",
};

const township = (code: string) => `township-${code}`;

/**
 * The appointment history. Pilot (2022-06): the city chief, the chiefs of 城区 and 泽州县, 9 of the 12 central urban
 * area units. Full coverage (2023): 高平市 chiefs, 阳城县's seconded chief only, a few rural townships. 沁水县 and
 * 陵川县 have no county chief; 巴公镇, 高都镇 and most rural townships stay vacant; 钟家庄街道 is vacant since its
 * planner was dismissed.
 */
const APPOINTMENTS: DemoAppointment[] = [
  { planner: "01", area: "city-140500", role: "chief_city", from: "2022-06-01", method: "directed_commission", contractYears: 3 },
  { planner: "02", area: "county-140502", role: "chief_county_seconded", from: "2022-06-01", contractYears: 3, paid: false },
  { planner: "03", area: "county-140502", role: "chief_county_hired", from: "2022-06-01", method: "open_recruitment", contractYears: 3 },
  { planner: "04", area: "county-140525", role: "chief_county_seconded", from: "2022-06-01", contractYears: 3, paid: false },
  { planner: "05", area: "county-140525", role: "chief_county_hired", from: "2022-06-10", method: "open_recruitment", contractYears: 3 },
  { planner: "06", area: "county-140581", role: "chief_county_seconded", from: "2023-01-01", contractYears: 2, paid: false },
  { planner: "07", area: "county-140581", role: "chief_county_hired", from: "2023-01-01", method: "directed_commission", contractYears: 2 },
  { planner: "08", area: "county-140522", role: "chief_county_seconded", from: "2023-01-01", contractYears: 2, paid: false },
  // 东街街道: reassigned after one year; planner 09 moves to 开发区街道, which was vacant during the pilot.
  {
    planner: "09", area: township("140502001"), role: "unit", from: "2022-06-01", to: "2023-06-01", status: "ended",
    endReason: "示例：调任开发区街道单元责任规划师", method: "open_recruitment", contractYears: 1,
  },
  { planner: "10", area: township("140502001"), role: "unit", from: "2023-06-01", method: "open_recruitment", contractYears: 2 },
  { planner: "09", area: township("140502009"), role: "unit", from: "2023-06-01", method: "directed_commission", contractYears: 2 },
  { planner: "11", area: township("140502002"), role: "unit", from: "2022-06-15", method: "open_recruitment", contractYears: 3 },
  { planner: "12", area: township("140502003"), role: "unit", from: "2022-06-15", method: "open_recruitment", contractYears: 3 },
  { planner: "13", area: township("140502004"), role: "unit", from: "2022-06-15", method: "open_recruitment", contractYears: 3 },
  // 钟家庄街道: dismissed after the failed 2023 assessment (see EVALUATIONS), vacant since.
  {
    planner: "14", area: township("140502006"), role: "unit", from: "2022-06-15", to: "2023-07-01", status: "dismissed",
    endReason: "示例：年度考评（区域对规划师）未通过，解聘", method: "open_recruitment", contractYears: 1,
  },
  { planner: "15", area: township("140502007"), role: "unit", from: "2022-06-15", method: "open_recruitment", contractYears: 3 },
  { planner: "16", area: township("140502100"), role: "unit", from: "2022-06-20", method: "directed_commission", contractYears: 3 },
  { planner: "17", area: township("140525106"), role: "unit", from: "2022-06-20", method: "open_recruitment", contractYears: 3 },
  { planner: "18", area: township("140525100"), role: "unit", from: "2022-06-20", method: "open_recruitment", contractYears: 3 },
  // Full-coverage phase: some rural townships, selectively (belt townships first).
  { planner: "T1", area: TOWNSHIP_GROUP.code, role: "unit", from: "2023-03-01", method: "directed_commission", contractYears: 2 },
  { planner: "19", area: township("140525110"), role: "unit", from: "2023-03-01", method: "open_recruitment", contractYears: 2 },
  { planner: "20", area: township("140522102"), role: "unit", from: "2023-03-01", method: "open_recruitment", contractYears: 2 },
  { planner: "21", area: township("140522101"), role: "unit", from: "2023-04-01", method: "open_recruitment", contractYears: 2 },
  { planner: "22", area: township("140581101"), role: "unit", from: "2023-03-01", method: "directed_commission", contractYears: 2 },
  { planner: "23", area: township("140581001"), role: "unit", from: "2023-01-01", method: "open_recruitment", contractYears: 2 },
  { planner: "24", area: township("140522100"), role: "unit", from: "2023-03-01", method: "open_recruitment", contractYears: 2 },
  // Project planners (several may share a project; one unit planner also leads a project).
  { planner: "25", area: "project-1", role: "project", from: "2023-05-10", method: "directed_commission", contractYears: 2 },
  { planner: "26", area: "project-2", role: "project", from: "2023-08-01", method: "directed_commission", contractYears: 2 },
  { planner: "27", area: "project-3", role: "project", from: "2023-04-15", method: "open_recruitment", contractYears: 2 },
  { planner: "24", area: "project-4", role: "project", from: "2023-03-20", to: "2024-03-20", status: "ended", endReason: "示例：项目竣工", method: "directed_commission", contractYears: 1 },
];

interface DemoEvaluation {
  planner: string;
  area: string;
  role: Role;
  direction: "planner_to_area" | "area_to_planner";
  year: number;
  score: number;
  result: "pass" | "fail";
  on: string;
  comment: string;
}

const EVALUATIONS: DemoEvaluation[] = [
  { planner: "14", area: township("140502006"), role: "unit", direction: "area_to_planner", year: 2023, score: 56.5, result: "fail", on: "2023-06-20", comment: "示例：到岗率低，意见反馈不及时。" },
  { planner: "14", area: township("140502006"), role: "unit", direction: "planner_to_area", year: 2023, score: 78, result: "pass", on: "2023-06-20", comment: "示例：街道配合较好。" },
  { planner: "09", area: township("140502001"), role: "unit", direction: "area_to_planner", year: 2023, score: 86, result: "pass", on: "2023-05-25", comment: "示例：走访细致。" },
  { planner: "11", area: township("140502002"), role: "unit", direction: "area_to_planner", year: 2023, score: 91, result: "pass", on: "2023-06-20", comment: "示例：老旧小区更新建议被采纳。" },
  { planner: "11", area: township("140502002"), role: "unit", direction: "planner_to_area", year: 2023, score: 85, result: "pass", on: "2023-06-20", comment: "示例：资料提供及时。" },
  { planner: "16", area: township("140502100"), role: "unit", direction: "area_to_planner", year: 2023, score: 88, result: "pass", on: "2023-06-21", comment: "示例：按期完成。" },
  { planner: "16", area: township("140502100"), role: "unit", direction: "area_to_planner", year: 2024, score: 90, result: "pass", on: "2024-06-18", comment: "示例：按期完成。" },
  { planner: "01", area: "city-140500", role: "chief_city", direction: "area_to_planner", year: 2023, score: 93, result: "pass", on: "2023-06-28", comment: "示例：统筹有力。" },
];

interface DemoProject {
  area: string;
  name: string;
  type: string;
  stage: "proposed" | "planning" | "design" | "approval" | "construction" | "completed" | "suspended";
  startedOn: string;
  description: string;
  /** Point site, or a corridor (a line buffered by bufferMetres on each side). Coordinates are township seats. */
  site: { type: "Point"; coordinates: [number, number] } | { type: "LineString"; coordinates: [number, number][] };
  bufferMetres?: number;
}

// Seats (WGS84) from the township seat points of Vonng/adcode (CC BY 4.0), as listed in data/README.md.
const SEAT = {
  xijie: [112.818087, 35.49356],
  liuquan: [113.459436, 35.795215],
  beishidian: [112.895364, 35.547755],
  jincun: [112.916096, 35.507536],
  fengcheng: [112.412632, 35.484174],
  dongjie: [112.846381, 35.495141],
  guojiao: [113.494214, 35.710792],
  shanhe: [112.768064, 35.326593],
} as const satisfies Record<string, readonly [number, number]>;

const PROJECTS: DemoProject[] = [
  {
    area: "project-1", name: "示例：西街街道老旧小区微更新", type: "城市更新", stage: "design", startedOn: "2023-05-10",
    description: "虚构示例项目：老旧小区加装电梯、停车与口袋绿地。", site: { type: "Point", coordinates: [...SEAT.xijie] },
  },
  {
    area: "project-2", name: "示例：六泉乡浙水村村庄规划", type: "村庄规划", stage: "planning", startedOn: "2023-08-01",
    description: "虚构示例项目：太行一号沿线实用性村庄规划。", site: { type: "Point", coordinates: [...SEAT.liuquan] },
  },
  {
    area: "project-3", name: "示例：丹河北石店—金村段农村生活污水治理", type: "污水治理", stage: "construction", startedOn: "2023-04-15",
    description: "虚构示例项目：丹沁两河示范带，跨城区与泽州县，需与两县总责任规划师协调。",
    site: { type: "LineString", coordinates: [[...SEAT.beishidian], [...SEAT.jincun]] }, bufferMetres: 300,
  },
  {
    area: "project-4", name: "示例：凤城镇口袋公园", type: "公共空间", stage: "completed", startedOn: "2023-03-20",
    description: "虚构示例项目：县城口袋公园。", site: { type: "Point", coordinates: [...SEAT.fengcheng] },
  },
];

interface DemoWorkRecord {
  planner: string;
  area: string;
  project?: string;
  kind: "site_visit" | "opinion_solicitation" | "problem_sorting" | "planning_feedback" | "project_implementation" | "review" | "training" | "publicity";
  on: string;
  body: string;
  at: readonly [number, number];
}

const WORK_RECORDS: DemoWorkRecord[] = [
  { planner: "01", area: "city-140500", kind: "training", on: "2022-06-20", body: "示例记录：全市责任规划师岗前培训。", at: SEAT.dongjie },
  { planner: "11", area: township("140502002"), kind: "site_visit", on: "2022-07-05", body: "示例记录：走访老旧小区，记录停车和加装电梯需求。", at: [112.8195, 35.4941] },
  { planner: "11", area: township("140502002"), kind: "opinion_solicitation", on: "2022-09-18", body: "示例记录：社区议事会征集口袋绿地选址意见。", at: [112.8172, 35.4928] },
  { planner: "10", area: township("140502001"), kind: "problem_sorting", on: "2023-07-10", body: "示例记录：梳理背街小巷积水点问题清单。", at: [112.8471, 35.4957] },
  { planner: "16", area: township("140502100"), kind: "planning_feedback", on: "2023-03-02", body: "示例记录：向市局反馈园区道路断头路问题。", at: [112.8962, 35.5481] },
  { planner: "03", area: "county-140502", kind: "review", on: "2023-05-15", body: "示例记录：参与城区控规修改方案技术审查。", at: SEAT.dongjie },
  { planner: "27", area: "project-3", project: "project-3", kind: "project_implementation", on: "2023-10-12", body: "示例记录：现场核对管线走向，与两县总责任规划师协调跨界段。", at: [112.9057, 35.5276] },
  { planner: "T1", area: TOWNSHIP_GROUP.code, kind: "site_visit", on: "2023-04-08", body: "示例记录：走访太行一号沿线村庄。", at: SEAT.guojiao },
  { planner: "24", area: "project-4", project: "project-4", kind: "publicity", on: "2023-09-01", body: "示例记录：口袋公园建成开放，现场宣传规划成果。", at: SEAT.fengcheng },
  { planner: "19", area: township("140525110"), kind: "site_visit", on: "2023-05-06", body: "示例记录：踏勘沁河沿岸村庄污水管网现状。", at: SEAT.shanhe },
];

function plannerName(key: string): { name: string; nameEn: string } {
  if (key.startsWith("T")) {
    const number = key.slice(1).padStart(2, "0");
    return { name: `示例规划团队 ${number}`, nameEn: `Example planning team ${number}` };
  }
  return { name: `示例规划师 ${key}`, nameEn: `Example planner ${key}` };
}

/**
 * Obviously fake contacts carrying the planner's own number: 0356-000-00NN and plannerNN's mailbox at the reserved
 * .invalid domain for 示例规划师 NN, 0356-001-00NN and a team mailbox for 示例规划团队 NN.
 */
function publicContact(key: string): Record<string, string> {
  const isTeam = key.startsWith("T");
  const serial = (isTeam ? key.slice(1) : key).padStart(4, "0");
  return isTeam
    ? { phone: `0356-001-${serial}`, email: `team${serial}@example.invalid` }
    : { phone: `0356-000-${serial}`, email: `planner${serial}@example.invalid` };
}

function lookup(map: Map<string, number>, key: string, what: string): number {
  const id = map.get(key);
  if (id === undefined) throw new Error(`demo data refers to an unknown ${what} ${key}`);
  return id;
}

/** Inserts the demo set; returns counts of its rows. Throws if the divisions it builds on are missing. */
export async function seedDemo(tx: Tx): Promise<Record<string, number>> {
  const plannerRows = PLANNERS.map((planner, index) => ({
    name: plannerName(planner.key).name,
    name_en: plannerName(planner.key).nameEn,
    is_team: planner.isTeam ?? false,
    organisation: planner.organisation,
    professional_title: planner.title,
    registered_planner: planner.registered,
    education: planner.isTeam ? "团队（示例）" : "城乡规划 硕士（示例）",
    specialities: planner.specialities,
    public_contact: tx.json(publicContact(planner.key)),
    office_hours: index % 2 === 0 ? "每周三 09:00–11:30（示例）" : "每周五 14:30–17:00（示例）",
    is_demo: true,
  }));
  const insertedPlanners = await tx<{ id: number; name: string }[]>`
    insert into planners ${tx(plannerRows, "name", "name_en", "is_team", "organisation", "professional_title", "registered_planner",
      "education", "specialities", "public_contact", "office_hours", "is_demo")}
    returning id, name`;
  const plannerIds = new Map(insertedPlanners.map((row) => [row.name, row.id]));
  const plannerId = (key: string) => lookup(plannerIds, plannerName(key).name, "planner");

  // The city and county areas, one per division.
  const [city] = await tx<{ name: string }[]>`select name from divisions where code = ${CITY_CODE}`;
  const counties = await tx<{ code: string; name: string }[]>`
    select code, name from divisions where level = 'county' and parent_code = ${CITY_CODE} order by code`;
  if (!city || counties.length === 0) throw new Error("the demo set needs the divisions to be loaded first");
  const topAreas = [
    { code: `city-${CITY_CODE}`, name: city.name, name_en: "Jincheng City", kind: "city", division_code: CITY_CODE, description: DEMO_AREA },
    ...counties.map((county) => ({
      code: `county-${county.code}`, name: county.name, name_en: COUNTY_NAMES_EN[county.code] ?? null, kind: "county",
      division_code: county.code, description: DEMO_AREA,
    })),
    { code: TOWNSHIP_GROUP.code, name: TOWNSHIP_GROUP.name, name_en: null, kind: "township", division_code: null, description: TOWNSHIP_GROUP.description },
  ];
  await tx`
    insert into areas (code, name, name_en, kind, description, is_demo)
    select code, name, name_en, kind, description, true
    from jsonb_to_recordset(${tx.json(topAreas)}) as t (code text, name text, name_en text, kind text, description text)`;
  await tx`
    insert into area_divisions (area_id, division_code)
    select a.id, t.division_code
    from jsonb_to_recordset(${tx.json(topAreas)}) as t (code text, division_code text)
    join areas as a on a.code = t.code
    where t.division_code is not null`;
  await tx`
    insert into area_divisions (area_id, division_code)
    select a.id, d.code from areas as a, divisions as d
    where a.code = ${TOWNSHIP_GROUP.code} and d.code in ${tx(TOWNSHIP_GROUP.members)} and d.level = 'township'`;

  // One area per township-level unit (subdistrict for 街道), except the grouped ones.
  await tx`
    insert into areas (code, name, kind, description, is_demo)
    select 'township-' || code, name, case when kind = '街道' then 'subdistrict' else 'township' end, ${DEMO_AREA}, true
    from divisions
    where level = 'township' and code not in ${tx(TOWNSHIP_GROUP.members)}
    order by code`;
  await tx`
    insert into area_divisions (area_id, division_code)
    select a.id, d.code from areas as a join divisions as d on a.code = 'township-' || d.code
    where d.level = 'township'`;

  // Projects, each with its own area (kind project). A corridor site is a polygon and becomes the area's geometry; a
  // point site cannot (areas are MultiPolygons), so such a project area stays without geometry.
  const projectIds = new Map<string, number>();
  for (const project of PROJECTS) {
    const [area] = await tx<{ id: number }[]>`
      insert into areas (code, name, kind, description, is_demo)
      values (${project.area}, ${project.name}, 'project', ${project.description}, true)
      returning id`;
    const [inserted] = await tx<{ id: number; polygon: boolean }[]>`
      insert into projects (name, project_type, stage, site, area_id, started_on, description, is_demo)
      select ${project.name}, ${project.type}, ${project.stage},
             case when ${project.bufferMetres ?? 0}::float8 > 0
                  then ST_Buffer(input.geom::geography, ${project.bufferMetres ?? 0}::float8)::geometry
                  else input.geom end,
             ${area!.id}::bigint, ${project.startedOn}::date, ${project.description}, true
      from (select ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(project.site)}::text), 4326) as geom) as input
      returning id, GeometryType(site) = 'POLYGON' as polygon`;
    projectIds.set(project.area, inserted!.id);
    if (inserted!.polygon) {
      await tx`
        update areas set geom = ST_Multi(projects.site), provenance = 'approximate',
               geom_source = ${`demo: fictional project site, a line between two township seats buffered ${project.bufferMetres} m each side`}
        from projects where projects.id = ${inserted!.id} and areas.id = projects.area_id`;
    }
  }

  const areas = await tx<{ id: number; code: string }[]>`select id, code from areas where is_demo`;
  const areaIds = new Map(areas.map((row) => [row.code, row.id]));

  const appointmentRows = APPOINTMENTS.map((appointment) => ({
    planner_id: plannerId(appointment.planner),
    area_id: lookup(areaIds, appointment.area, "area"),
    role: appointment.role,
    valid_from: appointment.from,
    valid_to: appointment.to ?? null,
    selection_method: appointment.method ?? null,
    contract_years: appointment.contractYears,
    paid: appointment.paid ?? true,
    status: appointment.status ?? "active",
    end_reason: appointment.endReason ?? null,
    is_demo: true,
  }));
  const insertedAppointments = await tx<{ id: number; plannerId: number; areaId: number; role: string }[]>`
    insert into appointments ${tx(appointmentRows, "planner_id", "area_id", "role", "valid_from", "valid_to", "selection_method",
      "contract_years", "paid", "status", "end_reason", "is_demo")}
    returning id, planner_id, area_id, role`;
  const appointmentIds = new Map(insertedAppointments.map((row) => [`${row.plannerId}|${row.areaId}|${row.role}`, row.id]));

  const evaluationRows = EVALUATIONS.map((evaluation) => ({
    appointment_id: lookup(
      appointmentIds,
      `${plannerId(evaluation.planner)}|${lookup(areaIds, evaluation.area, "area")}|${evaluation.role}`,
      "appointment",
    ),
    direction: evaluation.direction,
    year: evaluation.year,
    score: evaluation.score,
    result: evaluation.result,
    evaluated_on: evaluation.on,
    comment: evaluation.comment,
    is_demo: true,
  }));
  await tx`
    insert into evaluations ${tx(evaluationRows, "appointment_id", "direction", "year", "score", "result", "evaluated_on", "comment", "is_demo")}`;

  const workRows = WORK_RECORDS.map((record) => ({
    planner_id: plannerId(record.planner),
    area_id: lookup(areaIds, record.area, "area"),
    project_id: record.project ? lookup(projectIds, record.project, "project") : null,
    kind: record.kind,
    occurred_on: record.on,
    body: record.body,
    lon: record.at[0],
    lat: record.at[1],
  }));
  await tx`
    insert into work_records (planner_id, area_id, project_id, kind, occurred_on, body, location, is_demo)
    select planner_id, area_id, project_id, kind, occurred_on, body, ST_SetSRID(ST_MakePoint(lon, lat), 4326), true
    from jsonb_to_recordset(${tx.json(workRows)})
      as r (planner_id bigint, area_id bigint, project_id bigint, kind text, occurred_on date, body text, lon float8, lat float8)`;

  return {
    demoPlanners: plannerRows.length,
    demoAreas: areas.length,
    demoAppointments: appointmentRows.length,
    demoEvaluations: evaluationRows.length,
    demoProjects: PROJECTS.length,
    demoWorkRecords: workRows.length,
  };
}
