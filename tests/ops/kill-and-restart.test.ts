/**
 * SIGKILL, on both databases: of `npm run import` while it writes, and of the server during a burst of bureau writes.
 * After a restart the data is exactly the last committed state: the import applied whole or not at all; every write
 * answered 2xx is there, each area with all its members; nothing else of the burst but writes still in flight.
 */
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createAccount } from "../../server/src/auth/accounts.repo.ts";
import { hashPassword } from "../../server/src/auth/passwords.ts";
import type { Config } from "../../server/src/config.ts";
import { openDatabase } from "../../server/src/db/database.ts";
import { enabledBackends } from "../helpers/backends.ts";
import { freshDatabaseConfig } from "../helpers/databases.ts";
import { requireReferenceData } from "../helpers/reference-data.ts";
import { startProcess, startServer, type ServerProcess } from "../helpers/server-process.ts";

const PASSWORD = "kill test password 1234";

/** The environment that points a process at the database of `config`. */
function databaseEnv(config: Config): NodeJS.ProcessEnv {
  return config.databaseUrl ? { DATABASE_URL: config.databaseUrl } : { DATA_DIR: config.dataDir };
}

/** Runs `fn` on the database of `config` (the embedded one only while no process holds it). */
async function withDatabase<T>(config: Config, fn: (sql: Awaited<ReturnType<typeof openDatabase>>["sql"]) => Promise<T>): Promise<T> {
  const database = await openDatabase(config);
  try {
    return await fn(database.sql);
  } finally {
    await database.close();
  }
}

/** The boundaries held and the data revision: what an import changes. */
async function boundaryState(config: Config): Promise<{ withGeometry: number; fingerprint: string; revision: number }> {
  return withDatabase(config, async (sql) => {
    const [row] = await sql<{ withGeometry: number; fingerprint: string; revision: number }[]>`
      select count(geom)::int as with_geometry,
             md5(string_agg(code || ':' || coalesce(md5(st_asbinary(geom)), '-') || ':' || coalesce(provenance, '-'), ',' order by code)) as fingerprint,
             (select number from data_revision where id = 1)::int as revision
      from divisions`;
    return row!;
  });
}

/** Starts the server, checks that it answers, and stops it (SIGTERM, exit 0): a restart after the kill. */
async function restartAndStop(config: Config): Promise<void> {
  const server = await startServer(databaseEnv(config));
  expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  server.child.kill("SIGTERM");
  expect(await server.exited).toEqual({ code: 0, signal: null });
}

describe.each(enabledBackends())("SIGKILL and restart on %s", (backend) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it("leaves an import killed while it writes applied not at all, and it applies whole when run again", async () => {
    const reference = requireReferenceData("SIGKILL during an import");
    if (!reference) return;
    const file = path.join(reference, "townships-approx.geojson");
    const fresh = await freshDatabaseConfig(backend);
    cleanups.push(fresh.cleanup);
    const before = await boundaryState(fresh.config);

    const importing = startProcess(["scripts/import.ts", file], { ...databaseEnv(fresh.config), LOG_LEVEL: "silent" });
    cleanups.push(async () => void importing.child.kill("SIGKILL"));
    const [, done, total] = await importing.waitFor(/written (\d+)\/(\d+)/);
    expect(Number(done)).toBeLessThan(Number(total));
    importing.child.kill("SIGKILL");
    expect((await importing.exited).signal).toBe("SIGKILL");

    await restartAndStop(fresh.config);
    const afterKill = await boundaryState(fresh.config);

    const again = startProcess(["scripts/import.ts", file], { ...databaseEnv(fresh.config), LOG_LEVEL: "silent" });
    expect(await again.exited, again.output()).toEqual({ code: 0, signal: null });
    const imported = await boundaryState(fresh.config);
    expect(imported.withGeometry).toBeGreaterThan(before.withGeometry);
    // The kill came before the COMMIT (the progress said so): nothing of it may show.
    expect(afterKill).toEqual(before);
  });

  it("keeps every write answered 2xx, whole, after the server is killed during a burst of writes", async () => {
    const fresh = await freshDatabaseConfig(backend);
    cleanups.push(fresh.cleanup);
    const townships = await withDatabase(fresh.config, async (sql) => {
      await createAccount(sql, { name: "kill-bureau", role: "bureau", displayName: "kill-bureau", passwordHash: await hashPassword(PASSWORD), plannerId: null }, "test");
      return (await sql<{ code: string }[]>`select code from divisions where level = 'township' order by code limit 4`).map((row) => row.code);
    });

    let server: ServerProcess = await startServer(databaseEnv(fresh.config));
    cleanups.push(async () => void server.child.kill("SIGKILL"));
    const origin = new URL(server.url).origin;
    const signedIn = await fetch(`${server.url}/api/session`, {
      method: "POST",
      headers: { origin, "content-type": "application/json" },
      body: JSON.stringify({ name: "kill-bureau", password: PASSWORD }),
    });
    expect(signedIn.status).toBe(200);
    const cookie = signedIn.headers.getSetCookie().map((header) => header.split(";")[0]).join("; ");

    // Four writers, each writing belts one after another until the server dies under them.
    const acknowledged: string[] = [];
    const inFlight = new Set<string>();
    let killed!: () => void;
    const enoughWritten = new Promise<void>((resolve) => (killed = resolve));
    const writer = async (writerIndex: number) => {
      for (let index = 0; ; index++) {
        const code = `burst-${writerIndex}-${index}`;
        inFlight.add(code);
        try {
          const response = await fetch(`${server.url}/api/areas`, {
            method: "POST",
            headers: { origin, cookie, "content-type": "application/json" },
            body: JSON.stringify({ code, name: code, kind: "belt", members: townships }),
          });
          if (response.status !== 201) throw new Error(`${code}: ${response.status} ${await response.text()}`);
          inFlight.delete(code);
          acknowledged.push(code);
          if (acknowledged.length === 12) killed();
        } catch (error) {
          if (error instanceof TypeError) return; // the connection died with the server
          throw error;
        }
      }
    };
    const writers = Promise.all([0, 1, 2, 3].map(writer));
    await enoughWritten;
    server.child.kill("SIGKILL");
    await writers;
    expect((await server.exited).signal).toBe("SIGKILL");

    server = await startServer(databaseEnv(fresh.config));
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    server.child.kill("SIGTERM");
    expect(await server.exited).toEqual({ code: 0, signal: null });

    const stored = await withDatabase(fresh.config, (sql) =>
      sql<{ code: string; members: number }[]>`
        select a.code, count(ad.division_code)::int as members
        from areas a left join area_divisions ad on ad.area_id = a.id
        where a.code like 'burst-%' group by a.code order by a.code`,
    );
    const storedCodes = stored.map((row) => row.code);
    expect(storedCodes).toEqual(expect.arrayContaining(acknowledged));
    expect(storedCodes.filter((code) => !acknowledged.includes(code) && !inFlight.has(code))).toEqual([]);
    expect(stored.filter((row) => row.members !== townships.length)).toEqual([]);
  });
});
