/**
 * Scale-out on engines operators already run (scripts/deploy/loopback.ts starts it on loopback): a PostgreSQL primary
 * and a streaming replica, pgbouncer in transaction mode, two processes of the built server reading from the
 * replica, nginx in front as load balancer and tile cache. What one process writes, the other and nginx show as soon
 * as the replica has applied it (the test waits for that event, see replicaApplied; how long it takes is measured by
 * npm run bench:scale-out); a tile URL naming a new data revision never shows older data, even while the replica lags.
 *
 * Part of the PostgreSQL half of the suite: it runs when TEST_DATABASE_URL is set (as .ci/run does, where
 * REQUIRE_POSTGIS=1 makes a missing half fail), needs PostgreSQL's own programs, nginx and pgbouncer
 * (scripts/test-prerequisites.sh installs the last two) and fails with the command to install what is missing.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { VectorTile } from "@mapbox/vector-tile";
import { PbfReader } from "pbf";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startLoopback, type Loopback } from "../../../scripts/deploy/loopback.ts";
import { solveChallenge } from "../../../server/src/opinions/proof-of-work.ts";
import { testDatabaseUrl } from "../../helpers/backends.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const BUNDLE_DIR = "dist/scale-out/bin";
const DEMO_PASSWORD = "scale-out demo password";
/**
 * Resolves once the replica has applied everything the primary committed so far: a marker transaction on the primary
 * (a logical message, its own WAL record) with synchronous_commit = remote_apply returns from its COMMIT only then (the loopback primary names any standby
 * synchronous, and nothing else waits for it). Its time, from the write before it, is what visitors wait.
 */
async function replicaApplied(primary: postgres.Sql): Promise<number> {
  const started = performance.now();
  await primary.begin(async (tx) => {
    await tx`set local synchronous_commit = remote_apply`;
    // A WAL record of its own, so that the COMMIT has something to wait for (an xid alone writes none).
    await tx`select pg_logical_emit_message(true, 'scale-out-test', 'applied')`;
  });
  return performance.now() - started;
}

/** The names of the features of `layer` in an MVT response body; none for an empty (204) tile. */
function featureNames(bytes: ArrayBuffer, layer: string): string[] {
  if (bytes.byteLength === 0) return [];
  const tileLayer = new VectorTile(new PbfReader(new Uint8Array(bytes))).layers[layer];
  const names: string[] = [];
  for (let index = 0; index < (tileLayer?.length ?? 0); index++) names.push(String(tileLayer!.feature(index).properties.name));
  return names;
}

/** Tile z/x/y (XYZ scheme) that contains lon/lat. */
function tileAt(lon: number, lat: number, z: number): { z: number; x: number; y: number } {
  const n = 2 ** z;
  const latRad = (lat * Math.PI) / 180;
  return { z, x: Math.floor(((lon + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(latRad) + 1 / Math.cos(latRad)) / Math.PI) / 2) * n) };
}

