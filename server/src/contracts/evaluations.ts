/**
 * Schemas of the yearly two-way evaluation (双向评估, server/src/evaluations): a round a year, opened by the bureau;
 * ratings in both directions per appointment (the unit rates its planner, the planner rates the support received);
 * the bureau's pass | fail, a fail ending the appointment. Only typebox and the shared pieces.
 */
import { Type, type Static } from "typebox";
import { Appointment } from "./appointments.ts";
import { IsoDate, Nullable, PlanDate } from "./lookup.ts";

const Year = Type.Integer({ minimum: 2021, maximum: 2100, description: "the year evaluated" });
const Score = Type.Number({ minimum: 0, maximum: 100, description: "0-100, kept to two decimals" });
const Comment = Type.String({ minLength: 1, maxLength: 1000, pattern: "\\S" });
/** area_to_planner: the unit (township / project) rates its planner; planner_to_area: the planner rates the support received. */
const DIRECTIONS = ["area_to_planner", "planner_to_area"] as const;
const ROUND_STATUSES = ["open", "closed"] as const;
const RESULTS = ["pass", "fail"] as const;

export const RoundParams = Type.Object({ year: Year });

/** POST /api/evaluation-rounds: openedOn defaults to today, closesOn to the later of 31 December and openedOn. */
export const OpenRoundBody = Type.Object(
  { year: Year, openedOn: Type.Optional(PlanDate), closesOn: Type.Optional(PlanDate) },
  { additionalProperties: false },
);
export type OpenRoundBody = Static<typeof OpenRoundBody>;

