/**
 * The scale-out set-up of scripts/deploy/README.md on one machine's loopback, started and stopped by the caller (the
 * scale-out test, the benchmark): a PostgreSQL primary and a streaming replica of it (pg_basebackup -R) in a
 * temporary folder, pgbouncer in transaction mode in front of the primary, N processes of the built server
 * (dist/server/bin/server.mjs) with DATABASE_URL through pgbouncer and DATABASE_REPLICA_URL on the replica, and nginx
 * in front as load balancer and tile cache. pgbouncer and nginx run the configuration templates of scripts/deploy/.
 * Everything listens on 127.0.0.1 on free ports and is removed by stop().
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";
import { loadConfig } from "../../server/src/config.ts";
import { openDatabase } from "../../server/src/db/database.ts";
import { setupDatabase } from "../../server/src/setup.ts";
import { renderTemplate } from "./render-template.ts";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");
/** The bundle npm run build:server makes. */
const SERVER_BUNDLE = path.join(ROOT, "dist/server/bin/server.mjs");
const DATABASE_NAME = "planner_atlas_h9_scale";
/** The Debian packages the set-up runs; scripts/test-prerequisites.sh installs them for npm run test:ops. */
const LOOPBACK_PACKAGES = ["nginx", "pgbouncer"];

export interface LoopbackOptions {
  /** Server processes behind nginx (default 2). */
  servers?: number;
  /** The built server to run (default dist/server/bin/server.mjs, from npm run build:server). */
  bundle?: string;
  /** Password of the demo accounts (demo-bureau …), set on every server. */
  demoPassword: string;
  /** Bound of each server's in-process tile cache (TILE_CACHE_MAX_BYTES); the server's default when absent. */
  tileCacheMaxBytes?: number;
  /** Leading zero bits of the opinions' proof of work (OPINION_PROOF_BITS); the server's default when absent. */
  opinionProofBits?: number;
  /** Freshness of tiles whose URL names no revision (TILE_MAX_AGE_S; 0: nginx does not keep them); server default when absent. */
  tileMaxAgeS?: number;
  /**
   * Fills the new, empty primary database before the set-up runs on it (the benchmark restores its national data set
   * here); pgBin holds the PostgreSQL client programs. Absent: the set-up's migrations and built-in data alone.
   */
  loadData?: (primaryUrl: string, pgBin: string) => Promise<void>;
  /** Progress lines. */
  log?: (line: string) => void;
}

export interface Loopback {
  /** nginx, in front of every server: http://127.0.0.1:<port>. */
  nginx: string;
  /** Each server process directly. */
  servers: string[];
  /** Direct connections (superuser) to the primary and to the replica, for checks. */
  primaryUrl: string;
  replicaUrl: string;
  /** Process ids of the server processes, as servers. */
  serverPids: number[];
  /** Stops the replica (pg_ctl stop -m fast) and starts it again (pg_ctl start -w), for the replica's fault test. */
  stopReplica(): Promise<void>;
  startReplica(): Promise<void>;
  /** Stops everything and removes the temporary folder; safe to call twice. */
  stop(): Promise<void>;
}

/** The programs the set-up runs, or an error naming what to install. */
async function findPrograms(): Promise<{ pgBin: string; nginx: string; pgbouncer: string }> {
  const missing: string[] = [];
  const which = async (name: string, candidates: string[]) => {
    for (const candidate of candidates) if (fs.existsSync(candidate)) return candidate;
    const found = await run("sh", ["-c", `command -v ${name}`]).then((result) => result.stdout.trim(), () => "");
    if (!found) missing.push(name);
    return found;
  };
  const nginx = await which("nginx", ["/usr/sbin/nginx"]);
  const pgbouncer = await which("pgbouncer", ["/usr/sbin/pgbouncer"]);
  const versions = fs.existsSync("/usr/lib/postgresql") ? fs.readdirSync("/usr/lib/postgresql").filter((name) => /^\d+$/.test(name)) : [];
  const pgBin = versions.map((version) => `/usr/lib/postgresql/${version}/bin`).find((bin) => fs.existsSync(path.join(bin, "pg_basebackup"))) ?? "";
  if (!pgBin) missing.push("postgresql (initdb, pg_ctl, pg_basebackup)");
  if (missing.length > 0) {
    throw new Error(`the scale-out set-up needs ${missing.join(", ")}: install them with\n  sudo apt-get install -y ${LOOPBACK_PACKAGES.join(" ")} postgresql-15-postgis-3`);
  }
  return { pgBin, nginx, pgbouncer };
}

