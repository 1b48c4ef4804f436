import type { Tx } from "../db/database.ts";

/** Placeholder until the demo set lands: loads nothing. */
export async function seedDemo(_tx: Tx): Promise<Record<string, number>> {
  return {};
}
