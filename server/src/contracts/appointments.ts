/**
 * Schemas of appointments (聘任) as the bureau writes them (server/src/appointments): a planner in an area's post with
 * a role over dates. validTo is exclusive (the first day the appointment no longer holds); null is open-ended.
 * Only typebox and the shared date and nullable pieces.
 */
import { Type, type Static } from "typebox";
import { VERSIONED_FIELDS } from "./versioned.ts";
import { IsoDate, Nullable, PlanDate } from "./lookup.ts";

/** City chief, county chief (seconded from the bureau or hired), unit (township) planner, project planner. */
const APPOINTMENT_ROLES = ["chief_city", "chief_county_seconded", "chief_county_hired", "unit", "project"] as const;
/** 公开招聘 | 定向委托. */
const SELECTION_METHODS = ["open_recruitment", "directed_commission"] as const;
/** active, or ended (term over, resigned, reassigned) or dismissed (e.g. failed the yearly evaluation). */
const APPOINTMENT_STATUSES = ["active", "ended", "dismissed"] as const;

const SelectionMethod = Type.Union([Type.Enum(SELECTION_METHODS), Type.Null()]);
/** The most yearly contracts one appointment may hold (renewing beyond is a 422). */
export const MAX_CONTRACT_YEARS = 10;
const ContractYears = Type.Union([Type.Integer({ minimum: 1, maximum: MAX_CONTRACT_YEARS }), Type.Null()]);
const Reason = Type.String({ minLength: 1, maxLength: 1000, pattern: "\\S", description: "why it ends, in words" });

/** One appointment with every field; endReason is null while active. */
export const Appointment = Type.Object(
  {
    id: Type.Integer(),
    plannerId: Type.Integer(),
    areaId: Type.Integer(),
    role: Type.Enum(APPOINTMENT_ROLES),
    validFrom: IsoDate,
    validTo: Nullable(IsoDate),
    selectionMethod: SelectionMethod,
    contractYears: ContractYears,
    paid: Type.Boolean(),
    status: Type.Enum(APPOINTMENT_STATUSES),
    endReason: Nullable(Type.String()),
    ...VERSIONED_FIELDS,
  },
  { additionalProperties: false },
);
export type Appointment = Static<typeof Appointment>;

/** POST /api/appointments: validTo, when given, after validFrom; paid defaults to true, the others to null. */
/** The optional terms of a new appointment: its last day (exclusive), how the planner was chosen, the contract. */
const TERMS = {
  validTo: Type.Optional(Nullable(PlanDate)),
  selectionMethod: Type.Optional(SelectionMethod),
  contractYears: Type.Optional(ContractYears),
  paid: Type.Optional(Type.Boolean()),
};

export const CreateAppointmentBody = Type.Object(
  { plannerId: Type.Integer({ minimum: 1 }), areaId: Type.Integer({ minimum: 1 }), role: Type.Enum(APPOINTMENT_ROLES), validFrom: PlanDate, ...TERMS },
  { additionalProperties: false },
);
export type CreateAppointmentBody = Static<typeof CreateAppointmentBody>;

/** POST /api/appointments/{appointmentId}/end: the first day it no longer holds (after validFrom), and why. */
export const EndAppointmentBody = Type.Object(
  {
    validTo: PlanDate,
    reason: Reason,
    status: Type.Optional(Type.Enum(["ended", "dismissed"] as const, { default: "ended" })),
  },
  { additionalProperties: false },
);
export type EndAppointmentBody = Static<typeof EndAppointmentBody>;

/**
 * POST /api/appointments/{appointmentId}/reassign: the appointment ends on validFrom (with reason) and the planner
 * takes the same post from that day, in one transaction; the new term's other fields as in CreateAppointmentBody.
 */
export const ReassignAppointmentBody = Type.Object(
  { plannerId: Type.Integer({ minimum: 1 }), validFrom: PlanDate, reason: Reason, ...TERMS },
  { additionalProperties: false },
);
export type ReassignAppointmentBody = Static<typeof ReassignAppointmentBody>;

/** POST …/reassign answer: the appointment that ended and the one that started (whose ETag the answer carries). */
export const Reassignment = Type.Object({ ended: Appointment, started: Appointment }, { additionalProperties: false });
export type Reassignment = Static<typeof Reassignment>;

/** What a 409 appointment-overlaps problem names: the appointment that holds the post over the same dates. */
export const ConflictingAppointment = Type.Object(
  { id: Type.Integer(), plannerId: Type.Integer(), plannerName: Type.String(), validFrom: IsoDate, validTo: Nullable(IsoDate) },
  { additionalProperties: false },
);
export type ConflictingAppointment = Static<typeof ConflictingAppointment>;

export const AppointmentParams = Type.Object({ appointmentId: Type.Integer({ minimum: 1 }) });

/** GET /api/areas/{areaId}/appointments: every appointment to the area's posts, ever, with the planner's name. */
export const AreaAppointments = Type.Object({
  appointments: Type.Array(Type.Object({ ...Appointment.properties, plannerName: Type.String() }, { additionalProperties: false })),
});
export type AreaAppointments = Static<typeof AreaAppointments>;
