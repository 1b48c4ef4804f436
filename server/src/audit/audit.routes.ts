/**
 * History, as-of reads and undo of the bureau's resources (areas with their member divisions, planners,
 * appointments, projects), from the audit log:
 *   GET  /api/audit?resource=&id=&limit=&before=     the resource's changes, newest first (bureau, leader)
 *   GET  /api/audit/{resource}/{resourceId}?at=      the resource as it was at a time (bureau, leader)
 *   POST /api/audit/{resource}/{resourceId}/undo     undo its last change as a new change (bureau)
 * The history's ETag names the resource's latest change; undo needs it back as If-Match (428 without, 412 with the
 * latest change when another came meanwhile), so that it undoes the change the editor saw. Undoing an undo redoes.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import {
  AsOfQuery,
  AuditHistory,
  AuditHistoryQuery,
  AuditRecord,
  AuditResourceParams,
  UndoResult,
  type AuditChange,
  type AuditResource,
} from "../contracts/audit.ts";
import { requiredVersion, setVersionTag } from "../http/entity-version.ts";
import { ProblemError } from "../http/problem.ts";
import { readAsOf, readHistory, readLastChange, undoChange, type UndoRefusal } from "./audit.repo.ts";

const READERS = { roles: ["bureau", "leader"] as const };
const WRITERS = { roles: ["bureau"] as const };

/** A date means the end of that day in China time (no daylight saving: always +08:00); a time is taken as given. */
function instantOf(at: string): string {
  return at.length === 10 ? `${at}T23:59:59.999999+08:00` : at;
}

function noHistory(resource: AuditResource, id: number): ProblemError {
  return new ProblemError("not-found", `the audit log holds nothing for ${resource} ${id}`);
}

/** The 409 for an undo that did not happen, in the project's words. */
function refusalProblem(changeId: number, refusal: Exclude<UndoRefusal, { reason: "not-found" }>): ProblemError {
  switch (refusal.reason) {
    case "empty":
      return new ProblemError("conflict", `change ${changeId} left nothing to undo`);
    case "other-tables":
      return new ProblemError(
        "conflict",
        `change ${changeId} also wrote ${refusal.tables.join(", ")} (a data load or an import): undo restores areas, planners, appointments and projects only`,
        { tables: refusal.tables },
      );
    case "later-change": {
      const later = refusal.later;
      if (!later) return new ProblemError("conflict", `a record of change ${changeId} has changed since: read the history again`);
      const what = later.resource === null ? `${later.table} ${later.key}` : `${later.resource} ${later.key}`;
      return new ProblemError(
        "conflict",
        `change ${later.id} (${what}, by ${later.actor} at ${later.changedAt}) changed a record of change ${changeId} again: undo that change first`,
        { laterChange: later },
      );
    }
    case "constraint": {
      const record = `${refusal.table.replaceAll("_", " ")} ${refusal.key}`;
      const detail =
        refusal.sqlstate === "23503"
          ? refusal.step === "delete"
            ? `${record}, which change ${changeId} created, is referred to by other records now: change those first`
            : `restoring ${record} needs a record that no longer exists`
          : refusal.sqlstate === "23P01"
            ? `restoring ${record} would overlap a record in force at the same time, such as another holder of the same post`
            : refusal.sqlstate === "23505"
              ? `restoring ${record} would repeat a key that another record holds now`
              : `restoring ${record} would break a rule of the data`;
      return new ProblemError("conflict", `change ${changeId} cannot be undone: ${detail}`, { table: refusal.table, key: refusal.key });
    }
  }
}

export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** The resource's latest change, as the history shows it. */
  async function latestChange(resource: AuditResource, id: number): Promise<AuditChange> {
    const [change] = await readHistory(app.db.sql, resource, id, 1);
    if (!change) throw noHistory(resource, id);
    return change;
  }

  app.get(
    "/api/audit",
    {
      config: READERS,
      schema: {
        summary: "A resource's changes, newest first: who, when, each row before and after (bureau, leader)",
        querystring: AuditHistoryQuery,
        response: { 200: AuditHistory },
      },
    },
    async (request, reply) => {
      const { resource, id, limit, before } = request.query;
      const changes = await readHistory(app.db.sql, resource, id, limit, before);
      const last = before === undefined ? changes[0]?.id : await readLastChange(app.db.sql, resource, id);
      if (last === undefined) throw noHistory(resource, id);
      reply.header("cache-control", "no-store");
      setVersionTag(reply, last);
      return { resource, id, changes, nextBefore: changes.length === limit ? changes.at(-1)!.id : null };
    },
  );

  app.get(
    "/api/audit/:resource/:resourceId",
    {
      config: READERS,
      schema: {
        summary: "A resource as it was at a date or time, from the audit log (bureau, leader)",
        description: "Data loaded before the audit log existed is recorded from its load: earlier times answer 404.",
        params: AuditResourceParams,
        querystring: AsOfQuery,
        response: { 200: AuditRecord },
      },
    },
    async (request, reply) => {
      const { resource, resourceId } = request.params;
      const found = await readAsOf(app.db.sql, resource, resourceId, instantOf(request.query.at));
      if (found.firstRecordedAt === null) throw noHistory(resource, resourceId);
      if (found.record === null || found.change === null) {
        throw new ProblemError("not-found", `${resource} ${resourceId} did not exist at ${found.asOf} (the log first recorded it at ${found.firstRecordedAt})`);
      }
      reply.header("cache-control", "no-store");
      return { resource, id: resourceId, at: found.asOf, change: found.change, record: found.record, members: found.members };
    },
  );

  app.post(
    "/api/audit/:resource/:resourceId/undo",
    {
      config: WRITERS,
      schema: {
        summary: "Undo the resource's last change as a new change (bureau); needs If-Match with the history's ETag",
        description:
          "Every row the change wrote, of this resource or another (a reassignment ends one appointment and starts the next), goes back to its state before it. " +
          "409 when a later change wrote one of those rows again, or when the restored rows would break a rule of the data.",
        params: AuditResourceParams,
        response: { 200: UndoResult },
      },
    },
    async (request, reply) => {
      const { resource, resourceId } = request.params;
      const expected = requiredVersion(request, "history");
      const last = await readLastChange(app.db.sql, resource, resourceId);
      if (last === undefined) throw noHistory(resource, resourceId);
      if (last !== expected) {
        setVersionTag(reply, last);
        throw new ProblemError("precondition-failed", `the latest change of ${resource} ${resourceId} is now change ${last}`, {
          current: await latestChange(resource, resourceId),
        });
      }
      const result = await undoChange(app.db.sql, last, `user:${request.user!.name}`);
      if (!result.ok) {
        if (result.reason === "not-found") throw noHistory(resource, resourceId);
        throw refusalProblem(last, result);
      }
      // The new change as the resource's history shows it: the newest up to its id.
      const [change] = await readHistory(app.db.sql, resource, resourceId, 1, result.change + 1);
      setVersionTag(reply, change!.id);
      return { undone: last, change: change! };
    },
  );
};
