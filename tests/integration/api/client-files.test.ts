/**
 * The built client as the server serves it (server/src/http/client-files.ts), over a small client directory made
 * here: index.html for the client's pages, each file with its compressed twin for a browser that accepts it, cache
 * (hashed assets immutable, pages revalidated) and conditional headers, and nothing outside the files found at start.
 */
import fs from "node:fs";
import path from "node:path";
import { brotliCompressSync, gzipSync } from "node:zlib";
import type { FastifyInstance } from "fastify";
import { describe, expect, it } from "vitest";
import { chooseEncoding, listClientFiles } from "../../../server/src/http/client-files.ts";
import { useFreshApp } from "../../helpers/app.ts";
import { useTemporaryFolder } from "../../helpers/temporary-folder.ts";

const INDEX = "<!doctype html><title>责任规划师一张图</title>";
const SCRIPT = `console.log(${JSON.stringify("晋城 ".repeat(200))});\n`;
const STYLE = "body { margin: 0 }\n";

function writeClient(dir: string): void {
  fs.mkdirSync(path.join(dir, "assets"), { recursive: true });
  fs.writeFileSync(path.join(dir, "index.html"), INDEX);
  fs.writeFileSync(path.join(dir, "assets/app-1a2b.js"), SCRIPT);
  fs.writeFileSync(path.join(dir, "assets/app-1a2b.js.br"), brotliCompressSync(SCRIPT));
  fs.writeFileSync(path.join(dir, "assets/app-1a2b.js.gz"), gzipSync(SCRIPT));
  fs.writeFileSync(path.join(dir, "assets/style.css"), STYLE);
  fs.writeFileSync(path.join(dir, "favicon.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
  // A twin without its original is not a file of its own; a dotfile is never served.
  fs.writeFileSync(path.join(dir, "assets/orphan.js.gz"), gzipSync("x"));
  fs.writeFileSync(path.join(dir, ".env"), "SECRET=1");
}

describe("serving the built client", () => {
  let app: FastifyInstance;
  const clientDir = useTemporaryFolder("planner-atlas-client-", writeClient);
  useFreshApp("pglite", (built) => {
    app = built;
  }, { config: () => ({ clientDir: clientDir.path }) });

  it("lists each file once, with the compressed twins beside it", () => {
    expect(listClientFiles(clientDir.path)).toEqual([
      { relative: ".env", encodings: [] },
      { relative: "assets/app-1a2b.js", encodings: ["br", "gzip"] },
      { relative: "assets/orphan.js.gz", encodings: [] },
      { relative: "assets/style.css", encodings: [] },
      { relative: "favicon.svg", encodings: [] },
      { relative: "index.html", encodings: [] },
    ]);
  });

  it.each(["/", "/dashboard", "/workspace", "/briefing"])("answers %s with index.html, revalidated on every load", async (url) => {
    const response = await app.inject({ url });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(response.headers["cache-control"]).toBe("no-cache");
    expect(response.body).toBe(INDEX);
  });

  it("answers /index.html like /, revalidated on every load, and keeps an unhashed file for an hour", async () => {
    const index = await app.inject({ url: "/index.html" });
    expect(index.statusCode).toBe(200);
    expect(index.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(index.headers["cache-control"]).toBe("no-cache");
    expect(index.body).toBe(INDEX);
    const icon = await app.inject({ url: "/favicon.svg" });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers["cache-control"]).toBe("public, max-age=3600");
  });

  it("answers a range outside the file with a 416 problem saying the file's length", async () => {
    const response = await app.inject({ url: "/assets/style.css", headers: { range: `bytes=${STYLE.length + 10}-${STYLE.length + 20}` } });
    expect(response.statusCode).toBe(416);
    expect(response.headers["content-type"]).toBe("application/problem+json; charset=utf-8");
    expect(response.headers["content-range"]).toBe(`bytes */${STYLE.length}`);
    expect(response.json()).toMatchObject({ type: "/problems/range-not-satisfiable", status: 416 });
  });

  it.each([
    ["br, gzip", "br"],
    ["gzip, deflate", "gzip"],
    ["br;q=0.5, gzip", "gzip"],
  ])("sends the twin a browser accepting %s prefers (%s)", async (accept, encoding) => {
    const response = await app.inject({ url: "/assets/app-1a2b.js", headers: { "accept-encoding": accept } });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-encoding"]).toBe(encoding);
    expect(response.headers["content-type"]).toBe("application/javascript; charset=utf-8");
    expect(response.headers.vary).toBe("accept-encoding");
    expect(response.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    const file = fs.readFileSync(path.join(clientDir.path, `assets/app-1a2b.js${encoding === "br" ? ".br" : ".gz"}`));
    expect(response.rawPayload.equals(file)).toBe(true);
  });

  it("sends the file itself to a client that accepts no encoding, still saying that the answer varies", async () => {
    const response = await app.inject({ url: "/assets/app-1a2b.js", headers: { "accept-encoding": "identity" } });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-encoding"]).toBeUndefined();
    expect(response.headers["content-type"]).toBe("application/javascript; charset=utf-8");
    expect(response.headers.vary).toBe("accept-encoding");
    expect(response.body).toBe(SCRIPT);
  });

  it("answers a conditional request with 304 and a range request with 206", async () => {
    const first = await app.inject({ url: "/assets/style.css" });
    expect(first.statusCode).toBe(200);
    expect(first.headers["content-type"]).toBe("text/css; charset=utf-8");
    expect(first.headers.vary).toBeUndefined();
    const etag = String(first.headers.etag);
    expect(etag).not.toBe("undefined");
    const again = await app.inject({ url: "/assets/style.css", headers: { "if-none-match": etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe("");
    const range = await app.inject({ url: "/assets/style.css", headers: { range: "bytes=0-3" } });
    expect(range.statusCode).toBe(206);
    expect(range.body).toBe("body");
  });

  it("answers HEAD with the headers only", async () => {
    const response = await app.inject({ method: "HEAD", url: "/assets/style.css" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-length"]).toBe(String(STYLE.length));
    expect(response.body).toBe("");
  });

  it.each(["/assets/missing.js", "/.env", "/assets/../.env", "/assets/%2e%2e/.env", "/api/nothing-here", "/assets/app-1a2b.js.br"])(
    "answers %s with the not-found problem",
    async (url) => {
      const response = await app.inject({ url });
      expect(response.statusCode).toBe(404);
      expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(response.body).not.toContain("SECRET");
    },
  );
});

describe("choosing a content encoding", () => {
  it.each([
    [undefined, ["br", "gzip"], undefined],
    ["", ["br", "gzip"], undefined],
    ["gzip", ["br", "gzip"], "gzip"],
    ["br", ["gzip"], undefined],
    ["*", ["br", "gzip"], "br"],
    ["gzip;q=1, *;q=0.1", ["br", "gzip"], "gzip"],
    ["br;q=0, gzip;q=0", ["br", "gzip"], undefined],
    ["BR, GZIP", ["br", "gzip"], "br"],
    ["gzip;q=0.8, br;q=0.9", ["br", "gzip"], "br"],
    ["gzip;q=0.9, br;q=0.8", ["br", "gzip"], "gzip"],
    ["br, gzip", [], undefined],
  ] as const)("%j of %j → %s", (header, available, expected) => {
    expect(chooseEncoding(header, available)).toBe(expected);
  });
});
