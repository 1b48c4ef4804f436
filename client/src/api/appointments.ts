/**
 * Appointments (聘任) to an area's posts: the area's list, appoint, renew, reassign (end and start in one step), end.
 * Changes send the ETag they are based on: 412 with `current` when stale, 409 appointment-overlaps naming the holder.
 */
import type {
  Appointment,
  AreaAppointments,
  ConflictingAppointment,
  CreateAppointmentBody,
  EndAppointmentBody,
  ReassignAppointmentBody,
  Reassignment,
} from "@contracts/appointments.ts";
import { getJson, request, type Tagged } from "./http.ts";

export type { Appointment, ConflictingAppointment, CreateAppointmentBody, EndAppointmentBody, ReassignAppointmentBody };
export type AreaAppointment = AreaAppointments["appointments"][number];
export type AppointmentRole = Appointment["role"];

/** Every appointment to the area's posts, ever, by role and start, with the planner's name. */
export async function listAreaAppointments(areaId: number, signal?: AbortSignal): Promise<AreaAppointment[]> {
  return (await getJson<AreaAppointments>(`/api/areas/${areaId}/appointments`, {}, signal)).appointments;
}

/** Throws 409 appointment-overlaps (with `conflictingAppointment`) when the post is held over those dates. */
export function createAppointment(body: CreateAppointmentBody): Promise<Tagged<Appointment>> {
  return request<Appointment>("POST", "/api/appointments", { body });
}

/** One more contract year; 422 beyond ten. */
export function renewAppointment(appointmentId: number, etag: string): Promise<Tagged<Appointment>> {
  return request<Appointment>("POST", `/api/appointments/${appointmentId}/renew`, { ifMatch: etag });
}

/** Ends the appointment on body.validFrom and starts body.plannerId in the same post, in one transaction. */
export function reassignAppointment(appointmentId: number, etag: string, body: ReassignAppointmentBody): Promise<Tagged<Reassignment>> {
  return request<Reassignment>("POST", `/api/appointments/${appointmentId}/reassign`, { body, ifMatch: etag });
}

export function endAppointment(appointmentId: number, etag: string, body: EndAppointmentBody): Promise<Tagged<Appointment>> {
  return request<Appointment>("POST", `/api/appointments/${appointmentId}/end`, { body, ifMatch: etag });
}
