/**
 * The server (or a command) as a child process, started as an operator starts it, with only the environment given,
 * for the tests that signal or kill it. It is one process (`node --import tsx`, not the tsx launcher, which would
 * pass SIGTERM on but leave its child running after a SIGKILL). Everything waits on the child's output or exit,
 * never on a time.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface ServerProcess {
  child: ChildProcess;
  /** The address it listens on, once ready. */
  url: string;
  /** stdout and stderr so far. */
  output(): string;
  /** Resolves when the output so far (or to come) matches `pattern`; rejects when the process exits first. */
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
  /** Resolves with the exit status (null and the signal when a signal ended it). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the TypeScript file and arguments of `args` in the repository with `env` (plus PATH) and collects its output. */
export function startProcess(args: string[], env: NodeJS.ProcessEnv): Omit<ServerProcess, "url"> {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], { cwd: ROOT, env: { PATH: process.env.PATH, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const listeners = new Set<() => void>();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
    for (const listener of listeners) listener();
  });
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.on("data", (chunk) => {
      output += String(chunk);
      for (const listener of listeners) listener();
    });
  }
  return {
    child,
    output: () => output,
    exited,
    waitFor(pattern) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(output);
          if (match) {
            listeners.delete(check);
            resolve(match);
          } else if (hasExited) {
            listeners.delete(check);
            reject(new Error(`the process exited before printing ${pattern}; its output:\n${output}`));
          }
        };
        listeners.add(check);
        check();
      });
    },
  };
}

/** Starts the server on a free port of 127.0.0.1 with `env` and resolves once it says it is ready. */
export async function startServer(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const started = startProcess(["server/src/server.ts"], { HOST: "127.0.0.1", PORT: "0", CLIENT_DIR: "", LOG_LEVEL: "info", ...env });
  const [, url] = await started.waitFor(/is ready in [\d.]+ s: (http:\/\/127\.0\.0\.1:\d+)\//);
  return { ...started, url: url! };
}