/** PATCH /api/evaluation-rounds/{year} + If-Match: a new closing date, or close (or reopen) the round. */
export const UpdateRoundBody = Type.Object(
  { closesOn: Type.Optional(PlanDate), status: Type.Optional(Type.Enum(ROUND_STATUSES)) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateRoundBody = Static<typeof UpdateRoundBody>;

/** A round without its appointments: the answer to opening or changing it (ETag: its version). */
export const Round = Type.Object(
  { year: Type.Integer(), openedOn: IsoDate, closesOn: IsoDate, status: Type.Enum(ROUND_STATUSES), version: Type.Integer() },
  { additionalProperties: false },
);
export type Round = Static<typeof Round>;

/** A rating as the round shows it; enteredBy is null for ratings of the first schema. */
const RatingSummary = Type.Object(
  {
    score: Nullable(Type.Number()),
    comment: Nullable(Type.String()),
    enteredBy: Nullable(Type.Enum(["bureau", "planner"])),
    evaluatedOn: IsoDate,
    version: Type.Integer(),
  },
  { additionalProperties: false },
);

/** Opinions routed to the planner: counts and median hours (null when none got there), as api.opinion_response builds them. */
const OpinionResponse = Type.Object({
  received: Type.Integer(),
  acknowledged: Type.Integer({ description: "acknowledged or answered" }),
  answered: Type.Integer(),
  medianHoursToAcknowledge: Nullable(Type.Number()),
  medianHoursToAnswer: Nullable(Type.Number()),
});

/** Counts by kind: the plan's seven kinds always (0 where none), then any other kind recorded. */
const KindCounts = Type.Array(Type.Object({ kind: Type.String(), records: Type.Integer() }));

/**
 * GET /api/evaluation-rounds/{year} (bureau, leader): the round and every appointment in force on some day of the
 * year (any role; ended and dismissed ones too), each with the figures in view: the planner's work records on that
 * post dated on its days of the year, the opinions routed to the planner on those days, both ratings (null when
 * not given) and the bureau's result (null when none yet). ETag: the round's version.
 */
export const EvaluationRound = Type.Object(
  {
    ...Round.properties,
    appointments: Type.Array(
      Type.Object({
        appointment: Type.Object({
          id: Type.Integer(),
          plannerId: Type.Integer(),
          plannerName: Type.String(),
          areaId: Type.Integer(),
          areaCode: Type.String(),
          areaName: Type.String(),
          role: Appointment.properties.role,
          validFrom: IsoDate,
          validTo: Nullable(IsoDate),
          status: Appointment.properties.status,
          contractYears: Nullable(Type.Integer()),
          version: Type.Integer({ description: "the appointment's ETag, for renew" }),
        }),
        workRecords: Type.Object({ total: Type.Integer(), byKind: KindCounts }),
        opinions: OpinionResponse,
        ratings: Type.Object({ areaToPlanner: Nullable(RatingSummary), plannerToArea: Nullable(RatingSummary) }),
        result: Nullable(
          Type.Object({
            result: Type.Enum(RESULTS),
            comment: Nullable(Type.String()),
            effectiveFrom: Nullable(IsoDate),
            decidedOn: IsoDate,
            version: Type.Integer(),
          }),
        ),
      }),
    ),
  },
  { additionalProperties: false },
);
export type EvaluationRound = Static<typeof EvaluationRound>;

/**
 * PUT /api/evaluation-rounds/{year}/ratings: sets one rating of an appointment in force that year. The bureau
 * enters either direction; a planner only planner_to_area, for their own appointment. Replacing a rating needs
 * If-Match with its version (428 without, 412 when stale).
 */
export const RatingBody = Type.Object(
  { appointmentId: Type.Integer({ minimum: 1 }), direction: Type.Enum(DIRECTIONS), score: Score, comment: Type.Optional(Nullable(Comment)) },
  { additionalProperties: false },
);
export type RatingBody = Static<typeof RatingBody>;

/** One rating with every field (ETag: its version). */
export const Rating = Type.Object(
  {
    id: Type.Integer(),
    appointmentId: Type.Integer(),
    year: Type.Integer(),
    direction: Type.Enum(DIRECTIONS),
    score: Nullable(Type.Number()),
    comment: Nullable(Type.String()),
    enteredBy: Nullable(Type.Enum(["bureau", "planner"])),
    evaluatedOn: IsoDate,
    version: Type.Integer(),
    updatedAt: Type.String({ format: "date-time" }),
  },
  { additionalProperties: false },
);
export type Rating = Static<typeof Rating>;

/**
 * POST /api/evaluation-rounds/{year}/results (bureau): the round's verdict on an appointment in force that year,
 * once. A fail needs a reason and ends the appointment from effectiveFrom (default today), dismissed with that
 * reason, in the same transaction; a pass offers the renewal.
 */
export const ResultBody = Type.Object(
  { appointmentId: Type.Integer({ minimum: 1 }), result: Type.Enum(RESULTS), reason: Type.Optional(Comment), effectiveFrom: Type.Optional(PlanDate) },
  { additionalProperties: false },
);
export type ResultBody = Static<typeof ResultBody>;

/** The verdict as stored; comment holds the reason of a fail; effectiveFrom is null for a pass. */
export const EvaluationResult = Type.Object(
  {
    id: Type.Integer(),
    appointmentId: Type.Integer(),
    year: Type.Integer(),
    result: Type.Enum(RESULTS),
    comment: Nullable(Type.String()),
    effectiveFrom: Nullable(IsoDate),
    decidedOn: IsoDate,
    version: Type.Integer(),
    updatedAt: Type.String({ format: "date-time" }),
  },
  { additionalProperties: false },
);
export type EvaluationResult = Static<typeof EvaluationResult>;

/**
 * The answer to a result: the verdict, the appointment after it (dismissed for a fail), and for a pass on an
 * active appointment below the most contract years, the renewal to offer: POST `href` with If-Match `ifMatch`.
 */
export const ResultAnswer = Type.Object(
  {
    result: EvaluationResult,
    appointment: Appointment,
    renew: Nullable(Type.Object({ method: Type.Literal("POST"), href: Type.String(), ifMatch: Type.String() })),
  },
  { additionalProperties: false },
);
export type ResultAnswer = Static<typeof ResultAnswer>;
