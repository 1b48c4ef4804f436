/**
 * Planners' work records (工作记录): a planner lists, logs and edits their own (If-Match) and adds photos with upload
 * progress; the bureau and leaders list everyone's.
 */
import type { CreateWorkRecordBody, UpdateWorkRecordBody, WorkRecord, WorkRecordList, WorkRecordsQuery } from "@contracts/work-records.ts";
import { getJson, request, uploadForm, type Tagged } from "./http.ts";

export type { CreateWorkRecordBody, UpdateWorkRecordBody, WorkRecord };

/** The kinds a new record takes, in the plan's order (the contract's list; the client takes only its types). */
export const WORK_RECORD_KINDS = [
  "site_visit",
  "opinion_solicitation",
  "problem_sorting",
  "planning_feedback",
  "project_implementation",
  "training",
  "publicity",
] as const satisfies readonly CreateWorkRecordBody["kind"][];

/** The filters of a list; a planner's list is their own whatever they ask. */
export type WorkRecordFilters = Partial<Pick<WorkRecordsQuery, "planner" | "county" | "kind" | "from" | "to" | "limit">>;

/** Newest first (by date, then id); empty when none match. */
export async function listWorkRecords(filters: WorkRecordFilters, signal?: AbortSignal): Promise<WorkRecord[]> {
  return (await getJson<WorkRecordList>("/api/work-records", { ...filters }, signal)).workRecords;
}

/** Throws ApiProblem 422 constraint-violated when the planner held no post on the area or project that day. */
export function createWorkRecord(body: CreateWorkRecordBody): Promise<Tagged<WorkRecord>> {
  return request<WorkRecord>("POST", "/api/work-records", { body });
}

/** Throws 412 when the record changed since `etag` (another tab, another device), 403 for another planner's. */
export function updateWorkRecord(workRecordId: number, etag: string, body: UpdateWorkRecordBody): Promise<Tagged<WorkRecord>> {
  return request<WorkRecord>("PATCH", `/api/work-records/${workRecordId}`, { body, ifMatch: etag });
}

/** Adds photos (one file part each) with upload progress; answers the record with every photo. 413 beyond the limits. */
export function addWorkRecordPhotos(
  workRecordId: number,
  files: readonly File[],
  onProgress: (loaded: number, total: number) => void,
): Promise<Tagged<WorkRecord>> {
  const form = new FormData();
  for (const file of files) form.append("photo", file, file.name);
  return uploadForm<WorkRecord>(`/api/work-records/${workRecordId}/photos`, form, onProgress);
}
