/**
 * Point lookups with the part that does not depend on the point kept in memory. A lookup is the point's part
 * (township containing it, belts, projects within 2 km: api.lookup_place) and the chain above it (city, county and
 * township with their planners: api.lookup_chain), and the chain is the same for every point of a township on a
 * date. So each lookup runs one statement for the point, and the chain statement only for a township, date and data
 * revision not seen yet.
 *
 * Never stale: the point's statement reads the data revision, and a kept chain is used only when it was read at that
 * same revision (revision-cache.ts). When the chain has to be read and a write lands between the two statements, the
 * answer is read again in one statement (api.lookup), so that every answer comes from one snapshot.
 */
import type { Sql } from "../db/database.ts";
import { RevisionCache } from "../revision/revision-cache.ts";
import { joinLookup, readLookup, readLookupChain, readLookupPlace } from "./lookup.repo.ts";

/** How many chains are kept: every township on a few hundred dates. */
const LOOKUP_CHAINS_KEPT = 4096;

export class LookupChains {
  private readonly chains: RevisionCache<string>;

  constructor(
    private readonly sql: Sql,
    maxKept = LOOKUP_CHAINS_KEPT,
  ) {
    this.chains = new RevisionCache({ maxCost: maxKept });
  }

  /** The lookup's JSON text (shaped as contracts/lookup.ts LookupResult), or undefined outside Jincheng. */
  async lookup(lon: number, lat: number, date: string | undefined): Promise<string | undefined> {
    const place = await readLookupPlace(this.sql, lon, lat, date);
    if (!place) return undefined;
    const key = `${place.countyCode}|${place.townshipCode ?? ""}|${place.lookupDate}`;
    const chain = await this.chains.load(place.revision, key, () =>
      readLookupChain(this.sql, place.countyCode, place.townshipCode, place.lookupDate).then(({ revision, chain }) => ({ revision, value: chain })),
    );
    if (chain.revision !== place.revision) return readLookup(this.sql, lon, lat, date);
    return joinLookup(place.head, chain.value, place.tail);
  }
}
