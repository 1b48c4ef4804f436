/**
 * api.data_revision() follows commit order (migration 0011): of two overlapping writing transactions, the second
 * writer waits for the first to commit, and the revision after both commits is above the one after the first, so
 * every answer kept per revision (tile, TileJSON, lookup, search, coverage) shows both writes.
 *
 * PGlite serves one connection, so two of its transactions can never overlap: its half makes the two writes one after
 * the other through the app's own connection and checks the same answers; the overlap is proven on PostgreSQL.
 */
import type { FastifyInstance } from "fastify";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import type { CoverageReport } from "../../../server/src/contracts/coverage.ts";
import type { LookupResult } from "../../../server/src/contracts/lookup.ts";
import type { SearchResponse } from "../../../server/src/contracts/search.ts";
import type { TileJson } from "../../../server/src/contracts/tiles.ts";
import { transaction } from "../../../server/src/db/database.ts";
import { compareDataRevisions } from "../../../server/src/revision/revision-cache.ts";
import { useFreshApp } from "../../helpers/app.ts";
import { enabledBackends } from "../../helpers/backends.ts";
import { layerFeatures } from "../tiles/tile-dump.ts";
import { tileAt } from "../tiles/tile-fixtures.ts";

// 东街街道's seat, in the county polygon of 城区: the lookup there lists 城区's townships (built-in data).
const POINT = { lon: 112.846381, lat: 35.495141 };
// A zoom-6 tile that holds both 城区 and 泽州县.
const TILE = tileAt(POINT.lon, POINT.lat, 6);
/** Each write renames a county and a township of 城区, so that every answer can show it. */
const WRITES = {
  first: { county: ["140502", "修订城区"], township: ["140502001", "修订东街街道"] },
  second: { county: ["140525", "修订泽州县"], township: ["140502002", "修订西街街道"] },
} as const;
type Write = (typeof WRITES)[keyof typeof WRITES];

