/** How a division's kind and provenance read in the current language. */
import type { Division } from "../../api/divisions.ts";
import { kindKey, type Translate } from "../../lib/i18n.ts";

/** The translated kind (街道 → subdistrict); an unknown kind is shown as the database wrote it. */
export function kindText(t: Translate, kind: string): string {
  const key = kindKey(kind);
  return key ? t(key) : kind;
}

/** "边界：示意边界（非法定界线）", or that no boundary is loaded when the division has no geometry. */
export function boundaryText(t: Translate, division: Pick<Division, "hasGeometry" | "provenance">): string {
  if (!division.hasGeometry || division.provenance === null) return t("county.noBoundary");
  return t("county.boundary", { provenance: t(`provenance.${division.provenance}`) });
}
