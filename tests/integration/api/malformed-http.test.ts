/**
 * Requests that never reach a route: what Node's HTTP parser cannot read, and paths that are not valid percent
 * encoding. They get problem details like every other error, over a real socket.
 */
import net from "node:net";
import type { FastifyInstance } from "fastify";
import { describe, expect, it } from "vitest";
import { useListeningApp } from "../../helpers/app.ts";

/**
 * Writes `raw` to the server and reads until the server closes the connection: every request here ends with the
 * connection closed (by the server, or asked for with `Connection: close`), so the answer is whole at 'close',
 * however long a busy machine takes. A reset after the answer (the server destroys the socket) keeps what arrived.
 */
function exchange(port: number, raw: string): Promise<{ statusLine: string; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let failure: Error | undefined;
    const socket = net.connect(port, "127.0.0.1", () => socket.write(raw));
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", (error) => (failure = error));
    socket.on("close", () => {
      // Decoded once whole, so that a character split between two chunks stays whole.
      const received = Buffer.concat(chunks).toString("utf8");
      if (received === "" && failure) return reject(failure);
      const [head = "", body = ""] = received.split("\r\n\r\n", 2);
      const [statusLine = "", ...lines] = head.split("\r\n");
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]));
      resolve({ statusLine, headers, body });
    });
  });
}

describe("requests that never reach a route", () => {
  let app: FastifyInstance;
  let port: number;
  useListeningApp("pglite", (built, listening) => {
    [app, port] = [built, listening];
  });

  it.each([
    ["a header line without a colon", "GET /api/health HTTP/1.1\r\nHost: atlas\r\nNo colon here\r\n\r\n", "400 Bad Request", { type: "/problems/bad-request", status: 400, detail: "the request is not valid HTTP" }],
    ["a request line that is not HTTP", "HELLO THERE\r\n\r\n", "400 Bad Request", { type: "/problems/bad-request", status: 400 }],
    ["headers over the size limit", `GET /api/health HTTP/1.1\r\nHost: atlas\r\nX-Padding: ${"a".repeat(20_000)}\r\n\r\n`, "431 Request Header Fields Too Large", { type: "/problems/headers-too-large", status: 431 }],
  ])("answers %s with a problem and closes the connection", async (_name, raw, status, problem) => {
    const answer = await exchange(port, raw);
    expect(answer.statusLine).toBe(`HTTP/1.1 ${status}`);
    expect(answer.headers["content-type"]).toBe("application/problem+json; charset=utf-8");
    expect(answer.headers.connection).toBe("close");
    expect(Number(answer.headers["content-length"])).toBe(Buffer.byteLength(answer.body));
    expect(JSON.parse(answer.body)).toMatchObject(problem);
  });

  it("answers a path that is not valid percent encoding with a problem and keeps the connection", async () => {
    const answer = await exchange(port, "GET /api/divisions%FF HTTP/1.1\r\nHost: atlas\r\nConnection: close\r\n\r\n");
    expect(answer.statusLine).toBe("HTTP/1.1 400 Bad Request");
    expect(answer.headers["content-type"]).toBe("application/problem+json; charset=utf-8");
    expect(JSON.parse(answer.body)).toEqual({
      type: "/problems/bad-request",
      title: "Bad request",
      status: 400,
      detail: "'/api/divisions%FF' is not a valid url component",
      instance: "/api/divisions%FF",
    });
  });

  it("still answers a well-formed request on a new connection", async () => {
    const answer = await exchange(port, "GET /api/health HTTP/1.1\r\nHost: atlas\r\nConnection: close\r\n\r\n");
    expect(answer.statusLine).toBe("HTTP/1.1 200 OK");
    expect(JSON.parse(answer.body)).toMatchObject({ status: "ok" });
  });
});
