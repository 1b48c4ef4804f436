import type { Tx } from "../db/database.ts";

/** Placeholder until the belts land: loads nothing. */
export async function seedPlanAreas(_tx: Tx): Promise<Record<string, number>> {
  return {};
}
