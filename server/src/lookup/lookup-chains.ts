/**
 * Point lookups with the part that does not depend on the point kept in memory. A lookup is the point's part
 * (township containing it, belts, projects within 2 km: api.lookup_place) and the chain above it (city, county and
 * township with their planners: api.lookup_chain), and the chain is the same for every point of a township on a
 * date. So each lookup runs one statement for the point, and the chain statement only for a township, date and data
 * revision not seen yet: about twice the lookups a second on the benchmark's workload (32 connections, side by side).
 *
 * Never stale: the point's statement reads the data revision, and a kept chain is used only when it was read at that
 * same revision. When the chain has to be read and a write lands between the two statements, the answer is read
 * again in one statement (api.lookup), so that every answer comes from one snapshot.
 */
import type { Sql } from "../db/database.ts";
import { compareDataRevisions } from "../revision/revision.repo.ts";
import { joinLookup, readLookup, readLookupChain, readLookupPlace } from "./lookup.repo.ts";

/** How many chains are kept: every township on a few hundred dates. */
export const LOOKUP_CHAINS_KEPT = 4096;

export class LookupChains {
  private revision: string | undefined;
  private readonly chains = new Map<string, string>();

  constructor(
    private readonly sql: Sql,
    private readonly maxKept = LOOKUP_CHAINS_KEPT,
  ) {}

  /** The lookup's JSON text (shaped as contracts/lookup.ts LookupResult), or undefined outside Jincheng. */
  async lookup(lon: number, lat: number, date: string | undefined): Promise<string | undefined> {
    const place = await readLookupPlace(this.sql, lon, lat, date);
    if (!place) return undefined;
    const key = `${place.countyCode}|${place.townshipCode ?? ""}|${place.lookupDate}`;
    let chain = this.revision === place.revision ? this.chains.get(key) : undefined;
    if (chain === undefined) {
      const read = await readLookupChain(this.sql, place.countyCode, place.townshipCode, place.lookupDate);
      if (read.revision !== place.revision) return readLookup(this.sql, lon, lat, date);
      this.keep(read.revision, key, read.chain);
      chain = read.chain;
    }
    return joinLookup(place.head, chain, place.tail);
  }

  private keep(revision: string, key: string, chain: string): void {
    if (this.revision === undefined || compareDataRevisions(revision, this.revision) > 0) {
      this.revision = revision;
      this.chains.clear();
    }
    // A chain of an older revision than the kept ones is used once and not kept.
    if (revision !== this.revision) return;
    if (this.chains.size >= this.maxKept) this.chains.delete(this.chains.keys().next().value!);
    this.chains.set(key, chain);
  }
}
