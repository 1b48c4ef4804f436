/**
 * What the routes of areas and projects check of a drawn geometry before the database sees it (coordinates in
 * range, closed rings), and the judge's verdict told in words for a 422 geometry-rejected.
 */
import type { AreaVerdict, SiteGeometry } from "../contracts/areas.ts";
import { ProblemError } from "../http/problem.ts";

/** The options of the bureau's writes that carry drawn geometry, which can be detailed: up to 10 MB of GeoJSON. */
export const DRAWING = { config: { roles: ["bureau"] as const }, bodyLimit: 10 * 1024 * 1024 };

/** Refuses (400) a position outside longitude -180..180 / latitude -90..90, or a polygon ring whose last position is not its first, naming where. */
export function checkDrawnGeometry(geometry: SiteGeometry | null | undefined, path: string): void {
  if (!geometry) return;
  const refuse = (where: string, message: string) => {
    throw new ProblemError("validation-failed", `${where} ${message}`, { errors: [{ path: `${path}/${where}`, message }] });
  };
  const checkPositions = (positions: number[][], where: string) =>
    positions.forEach(([lon, lat], i) => {
      if (Math.abs(lon!) > 180 || Math.abs(lat!) > 90) refuse(`${where}/${i}`, "is not a longitude, latitude in degrees");
    });
  if (geometry.type === "Point") return checkPositions([geometry.coordinates], "coordinates");
  if (geometry.type === "MultiPoint") return checkPositions(geometry.coordinates, "coordinates");
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  polygons.forEach((rings, p) =>
    rings.forEach((ring, r) => {
      const where = geometry.type === "Polygon" ? `coordinates/${r}` : `coordinates/${p}/${r}`;
      checkPositions(ring, where);
      const first = ring[0]!;
      const last = ring[ring.length - 1]!;
      if (first[0] !== last[0] || first[1] !== last[1]) refuse(where, "is not closed: its last position must repeat its first");
    }),
  );
}

/** An area in m² as people read it: "850 m²", "12,300 m²", "3.42 km²". */
function formatArea(m2: number): string {
  return m2 >= 1_000_000 ? `${(m2 / 1_000_000).toFixed(2)} km²` : `${Math.round(m2).toLocaleString("en")} m²`;
}

/** One sentence per problem of the verdict. */
function describeVerdict(verdict: AreaVerdict): string[] {
  const sentences: string[] = [];
  for (const problem of verdict.problems) {
    switch (problem) {
      case "invalid-geometry": {
        const invalid = verdict.invalid!;
        sentences.push(
          `the geometry is not valid (${invalid.reason}); the proposed repair changes its area from ${formatArea(invalid.areaBeforeM2)} to ` +
            `${formatArea(invalid.areaAfterM2)}: look at it (verdict.invalid.geometry) and send the change again with "repair": true to store it`,
        );
        break;
      }
      case "empty-geometry":
        sentences.push("nothing is left of the drawn geometry once it is repaired");
        break;
      case "unknown-divisions":
        sentences.push(`no division has the code ${verdict.unknownDivisions.join(", ")}`);
        break;
      case "unsuitable-divisions":
        sentences.push(`a subdistrict or township area groups township-level divisions only, not ${verdict.unsuitableDivisions.join(", ")}`);
        break;
      case "outside-city":
        sentences.push(
          `${formatArea(verdict.outsideCity!.areaM2)} lie outside the city (allowed: ${formatArea(verdict.outsideCity!.toleranceM2)}); ` +
            "verdict.outsideCity.geometry shows where",
        );
        break;
      case "overlap":
        for (const overlap of verdict.overlaps) {
          sentences.push(
            `it overlaps ${overlap.name} (${overlap.code}) by ${formatArea(overlap.areaM2)} around ${overlap.at.join(", ")} ` +
              `(allowed: ${formatArea(verdict.tolerances.overlapM2)} per neighbour)`,
          );
        }
        break;
      case "member-conflict":
        for (const conflict of verdict.memberConflicts) {
          sentences.push(`${conflict.divisionName} (${conflict.divisionCode}) already belongs to ${conflict.name} (${conflict.code})`);
        }
        break;
    }
  }
  return sentences;
}

/** The 422 for a proposal the judge refused, with the verdict for the map. */
export function rejection(verdict: AreaVerdict): ProblemError {
  return new ProblemError("geometry-rejected", `${describeVerdict(verdict).join("; ")}.`, { verdict });
}