/** A port free on 127.0.0.1 now. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts TCP connections on the port; rejects after timeoutMs or when `exited` settles. */
async function acceptsConnections(port: number, timeoutMs: number, what: string, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => (socket.destroy(), resolve(true)));
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`${what} did not listen on port ${port} within ${timeoutMs / 1000} s:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts the whole set-up; on any failure, stops what it started and rethrows. */
export async function startLoopback(options: LoopbackOptions): Promise<Loopback> {
  const log = options.log ?? (() => {});
  const programs = await findPrograms();
  const bundle = options.bundle ?? SERVER_BUNDLE;
  if (!fs.existsSync(bundle)) throw new Error(`${bundle} is missing: run npm run build:server first`);
  const asRoot = process.getuid?.() === 0;
  // PostgreSQL and pgbouncer refuse to run as root: as root, they run as the postgres user.
  const pgUser = asRoot ? "postgres" : os.userInfo().username;
  const asPgUser = (command: string, args: string[]) => (asRoot ? run("runuser", ["-u", "postgres", "--", command, ...args]) : run(command, args));

  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "planner-atlas-scale-out-"));
  fs.chmodSync(folder, 0o755);
  const children: { name: string; child: ChildProcess; signal: NodeJS.Signals }[] = [];
  const pgData: string[] = [];
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    for (const { child, signal } of children.reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill(signal);
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
    for (const data of pgData.reverse()) await asPgUser(path.join(programs.pgBin, "pg_ctl"), ["-D", data, "-m", "fast", "-w", "stop"]).catch(() => {});
    fs.rmSync(folder, { recursive: true, force: true });
  };
  const started = (name: string, child: ChildProcess, signal: NodeJS.Signals): (() => string) => {
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
    child.stderr?.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
    children.push({ name, child, signal });
    return () => output;
  };

  try {
    const password = randomBytes(12).toString("hex");
    const [primaryPort, replicaPort, bouncerPort, nginxPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const serverPorts: number[] = [];
    for (let index = 0; index < (options.servers ?? 2); index++) serverPorts.push(await freePort());
    const primaryData = path.join(folder, "primary");
    const replicaData = path.join(folder, "replica");
    const passwordFile = path.join(folder, "password");
    fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    if (asRoot) await run("chown", [pgUser, folder, passwordFile]);

    log("initdb: the primary");
    await asPgUser(path.join(programs.pgBin, "initdb"), ["-D", primaryData, "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8", "--auth-local=trust", "--auth-host=scram-sha-256", `--pwfile=${passwordFile}`]);
    // Durability is not under test here, and fsync on a shared disk would be most of the set-up's time.
    fs.appendFileSync(
      path.join(primaryData, "postgresql.conf"),
      `\nport = ${primaryPort}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${folder}'\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 50\nwal_level = replica\nmax_wal_senders = 4\n# Any standby may confirm a commit, but none is waited for (synchronous_commit = off) unless a session asks:\n# the scale-out test waits for the replica to apply a write with a marker transaction (remote_apply).\nsynchronous_standby_names = '*'\n`,
    );
    const pgCtl = path.join(programs.pgBin, "pg_ctl");
    await asPgUser(pgCtl, ["-D", primaryData, "-l", path.join(folder, "primary.log"), "-w", "start"]);
    pgData.push(primaryData);
    const primaryUrl = `postgres://postgres:${password}@127.0.0.1:${primaryPort}/${DATABASE_NAME}`;
    const admin = postgres(`postgres://postgres:${password}@127.0.0.1:${primaryPort}/postgres`, { onnotice: () => {} });
    try {
      await admin`create database ${admin(DATABASE_NAME)}`;
      // Through pgbouncer the server's own statement_timeout cannot be sent (see the pgbouncer template): set here.
      await admin`alter database ${admin(DATABASE_NAME)} set statement_timeout = '15s'`;
    } finally {
      await admin.end();
    }

    if (options.loadData) {
      log("loading the data into the primary");
      await options.loadData(primaryUrl, programs.pgBin);
    }
    log("migrations and built-in data, on a direct connection to the primary");
    const setUp = await openDatabase(loadConfig({ DATABASE_URL: primaryUrl, DB_POOL_MAX: "2" }));
    try {
      await setupDatabase(setUp.sql, { demo: true, demoPassword: options.demoPassword });
    } finally {
      await setUp.close();
    }

    log("pg_basebackup -R: the replica");
    await asPgUser("env", [`PGPASSWORD=${password}`, path.join(programs.pgBin, "pg_basebackup"), "-h", "127.0.0.1", "-p", String(primaryPort), "-U", "postgres", "-D", replicaData, "-R", "-X", "stream", "-c", "fast"]);
    fs.appendFileSync(path.join(replicaData, "postgresql.conf"), `\nport = ${replicaPort}\nhot_standby = on\nhot_standby_feedback = on\n`);
    await asPgUser(pgCtl, ["-D", replicaData, "-l", path.join(folder, "replica.log"), "-w", "start"]);
    pgData.push(replicaData);
    const replicaUrl = `postgres://postgres:${password}@127.0.0.1:${replicaPort}/${DATABASE_NAME}`;

    log("pgbouncer, transaction pooling");
    const bouncerDir = path.join(folder, "pgbouncer");
    fs.mkdirSync(bouncerDir);
    fs.writeFileSync(path.join(bouncerDir, "userlist.txt"), `"postgres" "${password}"\n`, { mode: 0o600 });
    const bouncerIni = path.join(bouncerDir, "pgbouncer.ini");
    fs.writeFileSync(
      bouncerIni,
      renderTemplate(fs.readFileSync(path.join(ROOT, "scripts/deploy/pgbouncer/pgbouncer.ini.template"), "utf8"), {
        DATABASE_NAME,
        DATABASE_HOST: "127.0.0.1",
        DATABASE_PORT: String(primaryPort),
        LISTEN_ADDR: "127.0.0.1",
        LISTEN_PORT: String(bouncerPort),
        UNIX_SOCKET_DIR: bouncerDir,
        AUTH_FILE: path.join(bouncerDir, "userlist.txt"),
        POOL_SIZE: "8",
        LOG_FILE: path.join(bouncerDir, "pgbouncer.log"),
        PID_FILE: path.join(bouncerDir, "pgbouncer.pid"),
        ADMIN_USER: "postgres",
      }),
    );
    if (asRoot) await run("chown", ["-R", pgUser, bouncerDir]);
    const bouncer = spawn(programs.pgbouncer, asRoot ? ["-u", pgUser, bouncerIni] : [bouncerIni], { stdio: ["ignore", "pipe", "pipe"] });
    const bouncerOutput = started("pgbouncer", bouncer, "SIGINT");
    await acceptsConnections(bouncerPort, 10_000, "pgbouncer", bouncerOutput);

    log(`${serverPorts.length} server processes`);
    const serverEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      // prepare=false: pgbouncer in transaction mode cannot follow named prepared statements.
      DATABASE_URL: `postgres://postgres:${password}@127.0.0.1:${bouncerPort}/${DATABASE_NAME}?prepare=false`,
      DATABASE_REPLICA_URL: replicaUrl,
      HOST: "127.0.0.1",
      CLIENT_DIR: "",
      LOG_LEVEL: "warn",
      DEMO_PASSWORD: options.demoPassword,
      TRUST_PROXY: "127.0.0.1",
      PUBLIC_URL: `http://127.0.0.1:${nginxPort}`,
      ...(options.opinionProofBits === undefined ? {} : { OPINION_PROOF_BITS: String(options.opinionProofBits) }),
      ...(options.tileCacheMaxBytes === undefined ? {} : { TILE_CACHE_MAX_BYTES: String(options.tileCacheMaxBytes) }),
      ...(options.tileMaxAgeS === undefined ? {} : { TILE_MAX_AGE_S: String(options.tileMaxAgeS) }),
    };
    const serverPids: number[] = [];
    // One after the other: each start re-applies the demo accounts' passwords.
    for (const port of serverPorts) {
      const server = spawn(process.execPath, [bundle], { cwd: ROOT, env: { ...serverEnv, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] });
      const output = started(`server :${port}`, server, "SIGTERM");
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the server on port ${port} did not start within 60 s:\n${output()}`)), 60_000);
        const check = () => {
          if (/is ready in [\d.]+ s/.test(output())) {
            clearTimeout(timer);
            resolve();
          }
        };
        server.stdout!.on("data", check);
        server.once("exit", (code) => {
          clearTimeout(timer);
          reject(new Error(`the server on port ${port} exited with ${code}:\n${output()}`));
        });
      });
      serverPids.push(server.pid!);
    }

    log("nginx, load balancer and tile cache");
    const nginxDir = path.join(folder, "nginx");
    fs.mkdirSync(path.join(nginxDir, "cache"), { recursive: true });
    const site = path.join(nginxDir, "planner-atlas.conf");
    fs.writeFileSync(
      site,
      renderTemplate(fs.readFileSync(path.join(ROOT, "scripts/deploy/nginx/planner-atlas.conf.template"), "utf8"), {
        UPSTREAM_SERVERS: serverPorts.map((port) => `    server 127.0.0.1:${port};`).join("\n"),
        CACHE_DIR: path.join(nginxDir, "cache"),
        CACHE_MAX_SIZE: "256m",
        LISTEN: `127.0.0.1:${nginxPort}`,
        SERVER_NAME: "127.0.0.1",
      }),
    );
    // The main file Debian's /etc/nginx/nginx.conf stands for, with every path inside the temporary folder.
    fs.writeFileSync(
      path.join(nginxDir, "nginx.conf"),
      [
        asRoot ? "user nobody nogroup;" : "",
        "worker_processes 1;",
        `pid ${nginxDir}/nginx.pid;`,
        `error_log ${nginxDir}/error.log warn;`,
        "events { worker_connections 1024; }",
        "http {",
        "  access_log off;",
        ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((kind) => `  ${kind}_temp_path ${nginxDir}/${kind}_temp;`),
        `  include ${site};`,
        "}",
      ].join("\n"),
    );
    if (asRoot) await run("chown", ["-R", "nobody:nogroup", nginxDir]);
    const nginx = spawn(programs.nginx, ["-p", nginxDir, "-c", path.join(nginxDir, "nginx.conf"), "-g", "daemon off;"], { stdio: ["ignore", "pipe", "pipe"] });
    const nginxOutput = started("nginx", nginx, "SIGQUIT");
    await acceptsConnections(nginxPort, 10_000, "nginx", () => `${nginxOutput()}\n${fs.existsSync(path.join(nginxDir, "error.log")) ? fs.readFileSync(path.join(nginxDir, "error.log"), "utf8") : ""}`);

    return {
      nginx: `http://127.0.0.1:${nginxPort}`,
      servers: serverPorts.map((port) => `http://127.0.0.1:${port}`),
      primaryUrl,
      replicaUrl,
      serverPids,
      stopReplica: async () => {
        await asPgUser(pgCtl, ["-D", replicaData, "-m", "fast", "-w", "stop"]);
      },
      startReplica: async () => {
        await asPgUser(pgCtl, ["-D", replicaData, "-l", path.join(folder, "replica.log"), "-w", "start"]);
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
