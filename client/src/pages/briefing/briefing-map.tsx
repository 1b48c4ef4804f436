/**
 * The coverage map of the briefing as plain SVG, so that it prints crisply and needs no WebGL: township boundaries
 * coloured by their unit's status on the period's last day, county outlines over them. Longitudes are scaled by the
 * cosine of the middle latitude (an equirectangular view), true enough in shape for a city of 100 km.
 */
import type { Position } from "geojson";
import type { BoundaryCollection } from "../../api/boundaries.ts";
import type { UnitCoverage, UnitStatus } from "../../api/dashboard-coverage.ts";
import { say } from "./messages.ts";

const WIDTH = 1000;
const MAX_HEIGHT = 900;

type Feature = BoundaryCollection["features"][number];

function ringsOf(feature: Feature): Position[][] {
  return feature.geometry.type === "Polygon" ? feature.geometry.coordinates : feature.geometry.coordinates.flat();
}

interface Projection {
  point(position: Position): [number, number];
  height: number;
}

/** Fits the features' extent into WIDTH × at most MAX_HEIGHT; undefined when there is nothing to draw. */
function fitProjection(features: readonly Feature[]): Projection | undefined {
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const feature of features) {
    for (const ring of ringsOf(feature)) {
      for (const [lon, lat] of ring) {
        west = Math.min(west, lon!);
        east = Math.max(east, lon!);
        south = Math.min(south, lat!);
        north = Math.max(north, lat!);
      }
    }
  }
  if (!Number.isFinite(west) || east <= west || north <= south) return undefined;
  const xScale = Math.cos((((south + north) / 2) * Math.PI) / 180);
  const scale = Math.min(WIDTH / ((east - west) * xScale), MAX_HEIGHT / (north - south));
  const height = (north - south) * scale;
  const offsetX = (WIDTH - (east - west) * xScale * scale) / 2;
  return { point: ([lon, lat]) => [offsetX + (lon! - west) * xScale * scale, (north - lat!) * scale], height };
}

function pathOf(feature: Feature, projection: Projection): string {
  return ringsOf(feature)
    .map((ring) => `M${ring.map((position) => projection.point(position).map((value) => value.toFixed(1)).join(",")).join("L")}Z`)
    .join("");
}

const STATUS_CLASS: Record<UnitStatus, string> = {
  covered: "briefing-map__unit--covered",
  vacant: "briefing-map__unit--vacant",
  not_required: "briefing-map__unit--not-required",
};

interface BriefingMapProps {
  countyBoundaries: BoundaryCollection;
  townshipBoundaries: BoundaryCollection;
  units: readonly UnitCoverage[];
  caption: string;
}

export function BriefingMap({ countyBoundaries, townshipBoundaries, units, caption }: BriefingMapProps) {
  const statusByCode = new Map(units.map((unit) => [unit.code, unit.status]));
  const projection = fitProjection(townshipBoundaries.features.length > 0 ? townshipBoundaries.features : countyBoundaries.features);
  const approximate = townshipBoundaries.features.some((feature) => feature.properties.provenance === "approximate");
  const legend: { key: "covered" | "vacant" | "notRequired" | "noData"; className: string }[] = [
    { key: "covered", className: STATUS_CLASS.covered },
    { key: "vacant", className: STATUS_CLASS.vacant },
    { key: "notRequired", className: STATUS_CLASS.not_required },
    { key: "noData", className: "briefing-map__unit--no-data" },
  ];
  return (
    <figure className="briefing-map" data-testid="briefing:map">
      {projection && (
        <svg viewBox={`0 0 ${WIDTH} ${projection.height.toFixed(0)}`} role="img" aria-label={caption}>
          {townshipBoundaries.features.map((feature) => {
            const status = statusByCode.get(feature.properties.code);
            return (
              <path
                key={feature.properties.code}
                className={`briefing-map__unit ${status ? STATUS_CLASS[status] : "briefing-map__unit--no-data"}`}
                d={pathOf(feature, projection)}
                data-code={feature.properties.code}
                data-status={status ?? "none"}
              />
            );
          })}
          {countyBoundaries.features.map((feature) => (
            <path key={feature.properties.code} className="briefing-map__county" d={pathOf(feature, projection)} />
          ))}
        </svg>
      )}
      <figcaption>
        {caption}
        {townshipBoundaries.features.length > 0 && (
          <span className="briefing-map__legend">
            {legend.map(({ key, className }) => (
              <span key={key} className="briefing-map__legend-item">
                <svg viewBox="0 0 12 12" aria-hidden="true">
                  <rect className={`briefing-map__unit ${className}`} x="0.5" y="0.5" width="11" height="11" />
                </svg>
                {say(key)}
              </span>
            ))}
          </span>
        )}
        {townshipBoundaries.features.length === 0 ? ` ${say("mapNoTownships")}` : approximate ? ` ${say("mapApproximate")}` : ""}
      </figcaption>
    </figure>
  );
}
