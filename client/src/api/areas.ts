/** The bureau's areas (责任区): list, read, judge, create, change, lock, retire. Writes send the ETag they are based on. */
import type { Area, AreaCheckBody, AreaList, AreaVerdict, CreateAreaBody, MergeAreaBody, RetireAreaBody, SplitAreaAnswer, SplitAreaBody, UpdateAreaBody } from "@contracts/areas.ts";
import { getJson, request, type Tagged } from "./http.ts";

export type { Area, AreaCheckBody, AreaVerdict, CreateAreaBody, UpdateAreaBody };
export type AreaListItem = AreaList["areas"][number];

/** Every area with today's holders; on `date` (YYYY-MM-DD) the areas in force then, with that day's holders. */
export async function listAreas(signal?: AbortSignal, date?: string): Promise<AreaListItem[]> {
  return (await getJson<AreaList>("/api/areas", { date }, signal)).areas;
}

export function getArea(areaId: number, signal?: AbortSignal): Promise<Tagged<Area>> {
  return request<Area>("GET", `/api/areas/${areaId}`, signal ? { signal } : {});
}

/** The judge's verdict on a proposal; nothing is saved. */
export async function checkArea(body: AreaCheckBody, signal?: AbortSignal): Promise<AreaVerdict> {
  return (await request<AreaVerdict>("POST", "/api/areas/check", { body, ...(signal ? { signal } : {}) })).data;
}

/** Throws ApiProblem 422 geometry-rejected with `verdict` when the judge refuses. */
export function createArea(body: CreateAreaBody): Promise<Tagged<Area>> {
  return request<Area>("POST", "/api/areas", { body });
}

/** Throws 412 with `current` when the area changed since `etag`, 409 area-locked, 422 geometry-rejected. */
export function updateArea(areaId: number, etag: string, body: UpdateAreaBody): Promise<Tagged<Area>> {
  return request<Area>("PATCH", `/api/areas/${areaId}`, { body, ifMatch: etag });
}

export function retireArea(areaId: number, etag: string, body: RetireAreaBody): Promise<Tagged<{ area: Area; endedAppointmentIds: number[] }>> {
  return request("POST", `/api/areas/${areaId}/retire`, { body, ifMatch: etag });
}

/** A new area takes members (or the part left of a line); 412, 409 area-locked, 422 geometry-rejected as for a change. */
export function splitArea(areaId: number, etag: string, body: SplitAreaBody): Promise<Tagged<SplitAreaAnswer>> {
  return request("POST", `/api/areas/${areaId}/split`, { body, ifMatch: etag });
}

/** The other area joins this one and is retired today; 412 when either changed, 409 when a kind differs or one is locked. */
export function mergeArea(areaId: number, etag: string, body: MergeAreaBody): Promise<Tagged<Area>> {
  return request("POST", `/api/areas/${areaId}/merge`, { body, ifMatch: etag });
}
