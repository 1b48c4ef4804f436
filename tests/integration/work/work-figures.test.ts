/**
 * GET /api/coverage/work, the dashboard's public figures of planners' work and of the answers to opinions: they
 * equal the counts and medians made here from the test's own rows, in a year no other data reaches, and carry no
 * planner but by public name. Narrowed to a county they count that county's rows alone, and add up to the city's.
 */
import { describe, expect, it } from "vitest";
import { WorkFigures } from "../../../server/src/contracts/coverage.ts";
import { WORK_RECORD_KINDS } from "../../../server/src/contracts/work-records.ts";
import { Value } from "typebox/value";
import { enabledBackends } from "../../helpers/backends.ts";
import { insertOpinion, medianHours, useWorkSession, type County } from "./work-session.ts";

/** A year without built-in or demo work records or opinions. */
const YEAR = 2031;
/** Another such year, for the figures narrowed to a county. */
const COUNTY_YEAR = 2036;

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

  it("narrows every figure to one county, and the city's counts are the sums of its counties'", async () => {
    const counties = await session.counties();
    expect(counties.length, "the built-in data has the city's counties with boundaries").toBeGreaterThanOrEqual(3);
    const planner = await session.newPlanner("图表测试规划师丙");
    const areaId = await session.newArea("figures-area-county");
    await session.appoint({ plannerId: planner.id, areaId, role: "unit", validFrom: `${COUNTY_YEAR}-01-01` });
    // Three records in the first county, two in the second, one in the third; opinions in the first two.
    const logged = [
      { county: 0, kind: "site_visit", occurredOn: `${COUNTY_YEAR}-02-03` },
      { county: 0, kind: "site_visit", occurredOn: `${COUNTY_YEAR}-04-10` },
      { county: 0, kind: "training", occurredOn: `${COUNTY_YEAR}-04-11` },
      { county: 1, kind: "site_visit", occurredOn: `${COUNTY_YEAR}-02-20` },
      { county: 1, kind: "publicity", occurredOn: `${COUNTY_YEAR}-09-01` },
      { county: 2, kind: "problem_sorting", occurredOn: `${COUNTY_YEAR}-11-30` },
    ];
    for (const record of logged) {
      const response = await session.send(planner.cookie, "POST", "/api/work-records", {
        kind: record.kind,
        occurredOn: record.occurredOn,
        ...counties[record.county]!.point,
        areaId,
        text: "分县测试记录",
      });
      expect(response.statusCode, response.body).toBe(201);
    }
    const received = [
      { county: 0, plannerId: planner.id, createdAt: `${COUNTY_YEAR}-03-01T08:00:00+08:00`, acknowledgedAfter: 2, answeredAfter: 30 },
      { county: 0, plannerId: null, createdAt: `${COUNTY_YEAR}-03-02T08:00:00+08:00` },
      { county: 1, plannerId: planner.id, createdAt: `${COUNTY_YEAR}-03-03T08:00:00+08:00`, acknowledgedAfter: 5 },
    ];
    for (const opinion of received) await insertOpinion(session.app, { ...opinion, at: counties[opinion.county]!.point });

    const range = `from=${COUNTY_YEAR}-01-01&to=${COUNTY_YEAR}-12-31`;
    const city = await figures(range);
    expect(city.county).toBeNull();
    expect(city.workRecords.total).toBe(logged.length);
    const perCounty = await Promise.all(counties.map((county) => figures(`${range}&county=${county.code}`)));
    const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

    for (const [index, county] of counties.entries()) {
      const narrowed = perCounty[index]!;
      const own = logged.filter((record) => record.county === index);
      expect(narrowed.county).toEqual({ code: county.code, name: county.name });
      expect(narrowed.workRecords.total).toBe(own.length);
      expect(narrowed.workRecords.byCounty).toEqual([{ code: county.code, name: county.name, records: own.length }]);
      expect(narrowed.workRecords.byKind.find((entry) => entry.kind === "site_visit")?.records).toBe(own.filter((record) => record.kind === "site_visit").length);
      expect(narrowed.workRecords.byMonth).toHaveLength(12);
      const { byCounty: opinionCounties, byPlanner, ...opinionTotals } = narrowed.opinions;
      const ownOpinions = received.filter((opinion) => opinion.county === index);
      expect(opinionTotals.received).toBe(ownOpinions.length);
      expect(sum(byPlanner.map((entry) => entry.received))).toBe(ownOpinions.filter((opinion) => opinion.plannerId !== null).length);
      expect(opinionCounties).toEqual([{ code: county.code, name: county.name, ...opinionTotals }]);
      expect(opinionCounties[0]).toEqual(city.opinions.byCounty.find((entry) => entry.code === county.code));
    }
    expect(perCounty[0]!.workRecords.total).toBeLessThan(city.workRecords.total);
    expect(perCounty[0]!.opinions.medianHoursToAnswer).toBe(30);

    // Every record and opinion of the year lies in a county: the city's counts are the counties' sums.
    expect(sum(perCounty.map((narrowed) => narrowed.workRecords.total))).toBe(city.workRecords.total);
    expect(city.workRecords.byKind).toEqual(
      city.workRecords.byKind.map((entry) => ({
        kind: entry.kind,
        records: sum(perCounty.map((narrowed) => narrowed.workRecords.byKind.find((other) => other.kind === entry.kind)?.records ?? 0)),
      })),
    );
    expect(city.workRecords.byMonth).toEqual(
      city.workRecords.byMonth.map((entry, month) => ({ month: entry.month, records: sum(perCounty.map((narrowed) => narrowed.workRecords.byMonth[month]!.records)) })),
    );
    for (const count of ["received", "acknowledged", "answered"] as const) {
      expect(sum(perCounty.map((narrowed) => narrowed.opinions[count])), count).toBe(city.opinions[count]);
    }
    const receivedBy = (answer: WorkFigures) => sum(answer.opinions.byPlanner.filter((entry) => entry.planner.name === planner.name).map((entry) => entry.received));
    expect(sum(perCounty.map(receivedBy))).toBe(receivedBy(city));
  });

  it("refuses a county that is not a 6-digit code of one of the city's counties with a 400 problem naming county", async () => {
    for (const county of ["14050", "1405021", "abcdef", "999999"]) {
      for (const path of ["/api/coverage/work", "/api/coverage/work/cells"]) {
        const response = await session.app.inject(`${path}?from=${YEAR}-01-01&to=${YEAR}-12-31&county=${county}`);
        expect(response.statusCode, `${path} ${county}`).toBe(400);
        expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
        expect(response.json()).toMatchObject({ type: "/problems/validation-failed", status: 400, errors: [{ path: "querystring.county" }] });
      }
    }
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