describe.skipIf(!testDatabaseUrl())("two server processes on a primary, a streaming replica, pgbouncer and nginx (PostgreSQL half: set TEST_DATABASE_URL)", () => {
  let loopback: Loopback;
  let replica: postgres.Sql;
  let primary: postgres.Sql;
  let cookie = "";
  let setUpSeconds = 0;

  /** A request to `base` with the session cookie and a same-origin Origin header. */
  const signedIn = (base: string, url: string, init: RequestInit = {}) =>
    fetch(`${base}${url}`, { ...init, headers: { cookie, origin: base, "content-type": "application/json", ...init.headers } });
  const createProject = async (base: string, name: string, lon: number, lat: number) => {
    const response = await signedIn(base, "/api/projects", { method: "POST", body: JSON.stringify({ name, projectType: "公共空间", site: { type: "Point", coordinates: [lon, lat] } }) });
    expect(response.status, await response.clone().text()).toBe(201);
    return (await response.json()) as { id: number; name: string };
  };
  const tileUrlOf = async (response: Response) => ((await response.json()) as { tiles: string[] }).tiles[0]!;

  beforeAll(async () => {
    // A bundle of its own: the server-bundle test rebuilds dist/server/bin meanwhile, and a build empties its folder.
    execFileSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/build-server.ts"), `--out-dir=${BUNDLE_DIR}`], { cwd: ROOT, stdio: "pipe" });
    const started = performance.now();
    loopback = await startLoopback({ servers: 2, bundle: path.join(ROOT, BUNDLE_DIR, "server.mjs"), demoPassword: DEMO_PASSWORD, opinionProofBits: 4 });
    setUpSeconds = (performance.now() - started) / 1000;
    replica = postgres(loopback.replicaUrl, { max: 1, onnotice: () => {} });
    primary = postgres(loopback.primaryUrl, { max: 1, onnotice: () => {} });
    const session = await fetch(`${loopback.servers[0]}/api/session`, {
      method: "POST",
      headers: { origin: loopback.servers[0]!, "content-type": "application/json" },
      body: JSON.stringify({ name: "demo-bureau", password: DEMO_PASSWORD }),
    });
    expect(session.status, await session.clone().text()).toBe(200);
    cookie = session.headers.getSetCookie().map((line) => line.split(";")[0]).join("; ");
  }, 180_000);

  afterAll(async () => {
    if (replica) {
      await replica`select pg_wal_replay_resume()`.catch(() => {});
      await replica.end();
    }
    await primary?.end();
    await loopback?.stop();
    console.log(`scale-out set-up started in ${setUpSeconds.toFixed(1)} s`);
  });

  it("keeps a session made on one process valid on the other and through nginx (sessions live in the database)", async () => {
    for (const base of [loopback.servers[1]!, loopback.nginx]) {
      const response = await signedIn(base, "/api/session");
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ user: { name: "demo-bureau" } });
    }
  });

  it("shows a write through one process on the other and through nginx once the replica has applied it", async () => {
    const project = await createProject(loopback.servers[0]!, "扩展测试：读写分离", 112.8421, 35.4823);
    // A signed-in reader reads the primary: at once, on the other process.
    const read = await signedIn(loopback.servers[1]!, `/api/projects/${project.id}`);
    expect(read.status).toBe(200);
    // Visitors read the replica: once it has applied the write, through nginx and on the other process.
    const appliedMs = await replicaApplied(primary);
    const items = await fetch(`${loopback.nginx}/ogc/collections/projects/items?limit=1000`);
    const features = ((await items.json()) as { features: { properties: { name: string } }[] }).features;
    expect(features.map((feature) => feature.properties.name)).toContain(project.name);
    const searched = await fetch(`${loopback.servers[1]}/api/search?q=${encodeURIComponent(project.name)}`);
    expect(((await searched.json()) as { results: { name: string }[] }).results.map((result) => result.name)).toContain(project.name);
    console.log(`the replica applied the write ${appliedMs.toFixed(0)} ms after it was answered`);
  });

  it("takes a visitor's opinion through nginx whichever process handed out its proof-of-work challenge", async () => {
    // Challenge and submission alternate between the processes unless nginx keeps one address on one process.
    for (const [index, category] of (["road_traffic", "public_space", "environment"] as const).entries()) {
      const issued = await fetch(`${loopback.nginx}/api/opinions/challenge`);
      const { challenge, bits } = (await issued.json()) as { challenge: string; bits: number };
      const form = new FormData();
      const fields = { lon: String(112.83 + index * 0.01), lat: "35.47", category, text: `扩展测试意见 ${index}`, contact: "", challenge, nonce: solveChallenge(challenge, bits) };
      for (const [name, value] of Object.entries(fields)) form.append(name, value);
      const submitted = await fetch(`${loopback.nginx}/api/opinions`, { method: "POST", body: form, headers: { origin: loopback.nginx } });
      expect(submitted.status, await submitted.clone().text()).toBe(201);
    }
  });

  it("never serves an older tile under a newer revision's URL, from either process or nginx's cache, while the replica lags", async () => {
    const [lon, lat] = [112.8513, 35.4911];
    const { z, x, y } = tileAt(lon, lat, 14);
    const tilePath = (template: string) => new URL(template.replace("{z}", String(z)).replace("{x}", String(x)).replace("{y}", String(y))).pathname;
    const before = await tileUrlOf(await fetch(`${loopback.nginx}/tiles/projects.json`));
    const oldVersion = new URL(before.replace(/[{}]/g, "")).searchParams.get("v")!;
    // nginx now holds the tile at the old revision.
    for (let round = 0; round < 2; round++) {
      const old = await fetch(`${loopback.nginx}${tilePath(before)}?v=${oldVersion}`);
      expect(featureNames(await old.arrayBuffer(), "projects")).not.toContain("扩展测试：新瓦片");
    }

    // The replica stops replaying: what the write below commits reaches only the primary.
    await replica`select pg_wal_replay_pause()`;
    await createProject(loopback.servers[0]!, "扩展测试：新瓦片", lon, lat);
    const signedInTileJson = await signedIn(loopback.servers[1]!, "/tiles/projects.json");
    const newVersion = new URL((await tileUrlOf(signedInTileJson)).replace(/[{}]/g, "")).searchParams.get("v")!;
    expect(newVersion).not.toBe(oldVersion);
    // Visitors are still on the replica's revision.
    expect(new URL((await tileUrlOf(await fetch(`${loopback.nginx}/tiles/projects.json`))).replace(/[{}]/g, "")).searchParams.get("v")).toBe(oldVersion);

    // The new revision's URL, asked by a visitor: the new tile, from each process and twice through nginx (the
    // second from its cache), never the replica's older tile.
    for (const base of [...loopback.servers, loopback.nginx, loopback.nginx]) {
      const response = await fetch(`${base}${tilePath(before)}?v=${newVersion}`);
      expect(response.status, base).toBe(200);
      expect(featureNames(await response.arrayBuffer(), "projects"), base).toContain("扩展测试：新瓦片");
    }
    const cached = await fetch(`${loopback.nginx}${tilePath(before)}?v=${newVersion}`);
    expect(cached.headers.get("x-cache-status")).toBe("HIT");
    expect(cached.headers.get("cache-control")).toContain("immutable");

    // Replay resumes: the visitors' TileJSON moves to the new revision, and its tile shows the change.
    await replica`select pg_wal_replay_resume()`;
    await replicaApplied(primary);
    const moved = await tileUrlOf(await fetch(`${loopback.nginx}/tiles/projects.json`));
    expect(moved).toContain(`v=${newVersion}`);
    const tile = await fetch(`${loopback.nginx}${tilePath(moved)}?v=${newVersion}`);
    expect(featureNames(await tile.arrayBuffer(), "projects")).toContain("扩展测试：新瓦片");
  });

  it("answers visitors from the primary while the replica is down, and goes back to the replica once it answers", async () => {
    const replicaState = async (base: string) => ((await (await fetch(`${base}/api/health`)).json()) as { replica?: string }).replica;
    /** Waits until every process's health says `state`: each learns it from its next probe of the replica. */
    const everyProcessSays = async (state: string) => {
      for (const base of loopback.servers) await vi.waitFor(async () => expect(await replicaState(base)).toBe(state), { timeout: 30_000, interval: 50 });
    };
    const visitorsRead = async (projectName: string) => {
      for (const base of [...loopback.servers, loopback.nginx]) {
        const searched = await fetch(`${base}/api/search?q=${encodeURIComponent(projectName)}`);
        expect(searched.status, base).toBe(200);
        expect(((await searched.json()) as { results: { name: string }[] }).results.map((result) => result.name), base).toContain(projectName);
        expect((await fetch(`${base}/api/lookup?lon=112.8513&lat=35.4911`)).status, base).toBe(200);
        expect((await fetch(`${base}/tiles/divisions.json`)).status, base).toBe(200);
        const tile = await fetch(`${base}/tiles/divisions/12/3330/1630.mvt`);
        expect([200, 204], base).toContain(tile.status);
      }
    };
    await everyProcessSays("answering");
    await loopback.stopReplica();
    let stillDown = true;
    try {
      await everyProcessSays("not-answering");
      // A write now is read by visitors at once: they read the primary, the only database there is.
      const project = await createProject(loopback.servers[0]!, "扩展测试：副本停机", 112.8402, 35.4811);
      await visitorsRead(project.name);
      await loopback.startReplica();
      stillDown = false;
    } finally {
      if (stillDown) await loopback.startReplica();
    }
    await everyProcessSays("answering");
    await replicaApplied(primary);
    await visitorsRead("扩展测试：副本停机");
  });
});
