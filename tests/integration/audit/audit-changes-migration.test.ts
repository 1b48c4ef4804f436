/**
 * Migration 0016 and the change ids it adds to the audit log: one id per writing transaction, following commit
 * order; rows logged before the migration grouped the same way; and the list of resources the same in SQL and in
 * the contract.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { AUDIT_RESOURCES } from "../../../server/src/contracts/audit.ts";
import { transaction, type Sql } from "../../../server/src/db/database.ts";
import { enabledBackends } from "../../helpers/backends.ts";
import { useFreshDatabase } from "../../helpers/databases.ts";

const MIGRATION = fileURLToPath(new URL("../../../sql/migrations/0016_add_audit_changes.sql", import.meta.url));

/** Inserts a planner and updates it, in one transaction as `actor`; returns the planner's id. */
async function writeAs(sql: Sql, actor: string, name: string): Promise<number> {
  return transaction(sql, async (tx) => {
    await tx`select set_config('app.actor', ${actor}, true)`;
    const [row] = await tx<{ id: number }[]>`insert into planners (name) values (${name}) returning id`;
    await tx`update planners set organisation = 'x' where id = ${row!.id}`;
    return row!.id;
  });
}

/** Audit row ids grouped by change, in log order: the partition the change ids make. */
async function partition(sql: Sql): Promise<number[][]> {
  const rows = await sql<{ ids: number[] }[]>`select array_agg(id order by id) as ids from audit_log group by change_id order by min(id)`;
  return rows.map((row) => row.ids);
}

describe.each(enabledBackends())("audit change ids on %s", (backend) => {
  const db = useFreshDatabase(backend);

  it("gives every writing transaction one change id, rising in commit order, shared by none other", async () => {
    const { sql } = db.database;
    const first = await writeAs(sql, "test:one", "变更编号甲");
    const second = await writeAs(sql, "test:two", "变更编号乙");
    const changes = await sql<{ rowKey: string; changes: number[] }[]>`
      select row_key, array_agg(distinct change_id) as changes from audit_log
      where table_name = 'planners' and row_key in (${String(first)}, ${String(second)}) group by row_key order by row_key::bigint`;
    expect(changes.map((row) => row.changes.length)).toEqual([1, 1]);
    expect(changes[1]!.changes[0]).toBeGreaterThan(changes[0]!.changes[0]!);
    const [shared] = await sql<{ n: number }[]>`select count(*)::int as n from audit_log where change_id = ${changes[1]!.changes[0]!}`;
    expect(shared!.n).toBe(2);
    // The change id is the data revision the transaction raised.
    const [revision] = await sql<{ number: number }[]>`select number from data_revision`;
    expect(revision!.number).toBe(changes[1]!.changes[0]);
  });

  it("groups rows logged before the migration by transaction start and actor, below every later id", async () => {
    const { sql } = db.database;
    await writeAs(sql, "test:three", "变更编号丙");
    const before = await partition(sql);
    await sql`drop index audit_log_change_id_idx`;
    await sql`alter table audit_log drop column change_id`;
    await sql`drop function audit_change_id()`;
    await sql.file(MIGRATION);
    expect(await partition(sql)).toEqual(before);

    const [highest] = await sql<{ id: number }[]>`select max(change_id)::int as id from audit_log`;
    const after = await writeAs(sql, "test:four", "变更编号丁");
    const [latest] = await sql<{ changeId: number }[]>`select change_id from audit_log where table_name = 'planners' and row_key = ${String(after)} limit 1`;
    expect(latest!.changeId).toBeGreaterThan(highest!.id);
  });

  it("knows the same resources as the API contract", async () => {
    const rows = await db.database.sql<{ resource: string }[]>`select distinct resource from api.audit_tables() order by 1`;
    expect(rows.map((row) => row.resource)).toEqual([...AUDIT_RESOURCES].sort());
  });
});
