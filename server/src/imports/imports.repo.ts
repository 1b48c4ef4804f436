/**
 * Pending imports (migration 0015): an upload read and prepared through the same functions as `npm run import`
 * (server/src/import), kept with its preview until the bureau commits or cancels it, or it expires. Preparing
 * writes nothing but the pending import; a commit applies the kept plan in one transaction under the committer's
 * name. The import modules are loaded on first use: they are a large part of the server's code, unused at start.
 */
import path from "node:path";
import { transaction, type Sql } from "../db/database.ts";
import type { ImportReport, PreparedImport } from "../import/import-boundaries.ts";
import type { CoordinatesChoice } from "../import/read-coordinates.ts";
import type { Read } from "../import/read-input.ts";
import type { Upload, UploadChoices } from "./upload.ts";

/** How long a preview may wait for its commit. */
const PENDING_HOURS = 24;

export type PreviewOutcome = { ok: true; importId: number } | { ok: false; problems: string[] };

/**
 * Reads the uploaded files as the command line reads a file or folder, prepares the import and keeps it as a
 * pending import of `userId`; files the import cannot read give { ok: false, problems } and nothing is kept.
 */
export async function createPendingImport(sql: Sql, upload: Upload, options: UploadChoices, userId: number): Promise<PreviewOutcome> {
  const { choices, given, shown } = options;
  const [{ readInput }, { prepareImport }, { previewBody }] = await Promise.all([
    import("../import/read-input.ts"),
    import("../import/import-boundaries.ts"),
    import("./import-preview.ts"),
  ]);
  // One file is read as the command line reads a file; several as it reads a folder (a Shapefile's parts).
  const input = await readInput(upload.files.length === 1 ? path.join(upload.folder, upload.files[0]!) : upload.folder, given ? { coordinates: given } : {});
  if (!input.ok) return { ok: false, problems: [input.reason] };
  const prepared = await prepareImport(sql, input.value, { ...choices, preview: true, name: `import ${upload.files.join(", ")}` });
  const { preview: _geometry, ...plan } = prepared;
  const body = previewBody(input.value, choices, prepared);
  const [row] = await sql<{ id: number }[]>`
    insert into pending_imports (created_by, expires_at, options, preview, plan)
    values (${userId}, now() + make_interval(hours => ${PENDING_HOURS}), ${JSON.stringify(shown)}::text::jsonb,
            ${JSON.stringify(body)}::text::jsonb, ${JSON.stringify(plan)}::text::jsonb)
    returning id`;
  return { ok: true, importId: row!.id };
}

/** Marks pending imports past their expiry as expired and drops their plans; returns how many. */
export async function expirePendingImports(sql: Sql): Promise<number> {
  const rows = await sql`
    update pending_imports set status = 'expired', plan = null, closed_at = now()
    where status = 'pending' and expires_at <= now()
    returning id`;
  return rows.length;
}

/** The pending import with its preview as JSON text (contracts/imports.ts ImportPreview); undefined when there is none. */
export async function readPendingImport(sql: Sql, importId: number): Promise<string | undefined> {
  const [row] = await sql<{ body: string }[]>`
    select (p.preview || jsonb_build_object(
      'id', p.id,
      'status', case when p.status = 'pending' and p.expires_at <= now() then 'expired' else p.status end,
      'createdBy', creator.name, 'createdAt', p.created_at, 'expiresAt', p.expires_at,
      'closedBy', closer.name, 'closedAt', p.closed_at, 'options', p.options, 'report', p.report))::text as body
    from pending_imports as p
    join users as creator on creator.id = p.created_by
    left join users as closer on closer.id = p.closed_by
    where p.id = ${importId}`;
  return row?.body;
}

/** The values the import's choices may take, as the command line accepts them. */
export async function importChoiceValues(): Promise<{ provenances: readonly string[]; parseCoordinates: (text: string) => Read<CoordinatesChoice> }> {
  const [{ PROVENANCES }, { parseCoordinatesOption }] = await Promise.all([import("../import/read-input.ts"), import("../import/read-coordinates.ts")]);
  return { provenances: PROVENANCES, parseCoordinates: parseCoordinatesOption };
}

/**
 * Why a pending import could not be committed or cancelled; the database and the pending import are unchanged.
 * rejected: the import has problems, or the database refused a geometry; outdated: a division it writes changed
 * since it was prepared.
 */
export type Closing =
  | { ok: true }
  | { ok: false; reason: "not-found" }
  | { ok: false; reason: "not-pending"; status: string }
  | { ok: false; reason: "rejected" | "outdated"; problems: string[] };

/**
 * Locks the pending import and, when it is still pending and unexpired, runs `close` in the same transaction
 * and records the new status.
 */
async function closePendingImport(
  sql: Sql,
  importId: number,
  userId: number,
  status: "committed" | "cancelled",
  close: (plan: PreparedImport, tx: Sql) => Promise<ImportReport | null>,
): Promise<Closing> {
  return transaction(sql, async (tx) => {
    const [row] = await tx<{ status: string; plan: PreparedImport | null }[]>`
      select case when status = 'pending' and expires_at <= now() then 'expired' else status end as status,
             case when status = 'pending' and expires_at > now() then plan end as plan
      from pending_imports where id = ${importId}
      for update`;
    if (!row) return { ok: false, reason: "not-found" };
    if (row.status !== "pending") return { ok: false, reason: "not-pending", status: row.status };
    const report = await close(row.plan!, tx);
    await tx`
      update pending_imports
      set status = ${status}, plan = null, report = ${report ? JSON.stringify(report) : null}::text::jsonb, closed_by = ${userId}, closed_at = now()
      where id = ${importId}`;
    return { ok: true };
  });
}

/** Applies a pending import all or nothing, `actor` in the audit log; see Closing for why it may not. */
export async function commitPendingImport(sql: Sql, importId: number, userId: number, actor: string): Promise<Closing> {
  const { applyImport, ImportError, ImportOutdatedError } = await import("../import/import-boundaries.ts");
  try {
    return await closePendingImport(sql, importId, userId, "committed", (plan, tx) => applyImport(tx, plan, { actor }));
  } catch (error) {
    if (error instanceof ImportError) return { ok: false, reason: error instanceof ImportOutdatedError ? "outdated" : "rejected", problems: error.problems };
    throw error;
  }
}

/** Cancels a pending import; its plan is dropped, its preview kept. */
export async function cancelPendingImport(sql: Sql, importId: number, userId: number): Promise<Closing> {
  return closePendingImport(sql, importId, userId, "cancelled", async () => null);
}
