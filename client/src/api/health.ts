/** Liveness of the server and which database it runs on. */
import { getJson } from "./http.ts";

export interface Health {
  status: "ok";
  database: "postgis" | "pglite";
  /** PostGIS library version, e.g. "3.6.2". */
  postgis: string;
}

/** Throws an ApiProblem of type /problems/database-unavailable (503) when the database does not answer. */
export function getHealth(signal?: AbortSignal): Promise<Health> {
  return getJson<Health>("/api/health", {}, signal);
}
