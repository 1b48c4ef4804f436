/**
 * The built web client, served from its directory (CLIENT_DIR, by default client/dist):
 * - "/" and the client's own routes answer index.html, revalidated on every load (no-cache), and so does any .html
 *   file at its own path (/index.html too);
 * - every other file found in the directory at start is served at its path with ETag, Last-Modified, conditional
 *   and range requests: under assets/, where Vite names each file by its content hash, for a year and immutable;
 *   elsewhere for an hour (max-age 3600). The build writes a .br and a .gz twin beside each file (vite.config.ts),
 *   sent with Content-Encoding to a browser that accepts it (Vary: accept-encoding); a range that cannot be
 *   satisfied is a 416 problem with Content-Range;
 * - any other path falls through to the app's not-found handler (problem+json), as before any file existed.
 *
 * One route per file, found once at start: a file added later is not served until a restart, and no request path
 * is ever joined to the directory. The file sender (@fastify/send: mime types, conditional and range requests) is
 * imported on the first file request rather than at start, where it and the static plugin it replaces cost ~60 ms
 * of every cold start of an API that may never serve a page.
 */
import fs from "node:fs";
import path from "node:path";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { problemBody, sendProblem } from "./problem.ts";

/** The encodings the client build writes beside each file, by file suffix, preferred first. */
const ENCODINGS = [
  { name: "br", suffix: ".br" },
  { name: "gzip", suffix: ".gz" },
] as const;
type Encoding = (typeof ENCODINGS)[number]["name"];

/** URL paths of the client's own (client-side routed) pages, answered with index.html. */
const CLIENT_PAGES = ["/", "/dashboard", "/workspace", "/briefing"] as const;

const MAX_AGE_MS = 3_600_000;
/** Files under assets/ are named by their content hash (vite.config.ts): they never change at their path. */
const HASHED_DIR = "assets/";
const HASHED_MAX_AGE_MS = 365 * 24 * 3_600_000;
/** File names the routes can carry as they are: what a Vite build writes. Others are skipped with a warning. */
const ROUTABLE_PATH = /^[A-Za-z0-9._~@\-/]+$/;

interface ClientFile {
  /** Path under the client directory, with forward slashes. */
  relative: string;
  /** The compressed twins present beside the file, preferred first. */
  encodings: Encoding[];
}

/**
 * The files of the directory with their compressed twins; a twin without its original is not a file of its own.
 * Throws when the directory cannot be read.
 */
export function listClientFiles(clientDir: string): ClientFile[] {
  const entries = fs.readdirSync(clientDir, { recursive: true, withFileTypes: true });
  const names = new Set(
    entries.filter((entry) => entry.isFile()).map((entry) => path.relative(clientDir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/")),
  );
  const isTwin = (name: string) => ENCODINGS.some(({ suffix }) => name.endsWith(suffix) && names.has(name.slice(0, -suffix.length)));
  return [...names]
    .filter((name) => !isTwin(name))
    .sort()
    .map((relative) => ({ relative, encodings: ENCODINGS.filter(({ suffix }) => names.has(relative + suffix)).map(({ name }) => name) }));
}

/**
 * The encoding to send of those available, from an Accept-Encoding header (RFC 9110 §12.5.3): the highest q-value
 * wins, q=0 refuses, `*` stands for any encoding not named, ties go to the order of `available`; undefined means the
 * file as it is.
 */
export function chooseEncoding(header: string | undefined, available: readonly Encoding[]): Encoding | undefined {
  if (!header || available.length === 0) return undefined;
  const weights = new Map<string, number>();
  for (const part of header.toLowerCase().split(",")) {
    const [token, ...parameters] = part.split(";").map((piece) => piece.trim());
    if (!token) continue;
    let weight = 1;
    for (const parameter of parameters) {
      const match = /^q=([01](?:\.\d{0,3})?)$/.exec(parameter);
      if (match) weight = Number(match[1]);
    }
    weights.set(token, weight);
  }
  let best: Encoding | undefined;
  let bestWeight = 0;
  for (const encoding of available) {
    const weight = weights.get(encoding) ?? weights.get("*") ?? 0;
    if (weight > bestWeight) {
      best = encoding;
      bestWeight = weight;
    }
  }
  return best;
}

type SendModule = typeof import("@fastify/send");
let sendModule: Promise<SendModule> | undefined;
const loadSend = () => (sendModule ??= import("@fastify/send"));

/** Registers the client's routes; the caller has checked that clientDir holds index.html. */
export function registerClientFiles(app: FastifyInstance, clientDir: string): void {
  const indexFile = path.join(clientDir, "index.html");
  const sendIndex = (reply: FastifyReply) =>
    reply.header("cache-control", "no-cache").type("text/html; charset=utf-8").send(fs.createReadStream(indexFile));
  for (const page of CLIENT_PAGES) app.get(page, async (_request, reply) => sendIndex(reply));

  for (const file of listClientFiles(clientDir)) {
    if (!ROUTABLE_PATH.test(file.relative) || file.relative.split("/").some((segment) => segment.startsWith("."))) {
      app.log.warn(`client file ${JSON.stringify(file.relative)} is not served: its name is not a plain URL path`);
      continue;
    }
    app.get(`/${file.relative}`, async (request, reply) => sendClientFile(request, reply, clientDir, file));
  }
}

async function sendClientFile(request: FastifyRequest, reply: FastifyReply, clientDir: string, file: ClientFile): Promise<FastifyReply> {
  const encoding = chooseEncoding(request.headers["accept-encoding"], file.encodings);
  const suffix = ENCODINGS.find(({ name }) => name === encoding)?.suffix ?? "";
  const send = (await loadSend()).default;
  const page = file.relative.endsWith(".html");
  const hashed = file.relative.startsWith(HASHED_DIR);
  const result = await send(request.raw, `/${file.relative}${suffix}`, {
    root: clientDir,
    maxAge: hashed ? HASHED_MAX_AGE_MS : MAX_AGE_MS,
    immutable: hashed,
    // A page names the current assets: revalidated on every load, like "/".
    cacheControl: !page,
    index: false,
    // A compressed twin is typed as the file it stands for, not as .br or .gz.
    contentType: encoding === undefined,
  });
  if (result.type === "error") {
    // The file was listed at start; if it has gone since, the path is unknown like any other.
    if (result.statusCode === 404) {
      reply.callNotFound();
      return reply;
    }
    // send's own answers are HTML pages: the problem instead, with the headers that matter (Content-Range on a 416).
    const range = result.headers["Content-Range"];
    if (range !== undefined) reply.header("content-range", range);
    const type = result.statusCode === 416 ? "range-not-satisfiable" : result.statusCode === 412 ? "precondition-failed" : "bad-request";
    return sendProblem(reply, { ...problemBody(type, request.url), status: result.statusCode });
  }
  if (page) reply.header("cache-control", "no-cache");
  reply.code(result.statusCode).headers(result.headers);
  if (file.encodings.length > 0) reply.header("vary", "accept-encoding");
  if (encoding !== undefined && result.statusCode < 300) {
    reply.header("content-encoding", encoding).type(contentType(send, file.relative));
  }
  return reply.send(result.stream);
}

/** The Content-Type @fastify/send gives the file itself: its mime type, with charset=utf-8 for text types. */
function contentType(send: SendModule["default"], relative: string): string {
  const type = send.mime.getType(relative) ?? "application/octet-stream";
  return send.isUtf8MimeType(type) ? `${type}; charset=utf-8` : type;
}
