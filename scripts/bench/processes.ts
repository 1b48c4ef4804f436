/**
 * Child processes of the bench (servers, lighttpd with its mapserv workers, wrk, pgbench): each is started in a process
 * group of its own, so that stopping it also stops what it spawned, and is remembered until it exits, so that an
 * exit, an error or Ctrl-C stops every one of them by its group id and nothing else on the machine.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";

export interface ManagedProcess {
  name: string;
  pid: number;
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal) once the process has exited. */
  exited: Promise<number | null>;
  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves when the leader has exited. */
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<ManagedProcess>();

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

export interface SpawnOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Where stdout and stderr go; "pipe" keeps them readable on child.stdout / child.stderr. */
  output: { file: string } | "pipe";
}

export function spawnManaged(name: string, command: string, args: string[], options: SpawnOptions): ManagedProcess {
  const stdio: ("ignore" | "pipe" | number)[] = ["ignore", "pipe", "pipe"];
  if (options.output !== "pipe") {
    const fd = fs.openSync(options.output.file, "a");
    stdio[1] = fd;
    stdio[2] = fd;
  }
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio, detached: true });
  if (options.output !== "pipe") fs.closeSync(stdio[1] as number);
  if (child.pid === undefined) throw new Error(`could not start ${name} (${command})`);
  const pid = child.pid;
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => resolve(code));
    child.once("error", () => resolve(-1));
  });
  const managed: ManagedProcess = {
    name,
    pid,
    child,
    exited,
    async stop(graceMs = 5000) {
      signalGroup(pid, "SIGTERM");
      const timer = setTimeout(() => signalGroup(pid, "SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
      // Workers that outlive their leader (lighttpd's FastCGI children) are in the same group.
      signalGroup(pid, "SIGKILL");
    },
  };
  live.add(managed);
  void exited.then(() => live.delete(managed));
  return managed;
}

/** Runs a command to its end and returns its output; rejects on a non-zero exit. */
export async function runToEnd(name: string, command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs: number }): Promise<{ stdout: string; stderr: string }> {
  const managed = spawnManaged(name, command, args, { ...options, output: "pipe" });
  let stdout = "";
  let stderr = "";
  managed.child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  managed.child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => void managed.stop(1000), options.timeoutMs);
  const code = await managed.exited;
  clearTimeout(timer);
  if (code !== 0) throw new Error(`${name} exited with ${code}: ${stderr.trim().split("\n").slice(-5).join(" | ") || stdout.trim().slice(-500)}`);
  return { stdout, stderr };
}

/** Stops every live child (used on exit and on signals). */
export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((managed) => managed.stop(2000)));
}

/**
 * Installs the handlers that stop every child when the bench ends: Ctrl-C and SIGTERM (then exit 130/143), and a
 * synchronous last resort on process exit for whatever is still running.
 */
export function installCleanup(log: (line: string) => void): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals, code: number) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping child processes`);
    void stopAll().finally(() => process.exit(code));
  };
  process.on("SIGINT", () => onSignal("SIGINT", 130));
  process.on("SIGTERM", () => onSignal("SIGTERM", 143));
  process.on("exit", () => {
    for (const managed of live) signalGroup(managed.pid, "SIGKILL");
  });
}

/** Resident memory of every process in the group `pgid`, in MB (0 when the group is gone). Linux /proc only. */
function groupRssMb(pgid: number): number {
  let kilobytes = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the command name, which is in parentheses and may itself hold spaces or parentheses.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue;
      const status = fs.readFileSync(`/proc/${entry}/status`, "utf8");
      const match = /VmRSS:\s+(\d+) kB/.exec(status);
      if (match) kilobytes += Number(match[1]);
    } catch {
      // The process ended while we were reading.
    }
  }
  return Math.round(kilobytes / 102.4) / 10;
}

/** Samples a group's RSS every `intervalMs` until stopped; returns the peak. */
export function sampleRss(pgid: number, intervalMs = 500): { stop(): number } {
  let peak = groupRssMb(pgid);
  const timer = setInterval(() => {
    peak = Math.max(peak, groupRssMb(pgid));
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, groupRssMb(pgid));
    },
  };
}

/** The 1-minute load average (and 5, 15), from /proc/loadavg. */
export function loadAverage(): [number, number, number] {
  const [one, five, fifteen] = fs.readFileSync("/proc/loadavg", "utf8").split(" ").map(Number);
  return [one!, five!, fifteen!];
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
