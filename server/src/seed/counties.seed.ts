import type { Tx } from "../db/database.ts";

/** Placeholder until the county polygons land: loads nothing. */
export async function seedCountyGeometry(_tx: Tx): Promise<Record<string, number>> {
  return {};
}