describe.each(enabledBackends())("the data revision on %s", (backend) => {
  let app: FastifyInstance;
  useFreshApp(backend, (built) => {
    app = built;
  });
  const revision = async () => (await app.db.sql<{ revision: string }[]>`select api.data_revision() as revision`)[0]!.revision;
  const json = async <T>(url: string): Promise<T> => {
    const response = await app.inject(url);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<T>();
  };

  /** The names each answer shows for the divisions the writes rename, and the revision in the TileJSON. */
  async function answers() {
    const tile = await app.inject(`/tiles/divisions/${TILE.z}/${TILE.x}/${TILE.y}.mvt`);
    expect(tile.statusCode).toBe(200);
    const lookup = await json<LookupResult>(`/api/lookup?lon=${POINT.lon}&lat=${POINT.lat}`);
    const search = await json<SearchResponse>(`/api/search?q=${encodeURIComponent("修订")}`);
    const coverage = await json<CoverageReport>("/api/coverage");
    const tileJson = await json<TileJson>("/tiles/divisions.json");
    return {
      tile: layerFeatures(tile.rawPayload, "divisions").map((feature) => String(feature.properties.name)),
      lookup: [lookup.county.name, ...lookup.countyTownships!.map((township) => township.name)],
      search: search.results.flatMap((result) => (result.type === "division" ? [result.name] : [])),
      coverage: coverage.counties.map((county) => county.name),
      tileJsonRevision: new URL(tileJson.tiles[0]!).searchParams.get("v"),
    };
  }

  /** Checks that every answer shows each write of `shown` and none of `hidden`, at `atRevision`. */
  async function expectAnswers(atRevision: string, shown: Write[], hidden: Write[]) {
    const seen = await answers();
    expect(seen.tileJsonRevision).toBe(atRevision);
    for (const write of shown) {
      expect(seen.tile).toContain(write.county[1]);
      expect(seen.coverage).toContain(write.county[1]);
      expect(seen.lookup).toContain(write.township[1]);
      expect(seen.search).toEqual(expect.arrayContaining([write.county[1], write.township[1]]));
    }
    for (const write of hidden) {
      for (const names of [seen.tile, seen.coverage, seen.lookup, seen.search]) {
        expect(names).not.toContain(write.county[1]);
        expect(names).not.toContain(write.township[1]);
      }
    }
  }

  it("raises the revision once per writing transaction, and not for a transaction that rolls back", async () => {
    const before = await revision();
    const inside = await transaction(app.db.sql, async (tx) => {
      await tx`update divisions set geom_source = geom_source where level = 'county'`;
      await tx`update planners set office_hours = office_hours where is_demo`;
      return (await tx<{ revision: string }[]>`select api.data_revision() as revision`)[0]!.revision;
    });
    expect(Number(inside.split("-")[0])).toBe(Number(before.split("-")[0]) + 1);
    expect(await revision()).toBe(inside);
    await expect(
      transaction(app.db.sql, async (tx) => {
        await tx`update divisions set geom_source = geom_source where level = 'county'`;
        throw new Error("given up");
      }),
    ).rejects.toThrow("given up");
    expect(await revision()).toBe(inside);
  });

  it("does not raise it for a write to users, which no answer shows", async () => {
    const before = await revision();
    await app.db.sql`update users set display_name = display_name`;
    expect(await revision()).toBe(before);
  });

  const rename = (sql: postgres.Sql, write: Write) =>
    sql`update divisions set name = case code when ${write.county[0]} then ${write.county[1]} else ${write.township[1]} end
        where code in (${write.county[0]}, ${write.township[0]})`;

  it.runIf(backend === "pglite")("shows two writes committed one after the other in every answer", async () => {
    await expectAnswers(await revision(), [], [WRITES.first, WRITES.second]);
    await transaction(app.db.sql, (tx) => rename(tx, WRITES.first));
    const afterFirst = await revision();
    await expectAnswers(afterFirst, [WRITES.first], [WRITES.second]);
    await transaction(app.db.sql, (tx) => rename(tx, WRITES.second));
    const afterBoth = await revision();
    expect(compareDataRevisions(afterBoth, afterFirst)).toBeGreaterThan(0);
    await expectAnswers(afterBoth, [WRITES.first, WRITES.second], []);
  });

  it.runIf(backend === "postgis")(
    "orders two overlapping writes by commit: the one that began first waits, commits last, and every answer shows both",
    async () => {
      await expectAnswers(await revision(), [], [WRITES.first, WRITES.second]);
      const late = postgres(app.config.databaseUrl!, { max: 1, onnotice: () => {} });
      const early = postgres(app.config.databaseUrl!, { max: 1, onnotice: () => {} });
      try {
        // The transaction that begins first (it takes its transaction id first) writes second.
        const second = await early.reserve();
        await second`begin`;
        const [session] = await second<{ pid: number }[]>`select pg_backend_pid() as pid, txid_current()`;
        const first = await late.reserve();
        await first`begin`;
        await rename(first, WRITES.first);
        const secondWrite = rename(second, WRITES.second).execute();
        // The second writer waits on the revision row for the first to end; this is what orders their numbers.
        for (let waiting = false; !waiting; ) {
          const [row] = await app.db.sql<{ waiting: boolean }[]>`
            select exists (
              select 1 from pg_locks as l
              join pg_stat_activity as a on a.pid = l.pid
              where l.pid = ${session!.pid} and not l.granted and a.wait_event_type = 'Lock'
            ) as waiting`;
          waiting = row!.waiting;
        }
        await first`commit`;
        first.release();
        await secondWrite;
        const afterFirst = await revision();
        await expectAnswers(afterFirst, [WRITES.first], [WRITES.second]);
        await second`commit`;
        second.release();
        const afterBoth = await revision();
        expect(compareDataRevisions(afterBoth, afterFirst)).toBeGreaterThan(0);
        await expectAnswers(afterBoth, [WRITES.first, WRITES.second], []);
      } finally {
        await late.end();
        await early.end();
      }
    },
  );
});
