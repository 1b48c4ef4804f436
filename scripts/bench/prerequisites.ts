/**
 * The tools the bench drives: wrk, pgbench, MapServer's FastCGI binary and lighttpd (Debian packages). Missing ones
 * are installed with apt-get on first run when the bench runs as root (it says so first); otherwise it stops and
 * prints the command.
 */
import fs from "node:fs";
import { runToEnd } from "./processes.ts";
import { MAPSERVER_BINARY } from "./contestants/mapserver.ts";

const TOOLS: { file: string; package: string }[] = [
  { file: "/usr/bin/wrk", package: "wrk" },
  { file: "/usr/bin/pgbench", package: "postgresql-contrib" },
  { file: MAPSERVER_BINARY, package: "cgi-mapserver" },
  { file: "/usr/bin/mapserv", package: "mapserver-bin" },
  { file: "/usr/sbin/lighttpd", package: "lighttpd" },
];

const INSTALL_COMMAND = "apt-get install -y wrk cgi-mapserver mapserver-bin lighttpd postgresql-contrib";

/** Installs what is missing (when allowed and root) or throws with the command to run. */
export async function ensureTools(allowInstall: boolean, log: (line: string) => void): Promise<void> {
  const missing = TOOLS.filter((tool) => !fs.existsSync(tool.file));
  if (missing.length === 0) return;
  const packages = [...new Set(missing.map((tool) => tool.package))];
  const isRoot = process.getuid?.() === 0;
  if (!allowInstall || !isRoot) {
    throw new Error(`missing ${missing.map((tool) => tool.file).join(", ")}: install them with\n  sudo ${INSTALL_COMMAND}`);
  }
  log(`installing what the bench needs and the machine lacks: apt-get install -y ${packages.join(" ")}`);
  const env = { PATH: process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin", DEBIAN_FRONTEND: "noninteractive" };
  await runToEnd("apt-get update", "apt-get", ["update", "-qq"], { env, timeoutMs: 300_000 });
  await runToEnd("apt-get install", "apt-get", ["install", "-y", "-qq", ...packages], { env, timeoutMs: 600_000 });
  const still = TOOLS.filter((tool) => !fs.existsSync(tool.file));
  if (still.length > 0) throw new Error(`apt-get installed ${packages.join(" ")} but ${still.map((tool) => tool.file).join(", ")} is still missing`);
}
