/**
 * Which division each input record is about, and what the import will write: pure, given the divisions read from
 * the database. A record matches by code first; failing that by exact name, narrowed to the county (or other
 * ancestor) it names. Problems that make the whole import wrong (a polygon for a village, two boundaries for one
 * division, records that match nothing) are collected here, before any spatial work starts.
 */
import { describeRecord, type Input, type InputFile, type InputRecord } from "./read-input.ts";

export type DivisionLevel = "city" | "county" | "township" | "village";

export interface DivisionRef {
  code: string;
  name: string;
  level: DivisionLevel;
  parentCode: string | null;
}

export interface DivisionIndex {
  byCode: Map<string, DivisionRef>;
  byName: Map<string, DivisionRef[]>;
}

export type Match = { ok: true; division: DivisionRef; by: "code" | "name" } | { ok: false; reason: string };

/** A record the import reports without writing it, with the reason. */
export interface RecordNote {
  file: string;
  record: string;
  reason: string;
}

interface PlannedWrite {
  file: InputFile;
  record: InputRecord;
  division: DivisionRef;
  by: "code" | "name";
  target: "boundary" | "seat";
}

export interface ImportPlan {
  /** In file order, then record order. */
  writes: PlannedWrite[];
  unmatched: RecordNote[];
  skipped: RecordNote[];
  /** Records that match a division they cannot be imported into (a village's boundary, a second boundary); each is also a problem. */
  refused: RecordNote[];
  /** Matches worth a second look, e.g. a code whose division has another name than the file says. */
  warnings: string[];
  /** What forbids the import; empty when it may go ahead. */
  problems: string[];
}

export function indexDivisions(divisions: DivisionRef[]): DivisionIndex {
  const byCode = new Map(divisions.map((division) => [division.code, division]));
  const byName = new Map<string, DivisionRef[]>();
  for (const division of divisions) {
    const sameName = byName.get(division.name);
    if (sameName) sameName.push(division);
    else byName.set(division.name, [division]);
  }
  return { byCode, byName };
}

function ancestors(index: DivisionIndex, division: DivisionRef): DivisionRef[] {
  const chain: DivisionRef[] = [];
  let parent = division.parentCode ? index.byCode.get(division.parentCode) : undefined;
  while (parent) {
    chain.push(parent);
    parent = parent.parentCode ? index.byCode.get(parent.parentCode) : undefined;
  }
  return chain;
}

function describeWithin(within: InputRecord["within"]): string {
  const parts = [within.name, within.code].filter(Boolean);
  return parts.length ? ` in ${parts.join(" ")}` : "";
}

/** The division a record is about: by code, else by exact name within the county the record names. */
export function matchDivision(index: DivisionIndex, record: Pick<InputRecord, "codes" | "name" | "within">): Match {
  for (const code of record.codes) {
    const division = index.byCode.get(code);
    if (division) return { ok: true, division, by: "code" };
  }
  const codeText = record.codes.length ? `no division has the code ${record.codes.join(" or ")}` : undefined;
  if (record.name === undefined) return { ok: false, reason: codeText! };
  const { within } = record;
  const candidates = (index.byName.get(record.name) ?? []).filter((division) => {
    const chain = ancestors(index, division);
    return (
      (within.code === undefined || chain.some((ancestor) => ancestor.code === within.code)) &&
      (within.name === undefined || chain.some((ancestor) => ancestor.name === within.name))
    );
  });
  if (candidates.length === 1) return { ok: true, division: candidates[0]!, by: "name" };
  const nameText = `${candidates.length > 1 ? `${candidates.length} divisions are` : "no division is"} named ${record.name}${describeWithin(within)}`;
  const choices = candidates.length > 1 ? ` (${candidates.map((division) => division.code).join(", ")}): give a code or a county` : "";
  return { ok: false, reason: `${codeText ? `${codeText} and ` : ""}${nameText}${choices}` };
}

/** Matches every record of the input and decides what to write; pure. */
export function planImport(input: Input, index: DivisionIndex, options: { skipUnmatched?: boolean } = {}): ImportPlan {
  const plan: ImportPlan = { writes: [], unmatched: [], skipped: [], refused: [], warnings: [], problems: [] };
  const refuse = (file: InputFile, record: InputRecord, reason: string): void => {
    plan.refused.push({ file: file.name, record: describeRecord(record), reason });
    plan.problems.push(`${file.name} ${describeRecord(record)}: ${reason}`);
  };
  const claimed = new Map<string, string>();
  for (const file of input.files) {
    for (const record of file.records) {
      const where = `${file.name} ${describeRecord(record)}`;
      if (record.skip !== undefined) {
        plan.skipped.push({ file: file.name, record: describeRecord(record), reason: record.skip });
        continue;
      }
      const match = matchDivision(index, record);
      if (!match.ok) {
        plan.unmatched.push({ file: file.name, record: describeRecord(record), reason: match.reason });
        continue;
      }
      const { division } = match;
      const target = record.boundary ? "boundary" : "seat";
      if (target === "boundary" && division.level === "village") {
        refuse(file, record, `matches the village ${division.code} ${division.name}, and villages have no boundaries`);
        continue;
      }
      const key = `${division.code} ${target}`;
      const earlier = claimed.get(key);
      if (earlier !== undefined) {
        refuse(file, record, `${division.code} ${division.name} already gets its ${target} from ${earlier}`);
        continue;
      }
      claimed.set(key, where);
      if (match.by === "code" && record.name !== undefined && record.name !== division.name) {
        plan.warnings.push(`${where}: the code ${division.code} is ${division.name} in the database`);
      }
      plan.writes.push({ file, record, division, by: match.by, target });
    }
  }
  if (plan.unmatched.length > 0 && !options.skipUnmatched) {
    plan.problems.push(
      `${plan.unmatched.length} record${plan.unmatched.length === 1 ? " matches" : "s match"} no division ` +
        "(fix the codes or names, or skip them with --skip-unmatched):",
      ...plan.unmatched.map((note) => `  ${note.file} ${note.record}: ${note.reason}`),
    );
  }
  return plan;
}
