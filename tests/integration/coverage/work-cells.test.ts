/**
 * GET /api/coverage/work/cells, the dashboard map's public aggregate of where work records lie: counts per hexagon of
 * about 2 km that add up to the records of the range, with cells under the minimum left out, for the city or one
 * county, built from the test's own rows in a year no other data reaches.
 */
import type { FastifyInstance } from "fastify";
import type { TSchema } from "typebox";
import { Value } from "typebox/value";
import { describe, expect, it } from "vitest";
import { WorkCells, WorkFigures } from "../../../server/src/contracts/coverage.ts";
import { useFreshApp } from "../../helpers/app.ts";
import { enabledBackends } from "../../helpers/backends.ts";

/** A year without built-in or demo work records. */
const YEAR = 2033;
/** Jincheng's centre: three records within 100 m of it, enough for a cell. */
const BUSY: [number, number] = [112.851, 35.4905];
/** Far from BUSY: two records, under the minimum of three. */
const QUIET: [number, number] = [112.55, 35.79];

/** Great-circle distance in km, enough to tell "the same cell" (under 3 km) from "another place". */
function kmBetween([lon1 = 0, lat1 = 0]: number[], [lon2 = 0, lat2 = 0]: number[]): number {
  const radians = Math.PI / 180;
  const x = (lon2 - lon1) * radians * Math.cos(((lat1 + lat2) / 2) * radians);
  const y = (lat2 - lat1) * radians;
  return Math.hypot(x, y) * 6371;
}

describe.each(enabledBackends())("the work-record cells on %s", (backend) => {
  let app: FastifyInstance;
  useFreshApp(backend, async (built) => {
    app = built;
    const [planner] = await app.db.sql<{ id: number }[]>`insert into planners (name) values ('网格测试规划师') returning id`;
    const records: { on: string; at: [number, number] | null }[] = [
      { on: `${YEAR}-01-10`, at: BUSY },
      { on: `${YEAR}-04-02`, at: [BUSY[0] + 0.0005, BUSY[1] + 0.0004] },
      { on: `${YEAR}-12-31`, at: [BUSY[0] - 0.0006, BUSY[1] - 0.0003] },
      { on: `${YEAR}-06-15`, at: QUIET },
      { on: `${YEAR}-06-16`, at: [QUIET[0] + 0.0003, QUIET[1]] },
      { on: `${YEAR}-07-01`, at: null },
      // The next year: outside the range, though in the busy cell.
      { on: `${YEAR + 1}-01-01`, at: BUSY },
    ];
    for (const record of records) {
      await app.db.sql`
        insert into work_records (planner_id, kind, occurred_on, body, location)
        values (${planner!.id}, 'site_visit', ${record.on}::date, '网格测试记录',
          ST_SetSRID(ST_MakePoint(${record.at?.[0] ?? null}::float8, ${record.at?.[1] ?? null}::float8), 4326))`;
    }
  });

  async function getJson<T>(url: string, schema: TSchema): Promise<T> {
    const response = await app.inject(url);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<T>();
    expect([...Value.Errors(schema, body)].map((error) => JSON.stringify(error))).toEqual([]);
    return body;
  }

  it("counts the records of the range per cell, and the counts add up to the records of the work figures", async () => {
    const range = `from=${YEAR}-01-01&to=${YEAR}-12-31`;
    const body = await getJson<WorkCells>(`/api/coverage/work/cells?${range}`, WorkCells);
    const figures = await getJson<WorkFigures>(`/api/coverage/work?${range}`, WorkFigures);
    expect(body).toMatchObject({ from: `${YEAR}-01-01`, to: `${YEAR}-12-31`, minimumRecords: 3, records: 6, unplaced: 1, leftOut: 2 });
    expect(body.records).toBe(figures.workRecords.total);
    const inCells = body.cells.reduce((sum, cell) => sum + cell.records, 0);
    expect(body.unplaced + body.leftOut + inCells).toBe(body.records);

    expect(body.cells).toHaveLength(1);
    const [cell] = body.cells;
    expect(cell!.records).toBe(3);
    expect(kmBetween(cell!.center, BUSY)).toBeLessThan(3);
    // A hexagon, closed, about 2 km from its centre to each corner: no record's own place is in the answer.
    expect(cell!.polygon).toHaveLength(7);
    expect(cell!.polygon[0]).toEqual(cell!.polygon[6]);
    for (const corner of cell!.polygon) expect(kmBetween(corner, cell!.center)).toBeGreaterThan(1.5);
    expect(Object.keys(cell!).sort()).toEqual(["center", "polygon", "records"]);
  });

  it("does not show a cell under the minimum, and a range that leaves the busy cell short shows none", async () => {
    const quiet = await getJson<WorkCells>(`/api/coverage/work/cells?from=${YEAR}-06-01&to=${YEAR}-06-30`, WorkCells);
    expect(quiet).toMatchObject({ records: 2, leftOut: 2, unplaced: 0, cells: [] });
    const firstHalf = await getJson<WorkCells>(`/api/coverage/work/cells?from=${YEAR}-01-01&to=${YEAR}-06-30`, WorkCells);
    expect(firstHalf).toMatchObject({ records: 4, leftOut: 4, cells: [] });
    expect(kmBetween(BUSY, QUIET)).toBeGreaterThan(10);
  });

  it("narrows the cells to the records of one county, and a county without records has none", async () => {
    const countyOf = async ([lon, lat]: [number, number]) =>
      (await app.db.sql<{ code: string }[]>`select api.county_of(ST_SetSRID(ST_MakePoint(${lon}::float8, ${lat}::float8), 4326), null) as code`)[0]!.code;
    const [busyCounty, quietCounty] = [await countyOf(BUSY), await countyOf(QUIET)];
    expect(busyCounty, "the two places lie in different counties").not.toBe(quietCounty);
    const range = `from=${YEAR}-01-01&to=${YEAR}-12-31`;

    const busy = await getJson<WorkCells>(`/api/coverage/work/cells?${range}&county=${busyCounty}`, WorkCells);
    // The record without a place and without an area belongs to no county: left out of both.
    expect(busy).toMatchObject({ records: 3, unplaced: 0, leftOut: 0 });
    expect(busy.cells.map((cell) => cell.records)).toEqual([3]);
    const quiet = await getJson<WorkCells>(`/api/coverage/work/cells?${range}&county=${quietCounty}`, WorkCells);
    expect(quiet).toMatchObject({ records: 2, unplaced: 0, leftOut: 2, cells: [] });
    const quietFigures = await getJson<WorkFigures>(`/api/coverage/work?${range}&county=${quietCounty}`, WorkFigures);
    expect(quietFigures.workRecords.total).toBe(quiet.records);

    const [other] = await app.db.sql<{ code: string }[]>`
      select code from divisions where level = 'county' and code not in (${busyCounty}, ${quietCounty}) order by code limit 1`;
    const none = await getJson<WorkCells>(`/api/coverage/work/cells?${range}&county=${other!.code}`, WorkCells);
    expect(none).toMatchObject({ records: 0, unplaced: 0, leftOut: 0, cells: [] });
  });

  it("refuses a range backwards or over 120 months with a 400 naming the field", async () => {
    const backwards = await app.inject(`/api/coverage/work/cells?from=${YEAR}-02-01&to=${YEAR}-01-01`);
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json()).toMatchObject({ type: "/problems/validation-failed", errors: [{ path: "querystring.from" }] });
    const long = await app.inject(`/api/coverage/work/cells?from=2020-01-01&to=2030-01-01`);
    expect(long.json()).toMatchObject({ errors: [{ path: "querystring.to" }] });
  });
});
