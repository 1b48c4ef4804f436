/**
 * Whom a resident should contact first for an answer: the unit planner when the post is filled, else the nearest
 * filled post up the chain (the county chief planners, then the city chief), and which posts on the way are empty,
 * said after the contact. Pure: no React, no fetch.
 */
import type { CountyChiefPosts, PublicPlanner, UnitPost } from "../../../api/lookup.ts";
import type { Answer } from "./answer-model.ts";

/** Which post the first contact holds: none when every post of the chain is empty (or the answer has no chain). */
type ContactLevel = "unit" | "county" | "city" | "none";

export interface FirstContact {
  level: ContactLevel;
  /** The people to contact, in order (both county chiefs when both are in post); empty for level "none". */
  planners: Array<{ planner: PublicPlanner; role: "unit" | "chief_county_seconded" | "chief_county_hired" | "chief_city" }>;
  /** The unit named in the answer and its post, when one is in focus and its post is not filled. */
  unitGap: { name: string; post: UnitPost } | null;
  /** The county's chief posts are both empty (said after the contact when a resident is sent past them). */
  countyChiefsVacant: boolean;
  countyName: string | null;
  cityName: string | null;
}

interface Chain {
  unit: { name: string; post: UnitPost } | null;
  countyName: string | null;
  chiefPosts: CountyChiefPosts | null;
  cityName: string | null;
  cityChief: PublicPlanner | null;
}

function chainOf(answer: Answer): Chain | null {
  if (answer.kind === "chain") {
    const { lookup, asked } = answer;
    const township = asked.kind === "county" ? null : lookup.township;
    return {
      unit: township ? { name: township.name, post: township.unit } : null,
      countyName: lookup.county.name,
      chiefPosts: lookup.county.chiefPosts,
      cityName: lookup.city.name,
      cityChief: lookup.city.chiefPlanner,
    };
  }
  if (answer.kind === "division") {
    const { result, chiefPosts } = answer;
    const unitName = result.level === "village" ? (result.township?.name ?? result.name) : result.name;
    return {
      unit: result.unit ? { name: unitName, post: result.unit } : null,
      countyName: result.county?.name ?? (result.level === "county" ? result.name : null),
      chiefPosts,
      cityName: null,
      cityChief: null,
    };
  }
  return null;
}

/** The first contact of an answer; null for answers about a planner or a project without a chain. */
export function firstContactOf(answer: Answer): FirstContact | null {
  const chain = chainOf(answer);
  if (!chain) return null;
  const { unit, chiefPosts } = chain;
  const unitGap = unit && !(unit.post.status === "covered" && unit.post.planner) ? unit : null;
  const countyChiefsVacant = chiefPosts !== null && !chiefPosts.seconded && !chiefPosts.hired;
  const base = { unitGap, countyChiefsVacant, countyName: chain.countyName, cityName: chain.cityName };
  if (unit && !unitGap && unit.post.planner) return { ...base, level: "unit", planners: [{ planner: unit.post.planner, role: "unit" }] };
  const county: FirstContact["planners"] = [];
  if (chiefPosts?.seconded) county.push({ planner: chiefPosts.seconded, role: "chief_county_seconded" });
  if (chiefPosts?.hired) county.push({ planner: chiefPosts.hired, role: "chief_county_hired" });
  if (county.length > 0) return { ...base, level: "county", planners: county };
  if (chain.cityChief) return { ...base, level: "city", planners: [{ planner: chain.cityChief, role: "chief_city" }] };
  return { ...base, level: "none", planners: [] };
}

/** The name of the place an answer is about, as its heading says it; null for a planner. */
export function areaNameOf(answer: Answer): string | null {
  if (answer.kind === "planner") return null;
  if (answer.kind === "project" || answer.kind === "division") return answer.result.name;
  const { lookup, asked } = answer;
  if (asked.kind === "project") return asked.project.name;
  if (asked.kind === "village") return asked.name;
  if (asked.kind !== "county" && lookup.township) return lookup.township.name;
  return lookup.county.name;
}
