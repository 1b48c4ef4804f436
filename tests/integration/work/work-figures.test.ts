/**
 * GET /api/coverage/work, the dashboard's public figures of planners' work and of the answers to opinions: they
 * equal the counts and medians made here from the test's own rows, in a year no other data reaches, and carry no
 * planner but by public name.
 */
import { describe, expect, it } from "vitest";
import { WorkFigures } from "../../../server/src/contracts/coverage.ts";
import { WORK_RECORD_KINDS } from "../../../server/src/contracts/work-records.ts";
import { Value } from "typebox/value";
import { enabledBackends } from "../../helpers/backends.ts";
import { insertOpinion, medianHours, useWorkSession, type County } from "./work-session.ts";

/** A year without built-in or demo work records or opinions. */
const YEAR = 2031;

interface Logged {
  kind: string;
  occurredOn: string;
  county: string;
}

interface Received {
  plannerIndex: number | null;
  county: string;
  createdAt: string;
  acknowledgedAfter?: number;
  answeredAfter?: number;
  hidden?: boolean;
}

describe.each(enabledBackends())("the dashboard's work figures on %s", (backend) => {
  const session = useWorkSession(backend, "figures");

  async function figures(query: string): Promise<WorkFigures> {
    const response = await session.app.inject(`/api/coverage/work?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<WorkFigures>();
    expect([...Value.Errors(WorkFigures, body)].map((error) => JSON.stringify(error))).toEqual([]);
    return body;
  }

  it("counts work records by kind, county and month, and opinion response times per county and planner, as the rows say", async () => {
    const counties: County[] = await session.counties();
    const [east, west] = [counties[0]!, counties[1]!];
    const planners = [await session.newPlanner("图表测试规划师甲"), await session.newPlanner("图表测试规划师乙")];
    const areaIds: number[] = [];
    for (const [index, planner] of planners.entries()) {
      const areaId = await session.newArea(`figures-area-${index}`);
      areaIds.push(areaId);
      await session.appoint({ plannerId: planner.id, areaId, role: "unit", validFrom: `${YEAR}-01-01` });
    }

    const logged: (Logged & { plannerIndex: number })[] = [
      { plannerIndex: 0, kind: "site_visit", occurredOn: `${YEAR}-01-05`, county: east.code },
      { plannerIndex: 0, kind: "site_visit", occurredOn: `${YEAR}-01-31`, county: east.code },
      { plannerIndex: 0, kind: "opinion_solicitation", occurredOn: `${YEAR}-03-15`, county: west.code },
      { plannerIndex: 1, kind: "training", occurredOn: `${YEAR}-03-01`, county: west.code },
      { plannerIndex: 1, kind: "publicity", occurredOn: `${YEAR}-12-31`, county: east.code },
      { plannerIndex: 1, kind: "site_visit", occurredOn: `${YEAR + 1}-01-01`, county: east.code },
    ];
    for (const record of logged) {
      const point = counties.find((county) => county.code === record.county)!.point;
      const response = await session.send(planners[record.plannerIndex]!.cookie, "POST", "/api/work-records", {
        kind: record.kind,
        occurredOn: record.occurredOn,
        ...point,
        areaId: areaIds[record.plannerIndex],
        text: "图表测试记录",
      });
      expect(response.statusCode, response.body).toBe(201);
    }

    const received: Received[] = [
      { plannerIndex: 0, county: east.code, createdAt: `${YEAR}-02-01T08:00:00+08:00`, acknowledgedAfter: 1.5, answeredAfter: 24 },
      { plannerIndex: 0, county: east.code, createdAt: `${YEAR}-02-02T08:00:00+08:00`, acknowledgedAfter: 4 },
      { plannerIndex: 0, county: west.code, createdAt: `${YEAR}-02-03T08:00:00+08:00`, answeredAfter: 10 },
      { plannerIndex: 1, county: west.code, createdAt: `${YEAR}-05-01T23:30:00+08:00`, acknowledgedAfter: 0.5, answeredAfter: 72 },
      { plannerIndex: 1, county: west.code, createdAt: `${YEAR}-05-02T08:00:00+08:00` },
      { plannerIndex: null, county: east.code, createdAt: `${YEAR}-06-01T08:00:00+08:00`, acknowledgedAfter: 3 },
      { plannerIndex: 0, county: east.code, createdAt: `${YEAR}-06-02T08:00:00+08:00`, acknowledgedAfter: 1, hidden: true },
      // The first hour of the next year in China is still this year in UTC: outside the range.
      { plannerIndex: 1, county: west.code, createdAt: `${YEAR + 1}-01-01T00:30:00+08:00`, acknowledgedAfter: 1 },
    ];
    for (const opinion of received) {
      const at = counties.find((county) => county.code === opinion.county)!.point;
      await insertOpinion(session.app, { ...opinion, plannerId: opinion.plannerIndex === null ? null : planners[opinion.plannerIndex]!.id, at });
    }

    const body = await figures(`from=${YEAR}-01-01&to=${YEAR}-12-31`);
    const inRange = logged.filter((record) => record.occurredOn.startsWith(`${YEAR}-`));
    const count = (filter: (record: Logged) => boolean) => inRange.filter(filter).length;
    expect(body.from).toBe(`${YEAR}-01-01`);
    expect(body.workRecords.total).toBe(inRange.length);
    expect(body.workRecords.byKind).toEqual(WORK_RECORD_KINDS.map((kind) => ({ kind, records: count((record) => record.kind === kind) })));
    expect(body.workRecords.byCounty).toEqual(counties.map((county) => ({ code: county.code, name: county.name, records: count((record) => record.county === county.code) })));
    expect(body.workRecords.byMonth).toEqual(
      Array.from({ length: 12 }, (_, index) => {
        const month = `${YEAR}-${String(index + 1).padStart(2, "0")}`;
        return { month, records: count((record) => record.occurredOn.startsWith(month)) };
      }),
    );

    const shown = received.filter((opinion) => !opinion.hidden && opinion.createdAt.startsWith(`${YEAR}-`));
    const expectFigures = (group: Received[]) => ({
      received: group.length,
      acknowledged: group.filter((opinion) => opinion.acknowledgedAfter !== undefined || opinion.answeredAfter !== undefined).length,
      answered: group.filter((opinion) => opinion.answeredAfter !== undefined).length,
      medianHoursToAcknowledge: medianHours(
        group.flatMap((opinion) => (opinion.acknowledgedAfter === undefined && opinion.answeredAfter === undefined ? [] : [Math.min(opinion.acknowledgedAfter ?? Infinity, opinion.answeredAfter ?? Infinity)])),
      ),
      medianHoursToAnswer: medianHours(group.flatMap((opinion) => opinion.answeredAfter ?? [])),
    });
    const { byCounty, byPlanner, ...city } = body.opinions;
    expect(city).toEqual(expectFigures(shown));
    expect(city.medianHoursToAcknowledge).toBe(3);
    expect(byCounty).toEqual(counties.map((county) => ({ code: county.code, name: county.name, ...expectFigures(shown.filter((opinion) => opinion.county === county.code)) })));
    // Ordered by name in the database's collation, which may differ between the backends: compared by name here.
    const byName = <T extends { planner: { name: string } }>(entries: T[]) => [...entries].sort((a, b) => (a.planner.name < b.planner.name ? -1 : 1));
    expect(byName(byPlanner)).toEqual(
      byName(planners.map((planner, index) => ({ planner: { name: planner.name }, ...expectFigures(shown.filter((opinion) => opinion.plannerIndex === index)) }))),
    );
    for (const entry of byPlanner) expect(Object.keys(entry.planner)).toEqual(["name"]);

    const march = await figures(`from=${YEAR}-03-01&to=${YEAR}-03-31`);
    expect(march.workRecords.total).toBe(2);
    expect(march.workRecords.byMonth).toEqual([{ month: `${YEAR}-03`, records: 2 }]);
    expect(march.opinions).toMatchObject({ received: 0, medianHoursToAnswer: null, byPlanner: [] });
  });

  it("refuses a range backwards or over 120 months with a 400 naming the field", async () => {
    const backwards = await session.app.inject(`/api/coverage/work?from=${YEAR}-02-01&to=${YEAR}-01-01`);
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json()).toMatchObject({ type: "/problems/validation-failed", errors: [{ path: "querystring.from" }] });
    const long = await session.app.inject(`/api/coverage/work?from=2020-01-01&to=2030-01-01`);
    expect(long.statusCode).toBe(400);
    expect(long.json()).toMatchObject({ errors: [{ path: "querystring.to" }] });
    expect((await session.app.inject(`/api/coverage/work?from=2020-01-01`)).statusCode).toBe(400);
    expect((await session.app.inject(`/api/coverage/work?from=2020-01-01&to=2029-12-31`)).statusCode).toBe(200);
  });
});
