/** Runs one of the project's command-line scripts as a user would, against the database a test configuration names. */
import { spawn } from "node:child_process";
import path from "node:path";
import type { Config } from "../../server/src/config.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");

export interface CommandRun {
  /** Exit status; null when a signal ended it. */
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `tsx scripts/<script>.ts <args>` in the repository, with only PATH, the database of `config` and `env` in its
 * environment; `stdin` is written to it and closed (absent: no standard input). Resolves when it exits.
 */
export function runCommand(script: string, config: Config, args: string[], options: { stdin?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CommandRun> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, LOG_LEVEL: "silent", ...options.env };
  if (config.databaseUrl) env.DATABASE_URL = config.databaseUrl;
  else env.DATA_DIR = config.dataDir;
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [`scripts/${script}.ts`, ...args], { cwd: ROOT, env, stdio: [options.stdin === undefined ? "ignore" : "pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (chunk) => (stdout += String(chunk)));
    child.stderr!.on("data", (chunk) => (stderr += String(chunk)));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
    if (options.stdin !== undefined) child.stdin!.end(options.stdin);
  });
}
