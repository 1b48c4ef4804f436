/** The bureau's planner records (责任规划师): list, read, create, change the profile and publish consent. */
import type { CreatePlannerBody, Planner, PlannerList, UpdatePlannerBody } from "@contracts/planners.ts";
import { getJson, request, type Tagged } from "./http.ts";

export type { CreatePlannerBody, Planner, UpdatePlannerBody };
export type PlannerListItem = PlannerList["planners"][number];

/** Every planner (id, name, organisation …), for lists and pickers. */
export async function listPlanners(signal?: AbortSignal): Promise<PlannerListItem[]> {
  return (await getJson<PlannerList>("/api/planners", {}, signal)).planners;
}

/** Every field, private contacts included, with the ETag a change must send back. */
export function getPlanner(plannerId: number, signal?: AbortSignal): Promise<Tagged<Planner>> {
  return request<Planner>("GET", `/api/planners/${plannerId}`, signal ? { signal } : {});
}

/** Throws ApiProblem 422 when consent names a contact the planner does not have. */
export function createPlanner(body: CreatePlannerBody): Promise<Tagged<Planner>> {
  return request<Planner>("POST", "/api/planners", { body });
}

/** Throws 412 with `current` when the planner changed since `etag`; contacts and publishConsent replace whole. */
export function updatePlanner(plannerId: number, etag: string, body: UpdatePlannerBody): Promise<Tagged<Planner>> {
  return request<Planner>("PATCH", `/api/planners/${plannerId}`, { body, ifMatch: etag });
}
