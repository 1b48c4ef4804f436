/** The small pictures of a map legend, drawn with the map's own colours by the caller. Decorative: the text beside them says it all. */
import type { ReactNode } from "react";

/** A 14 px high picture `width` wide holding `children` (SVG shapes). */
export function Swatch({ width, children }: { width: number; children: ReactNode }) {
  return (
    <svg width={width} height="14" aria-hidden="true">
      {children}
    </svg>
  );
}

/** A horizontal line across the swatch: an outline, solid or dashed (dash lengths in CSS pixels). */
export function LineSwatch({ width, color, strokeWidth, dash }: { width: number; color: string; strokeWidth: number; dash?: string }) {
  return (
    <Swatch width={width}>
      <line x1="1" y1="7" x2={width - 1} y2="7" stroke={color} strokeWidth={strokeWidth} strokeDasharray={dash} />
    </Swatch>
  );
}

/** A dot with a ring, as a point on the map is drawn. */
export function DotSwatch({ fill, stroke }: { fill: string; stroke: string }) {
  return (
    <Swatch width={18}>
      <circle cx="9" cy="7" r="5" fill={fill} stroke={stroke} strokeWidth="1.5" />
    </Swatch>
  );
}
