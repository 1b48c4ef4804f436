/**
 * repair_polygons() and covered_area() (sql/functions/geometry), which `npm run import -- --repair` judges a repair
 * with: the even-odd rule, the union of the outer rings, and the same answers on both backends.
 */
import { describe, expect, it } from "vitest";
import { enabledBackends } from "../../helpers/backends.ts";
import { useFreshDatabase } from "../../helpers/databases.ts";

const square = (west: number, south: number, size: number) =>
  `((${west} ${south}, ${west + size} ${south}, ${west + size} ${south + size}, ${west} ${south + size}, ${west} ${south}))`;

describe.each(enabledBackends())("repair_polygons() and covered_area() on %s", (backend) => {
  const db = useFreshDatabase(backend);

  async function repair(wkt: string) {
    const [row] = await db.database.sql<{ type: string; valid: boolean; parts: number; area: number; covered: number }[]>`
      select GeometryType(repaired) as type, ST_IsValid(repaired) as valid, ST_NumGeometries(repaired) as parts,
             ST_Area(repaired) as area,
             covered_area(ST_GeomFromText(${wkt}, 4326)) as covered
      from (select repair_polygons(ST_GeomFromText(${wkt}, 4326)) as repaired) as r`;
    return row!;
  }

  it("turns a bow tie into its two triangles", async () => {
    const result = await repair("POLYGON((112.8 35.45, 112.86 35.52, 112.86 35.45, 112.8 35.52, 112.8 35.45))");
    expect(result).toMatchObject({ type: "MULTIPOLYGON", valid: true, parts: 2 });
    expect(result.area).toBeCloseTo(0.0021, 6);
  });

  it("makes a part inside another a hole (even-odd), while covered_area counts the outer ring once", async () => {
    const result = await repair(`MULTIPOLYGON(${square(112.8, 35.4, 0.1)}, ${square(112.82, 35.42, 0.02)})`);
    expect(result).toMatchObject({ type: "MULTIPOLYGON", valid: true, parts: 1 });
    expect(result.area).toBeCloseTo(0.01 - 0.0004, 9);
    // 0.1° × 0.1° at 35.4° N: 11.1 km × 9.1 km on the spheroid.
    expect(result.covered / 1e6).toBeCloseTo(100.7, 1);
  });

  it("judges the members of a collection together: two copies a little apart leave slivers, valid", async () => {
    const result = await repair(`GEOMETRYCOLLECTION(MULTIPOLYGON(${square(112.8, 35.4, 0.1)}), MULTIPOLYGON(${square(112.800001, 35.400001, 0.1)}))`);
    expect(result).toMatchObject({ type: "MULTIPOLYGON", valid: true });
    expect(result.area).toBeLessThan(1e-6);
    expect(result.covered / 1e6).toBeCloseTo(100.7, 1);
  });

  it("passes null through", async () => {
    const [row] = await db.database.sql<{ repaired: string | null; covered: number | null }[]>`
      select repair_polygons(null) as repaired, covered_area(null) as covered`;
    expect(row).toEqual({ repaired: null, covered: null });
  });
});
