import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import {
  AppointmentHistory,
  AppointmentHistoryParams,
  CoverageGaps,
  CoverageQuery,
  CoverageReport,
  CoverageTimeline,
  TIMELINE_MAX_POINTS,
  TimelineQuery,
  UnitCoverageList,
  WorkCells,
  WorkFigures,
  WorkFiguresQuery,
} from "../contracts/coverage.ts";
import { ProblemError } from "../http/problem.ts";
import { formatQueryErrors, invalidParameter } from "../lookup/query-errors.ts";
import { coverageGaps, coverageReport, coverageTimeline, unitAppointmentHistory, unitCoverageList, workCells, workFigures } from "./coverage.repo.ts";
import { timelinePointCount } from "./timeline-steps.ts";

export const coverageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** Answers on one date (default today) that PostgreSQL builds as JSON text, sent as they are. */
  const onDate = [
    {
      url: "/api/coverage",
      summary: "Coverage of the responsible planner system on a date: city, counties, belts, county chief posts",
      description: "Units required, covered, vacant and not yet required, with percentages; the plan phase of the date (default today).",
      body: CoverageReport,
      load: coverageReport,
    },
    {
      url: "/api/coverage/units",
      summary: "Every township-level unit with its coverage status on a date, for the dashboard map and table",
      description: "Status covered | vacant | not_required by the plan's rules, the unit planner's name, belts, boundary flags.",
      body: UnitCoverageList,
      load: unitCoverageList,
    },
    {
      url: "/api/coverage/gaps",
      summary: "Where coverage has gaps on a date: required units in no unit area, vacant unit posts, uncovered land",
      description:
        "A public aggregate. Units with county, since when, bbox and label point; per county the part outside every unit area (GeoJSON, km²), only where township boundaries are loaded.",
      body: CoverageGaps,
      load: coverageGaps,
    },
  ];
  for (const { url, summary, description, body, load } of onDate) {
    app.get(
      url,
      {
        // JSON text from PostgreSQL: documented by the schema, typed as the string it is.
        schema: { summary, description, querystring: CoverageQuery, response: { 200: Type.Unsafe<string>(body) } },
        schemaErrorFormatter: formatQueryErrors,
      },
      async (request, reply) => reply.type("application/json; charset=utf-8").send(await load(app.db.sql, request.query.date)),
    );
  }

  app.get(
    "/api/coverage/timeline",
    {
      schema: {
        summary: "The city's coverage over time, for the rollout chart, with the plan's phase dates",
        description: `Every first of a month (or Monday) from \`from\` to \`to\` inclusive; at most ${TIMELINE_MAX_POINTS} points.`,
        querystring: TimelineQuery,
        response: { 200: Type.Unsafe<string>(CoverageTimeline) },
      },
      schemaErrorFormatter: formatQueryErrors,
    },
    async (request, reply) => {
      const { from, to, step } = request.query;
      if (from > to) throw invalidParameter("from", `must be on or before to (${to})`);
      const points = timelinePointCount(from, to, step);
      if (points > TIMELINE_MAX_POINTS) {
        throw invalidParameter("to", `the range gives ${points} points by ${step}; at most ${TIMELINE_MAX_POINTS}`);
      }
      const body = await coverageTimeline(app.db.sql, request.query);
      return reply.type("application/json; charset=utf-8").send(body);
    },
  );

  /** Public aggregates of the work records over a range of dates, both checked alike before the database is asked. */
  const overRange = [
    {
      url: "/api/coverage/work",
      summary: "Planners' work records by kind, county and month, and opinion response times per county and planner, over a range of dates",
      description: `A public aggregate (planners by public name only); from and to inclusive, at most ${TIMELINE_MAX_POINTS} months; county narrows it to one county.`,
      body: WorkFigures,
      load: workFigures,
    },
    {
      url: "/api/coverage/work/cells",
      summary: "Where the work records of a range of dates lie: counts per hexagon of about 2 km, for the dashboard's map",
      description: `A public aggregate that shows no single record: cells of fewer than 3 records are left out (counted in leftOut); from and to inclusive, at most ${TIMELINE_MAX_POINTS} months; county narrows it to one county.`,
      body: WorkCells,
      load: workCells,
    },
  ];
  for (const { url, summary, description, body, load } of overRange) {
    app.get(
      url,
      {
        schema: { summary, description, querystring: WorkFiguresQuery, response: { 200: Type.Unsafe<string>(body) } },
        schemaErrorFormatter: formatQueryErrors,
      },
      async (request, reply) => {
        const { from, to } = request.query;
        if (from > to) throw invalidParameter("from", `must be on or before to (${to})`);
        const months = Number(to.slice(0, 4)) * 12 + Number(to.slice(5, 7)) - (Number(from.slice(0, 4)) * 12 + Number(from.slice(5, 7))) + 1;
        if (months > TIMELINE_MAX_POINTS) throw invalidParameter("to", `the range touches ${months} months; at most ${TIMELINE_MAX_POINTS}`);
        const body = await load(app.db.sql, request.query);
        if (body === undefined) throw invalidParameter("county", `names no county of the city: ${request.query.county}`);
        return reply.type("application/json; charset=utf-8").send(body);
      },
    );
  }

  app.get(
    "/api/coverage/units/:code/appointments",
    {
      schema: {
        summary: "The unit-planner appointments that ever covered one township-level unit, newest first",
        params: AppointmentHistoryParams,
        response: { 200: Type.Unsafe<string>(AppointmentHistory) },
      },
      // Public, but a bureau or leader sign-in also sees a dismissal as such (for anyone else it reads "ended").
      config: { public: true },
    },
    async (request, reply) => {
      const role = request.user?.role;
      const body = await unitAppointmentHistory(app.db.sql, request.params.code, role === "bureau" || role === "leader");
      if (body === undefined) throw new ProblemError("not-found", `no township-level unit has the code ${request.params.code}`);
      return reply.type("application/json; charset=utf-8").send(body);
    },
  );
};
