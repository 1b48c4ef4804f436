/**
 * An answered opinion clicked on the public map, as text: its category and that it was answered. The tile carries no
 * more (no text, answer, ticket or anything about the person), so neither does this note. A chunk of its own.
 */
import type { OpinionCategory } from "../../../api/opinions.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { addMessages } from "../../../lib/i18n.ts";
import type { MapOpinion } from "../../../map/layers/opinions.layer.ts";
import { OPINION_EN, OPINION_ZH } from "./opinion-messages.ts";

const MAP_OPINION_ZH = {
  "finder.mapOpinion.heading": "公众意见",
  "finder.mapOpinion.close": "关闭",
};
const MAP_OPINION_EN: typeof MAP_OPINION_ZH = {
  "finder.mapOpinion.heading": "Public opinion",
  "finder.mapOpinion.close": "Close",
};

declare module "../../../lib/i18n.ts" {
  interface PageDictionaries {
    finderMapOpinion: typeof MAP_OPINION_ZH;
  }
}

addMessages(OPINION_ZH, OPINION_EN);
addMessages(MAP_OPINION_ZH, MAP_OPINION_EN);

const CATEGORIES: ReadonlySet<string> = new Set<OpinionCategory>([
  "road_traffic",
  "public_space",
  "public_facilities",
  "housing_community",
  "environment",
  "heritage",
  "village_planning",
  "planning_project",
  "other",
]);

export function MapOpinionNote({ opinion, onClose }: { opinion: MapOpinion; onClose(): void }) {
  const { t } = useLanguage();
  const category = opinion.category === null ? null : CATEGORIES.has(opinion.category) ? t(`opinion.category.${opinion.category as OpinionCategory}`) : opinion.category;
  return (
    <section className="note" aria-live="polite" data-testid="finder:map-opinion" data-opinion-id={opinion.id}>
      <h2>{t("finder.mapOpinion.heading")}</h2>
      <p data-testid="finder:map-opinion-text">
        {category ? `${category} · ` : ""}
        {t("opinion.status.answered")}
      </p>
      <button type="button" onClick={onClose}>
        {t("finder.mapOpinion.close")}
      </button>
    </section>
  );
}
