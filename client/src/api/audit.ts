/**
 * The audit log of the bureau's resources: a resource's changes (history, newest first, paged with `before`), the
 * resource as it was at a time, and undo of its latest change. The history's ETag names the latest change; undo sends
 * it back as If-Match, so that it undoes the change the editor saw.
 */
import type { AuditChange, AuditHistory, AuditRecord, AuditResource, LaterChange, UndoResult } from "@contracts/audit.ts";
import { request, type Tagged } from "./http.ts";

export type { AuditChange, AuditHistory, AuditRecord, AuditResource, LaterChange, UndoResult };

/** A page of the resource's changes, newest first; 404 when the log holds nothing for it. */
export function getHistory(
  resource: AuditResource,
  id: number,
  page: { limit?: number; before?: number } = {},
  signal?: AbortSignal,
): Promise<Tagged<AuditHistory>> {
  return request<AuditHistory>("GET", "/api/audit", { query: { resource, id, limit: page.limit, before: page.before }, ...(signal ? { signal } : {}) });
}

/** The resource as it was at `at` (a date: the end of that day in China time; or a time with its offset); 404 when it did not exist then. */
export async function getAsOf(resource: AuditResource, id: number, at: string, signal?: AbortSignal): Promise<AuditRecord> {
  return (await request<AuditRecord>("GET", `/api/audit/${resource}/${id}`, { query: { at }, ...(signal ? { signal } : {}) })).data;
}

/**
 * Undoes the resource's latest change as a new change. Throws 412 with `current` (the latest change) when another
 * came since `historyEtag`, 409 with `laterChange` when a later change wrote its rows again.
 */
export function undoLastChange(resource: AuditResource, id: number, historyEtag: string): Promise<Tagged<UndoResult>> {
  return request<UndoResult>("POST", `/api/audit/${resource}/${id}/undo`, { ifMatch: historyEtag });
}
