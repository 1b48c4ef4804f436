/**
 * Helpers shared by the lookup, search and coverage tests: township seats from the reference data, a walk that
 * collects every planner object in a response so that tests can assert the exact public key set, and a GET that
 * checks both the response schema and that key set.
 */
import fs from "node:fs";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import type { TSchema } from "typebox";
import { Value } from "typebox/value";
import { expect } from "vitest";

/** The only keys a planner may carry in a public response. */
export const PUBLIC_PLANNER_KEYS = ["name", "title", "organisation", "registeredPlanner", "photoUrl", "publicContact", "officeHours"].sort();

/** Keys under which a response holds one planner or a list of planners. */
const PLANNER_HOLDERS = new Set(["planner", "chiefPlanner", "seconded", "hired", "planners"]);

/** Every planner object anywhere in `value` (nulls and empty lists are skipped). */
function collectPlanners(value: unknown, found: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(value)) {
    for (const item of value) collectPlanners(item, found);
  } else if (value && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      if (PLANNER_HOLDERS.has(key) && child && typeof child === "object") {
        for (const planner of Array.isArray(child) ? child : [child]) found.push(planner as Record<string, unknown>);
      } else {
        collectPlanners(child, found);
      }
    }
  }
  return found;
}

/** Seat points (WGS84) by 9-digit township code from townships.csv; a seat lies in its own approximate area. */
export function readTownshipSeats(referenceFolder: string): Map<string, [number, number]> {
  const lines = fs.readFileSync(path.join(referenceFolder, "townships.csv"), "utf8").trim().split(/\r?\n/);
  const header = lines[0]!.split(",");
  const code = header.indexOf("code9");
  const lon = header.indexOf("seat_lon_wgs84");
  const lat = header.indexOf("seat_lat_wgs84");
  const seats = new Map<string, [number, number]>();
  for (const line of lines.slice(1)) {
    // Only the last column (seat_method) is quoted and may hold commas; the columns read here come before it.
    const fields = line.split(",");
    if (fields[lon] && fields[lat]) seats.set(fields[code]!, [Number(fields[lon]), Number(fields[lat])]);
  }
  return seats;
}

/** GET `url` from the app: a 200 JSON answer valid against `schema`, whose planners all carry the public fields only. */
export async function getPublicJson<T>(app: FastifyInstance, url: string, schema: TSchema): Promise<T> {
  const response = await app.inject(url);
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers["content-type"]).toMatch(/^application\/json/);
  const body = response.json<T>();
  expect([...Value.Errors(schema, body)].map((error) => JSON.stringify(error))).toEqual([]);
  for (const planner of collectPlanners(body)) expect(Object.keys(planner).sort()).toEqual(PUBLIC_PLANNER_KEYS);
  return body;
}
