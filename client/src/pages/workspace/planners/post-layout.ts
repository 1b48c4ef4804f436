/**
 * The geometry of an area's post timeline: which posts (roles) an area has, the time axis (2021 to the end of next
 * year), each holder's bar on it (lanes when holders overlap, as project planners may) and the vacant gaps between.
 * Pure: dates are YYYY-MM-DD strings (compared as strings), validTo exclusive, null open-ended.
 */
import { dayNumber } from "../../../lib/calendar-dates.ts";

export type PostRole = "chief_city" | "chief_county_seconded" | "chief_county_hired" | "unit" | "project";

const ROLE_ORDER: readonly PostRole[] = ["chief_city", "chief_county_seconded", "chief_county_hired", "unit", "project"];

/** The posts each kind of area has; a belt has none of its own. */
const ROLES_BY_KIND: Readonly<Record<string, readonly PostRole[]>> = {
  city: ["chief_city"],
  county: ["chief_county_seconded", "chief_county_hired"],
  subdistrict: ["unit"],
  township: ["unit"],
  project: ["project"],
  belt: [],
};

/** The first year the timeline shows: the programme was prepared in 2021. */
const FIRST_YEAR = 2021;

export interface Axis {
  from: string;
  /** Exclusive: the first of January after next year. */
  to: string;
  /** The first of January of every year shown, with its year. */
  years: { year: number; date: string }[];
}

export interface Span {
  validFrom: string;
  validTo: string | null;
}

interface Bar<T extends Span> {
  item: T;
  lane: number;
  /** Left edge and width in percent of the axis. */
  left: number;
  width: number;
  /** True when the holder has no end date (the bar runs off the axis). */
  open: boolean;
}

export interface Gap {
  from: string;
  /** Exclusive; the axis end when the post is vacant until further notice. */
  to: string;
  left: number;
  width: number;
}

export interface PostRow<T extends Span> {
  role: PostRole;
  lanes: number;
  bars: Bar<T>[];
  gaps: Gap[];
}

/** The axis from 2021-01-01 up to the end of the year after `today`'s. */
export function timelineAxis(today: string): Axis {
  const lastYear = Number(today.slice(0, 4)) + 1;
  const years = [];
  for (let year = FIRST_YEAR; year <= lastYear; year++) years.push({ year, date: `${year}-01-01` });
  return { from: `${FIRST_YEAR}-01-01`, to: `${lastYear + 1}-01-01`, years };
}

/** Percent of the axis at which `date` lies, clamped to 0..100. */
export function axisPercent(axis: Axis, date: string): number {
  const start = dayNumber(axis.from);
  const share = (dayNumber(date) - start) / (dayNumber(axis.to) - start);
  return Math.min(100, Math.max(0, share * 100));
}

/** The posts of an area of `kind`, with any other role its appointments hold, in the programme's order. */
export function postRoles(kind: string | undefined, held: readonly PostRole[]): PostRole[] {
  const roles = new Set<PostRole>([...(ROLES_BY_KIND[kind ?? ""] ?? []), ...held]);
  return ROLE_ORDER.filter((role) => roles.has(role));
}

/** One row per role: bars in lanes (first lane free at the bar's start), and the gaps no holder covers. */
export function postRows<T extends Span & { role: PostRole }>(axis: Axis, roles: readonly PostRole[], items: readonly T[]): PostRow<T>[] {
  return roles.map((role) => {
    const held = items.filter((item) => item.role === role).sort((a, b) => a.validFrom.localeCompare(b.validFrom));
    const laneEnds: string[] = [];
    const bars = held.map((item) => {
      const end = item.validTo ?? axis.to;
      let lane = laneEnds.findIndex((laneEnd) => laneEnd <= item.validFrom);
      if (lane < 0) lane = laneEnds.push(end) - 1;
      else laneEnds[lane] = end;
      const left = axisPercent(axis, item.validFrom);
      return { item, lane, left, width: Math.max(axisPercent(axis, end) - left, 0.4), open: item.validTo === null };
    });
    return { role, lanes: Math.max(laneEnds.length, 1), bars, gaps: vacantGaps(axis, held) };
  });
}

/** The parts of the axis that no span covers. */
function vacantGaps(axis: Axis, spans: readonly Span[]): Gap[] {
  const gaps: Gap[] = [];
  let cursor = axis.from;
  const push = (from: string, to: string) => {
    if (from >= to) return;
    const left = axisPercent(axis, from);
    gaps.push({ from, to, left, width: axisPercent(axis, to) - left });
  };
  for (const span of spans) {
    push(cursor, span.validFrom < axis.to ? span.validFrom : axis.to);
    const end = span.validTo ?? axis.to;
    if (end > cursor) cursor = end;
  }
  push(cursor, axis.to);
  return gaps;
}

/** Where an appointment from a gap should start by default: today when the gap holds today, else its first day. */
export function gapStart(gap: Gap, today: string): string {
  return gap.from <= today && today < gap.to ? today : gap.from;
}

