/**
 * The origin written into absolute links (TileJSON tile URLs, OGC API links), never taken blindly from the request:
 * - PUBLIC_URL when it is set (e.g. https://atlas.example.org, or https://example.org/atlas behind a proxy that
 *   strips /atlas): always that, whatever the request says;
 * - else, under TRUST_PROXY, the protocol and host the proxy passes on (X-Forwarded-Proto/-Host), as the operator
 *   chose to believe them;
 * - else the Host header only when it names this machine (localhost, its host name, one of its addresses), as a
 *   browser on the machine or the LAN writes it;
 * - else the address the server listens on (127.0.0.1 for a wildcard bind).
 * So `Host: evil.example` never reaches a link. Every answer built from it says which headers it varies with.
 */
import os from "node:os";
import type { FastifyReply, FastifyRequest } from "fastify";
import { requestOrigin } from "../tiles/tile-http.ts";

/** The names and addresses of this machine, lower case, found once. */
let ownNames: Set<string> | undefined;
function machineNames(): Set<string> {
  if (ownNames) return ownNames;
  ownNames = new Set(["localhost", os.hostname().toLowerCase()]);
  for (const addresses of Object.values(os.networkInterfaces())) {
    for (const address of addresses ?? []) ownNames.add(address.address.toLowerCase());
  }
  return ownNames;
}

/** The host name of a Host header value without its port and IPv6 brackets; undefined when it is not one. */
function hostName(host: string): string | undefined {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+))(?::\d{1,5})?$/.exec(host);
  return (match?.[1] ?? match?.[2])?.toLowerCase();
}

function isThisMachine(host: string): boolean {
  const name = hostName(host);
  return name !== undefined && (machineNames().has(name) || name.startsWith("127.") || name.endsWith(".localhost"));
}

/** The listening address as an origin, e.g. http://127.0.0.1:8080; a wildcard bind answers for loopback. */
function listeningOrigin(request: FastifyRequest): string {
  const address = request.server.server.address();
  if (address === null || typeof address === "string") return "http://localhost";
  const ip = address.address === "0.0.0.0" || address.address === "::" ? "127.0.0.1" : address.address;
  return `http://${ip.includes(":") ? `[${ip}]` : ip}:${address.port}`;
}

/** Adds header names to the answer's Vary, once each. */
function addVary(reply: FastifyReply, names: string): void {
  const current = reply.getHeader("vary");
  const present = new Set(String(current ?? "").split(",").map((name) => name.trim().toLowerCase()).filter(Boolean));
  const added = names.split(",").map((name) => name.trim()).filter((name) => !present.has(name.toLowerCase()));
  if (added.length > 0) reply.header("vary", [current, ...added].filter(Boolean).join(", "));
}

/** The origin for the absolute links of this answer (no trailing slash), adding the Vary it depends on. */
export function publicOrigin(request: FastifyRequest, reply: FastifyReply): string {
  const { publicUrl, trustProxy } = request.server.config;
  if (publicUrl !== undefined) return publicUrl;
  if (trustProxy !== false) {
    addVary(reply, "Host, X-Forwarded-Host, X-Forwarded-Proto");
    return requestOrigin(request.protocol, request.host) || listeningOrigin(request);
  }
  addVary(reply, "Host");
  const host = request.headers.host;
  if (host !== undefined && isThisMachine(host)) return requestOrigin("http", host) || listeningOrigin(request);
  return listeningOrigin(request);
}
