/**
 * A small HTTP/1.1 client for the passes that fetch tiles one by one (bytes, correctness, viewport bursts) and for
 * readiness probes. node:http with a keep-alive agent rather than fetch: the agent's socket limit is exactly the
 * "6 connections per host" a browser uses, and nothing decompresses or buffers behind our back.
 */
import http from "node:http";
import net from "node:net";

export interface HttpResult {
  status: number;
  body: Buffer;
  headers: http.IncomingHttpHeaders;
  ms: number;
}

export function keepAliveAgent(maxSockets: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets });
}

/** GET on 127.0.0.1:port; rejects on network errors and after `timeoutMs`, never on an HTTP status. */
export function httpGet(port: number, path: string, agent: http.Agent, timeoutMs = 30_000): Promise<HttpResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = http.get({ host: "127.0.0.1", port, path, agent, timeout: timeoutMs }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks), headers: response.headers, ms: performance.now() - started }),
      );
      response.on("error", reject);
    });
    request.on("timeout", () => request.destroy(new Error(`GET ${path} took over ${timeoutMs} ms`)));
    request.on("error", reject);
  });
}

/** Polls until `path` answers with a status below 500 or the deadline passes; returns the milliseconds waited. */
export async function waitForHttp(port: number, path: string, deadlineMs: number, isReady: (status: number) => boolean = (status) => status < 500): Promise<number> {
  const started = performance.now();
  const agent = new http.Agent({ keepAlive: false });
  try {
    for (;;) {
      try {
        const result = await httpGet(port, path, agent, 5000);
        if (isReady(result.status)) return performance.now() - started;
      } catch {
        // Not listening yet.
      }
      if (performance.now() - started > deadlineMs) throw new Error(`nothing answered on 127.0.0.1:${port}${path} within ${deadlineMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    agent.destroy();
  }
}

/** Runs `tasks` with at most `concurrency` in flight; results keep the tasks' order. */
export async function mapConcurrent<T, R>(items: readonly T[], concurrency: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!, index);
    }
  });
  await Promise.all(workers);
  return results;
}

/**
 * Throws when something already listens on 127.0.0.1:port: a readiness probe would otherwise be answered by that
 * process (another engineer's server) instead of the contestant the bench starts.
 */
export async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = net.createServer();
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(new Error(error.code === "EADDRINUSE" ? `port ${port} on 127.0.0.1 is in use: free it or change the bench ports` : error.message)),
    );
    server.listen(port, "127.0.0.1", () => server.close(() => resolve()));
  });
}
