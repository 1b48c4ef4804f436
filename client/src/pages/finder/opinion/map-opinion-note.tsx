/**
 * An answered opinion clicked on the public map, as text: its category, what the resident wrote, the answer, the
 * area that received it and the days, read by the marker's id (GET /api/answered-opinions/{id}). The tile gives the
 * category and status at once; the text follows. Nothing about the person, no photos, no ticket. A chunk of its own.
 */
import type { MapOpinion as MapOpinionText } from "@contracts/opinions.ts";
import { getJson } from "../../../api/http.ts";
import type { OpinionCategory } from "../../../api/opinions.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { useResource } from "../../../features/resource/use-resource.ts";
import { addMessages, HTML_LANG } from "../../../lib/i18n.ts";
import type { MapOpinion } from "../../../map/layers/opinions.layer.ts";
import { OPINION_CATEGORIES } from "./opinion-model.ts";
import { OPINION_EN, OPINION_ZH } from "./opinion-messages.ts";
import "./opinion.css";

const MAP_OPINION_ZH = {
  "finder.mapOpinion.heading": "公众意见",
  "finder.mapOpinion.close": "关闭",
  "finder.mapOpinion.loading": "正在读取意见和答复…",
  "finder.mapOpinion.gone": "这条意见已不在地图上。",
  "finder.mapOpinion.failed": "暂时无法读取这条意见：{title}",
  "finder.mapOpinion.area": "{area} · 留言于 {received}，答复于 {answered}",
  "finder.mapOpinion.noArea": "留言于 {received}，答复于 {answered}",
};
const MAP_OPINION_EN: typeof MAP_OPINION_ZH = {
  "finder.mapOpinion.heading": "Public opinion",
  "finder.mapOpinion.close": "Close",
  "finder.mapOpinion.loading": "Reading the opinion and its answer…",
  "finder.mapOpinion.gone": "This opinion is no longer on the map.",
  "finder.mapOpinion.failed": "The opinion cannot be read right now: {title}",
  "finder.mapOpinion.area": "{area} · left {received}, answered {answered}",
  "finder.mapOpinion.noArea": "Left {received}, answered {answered}",
};

declare module "../../../lib/i18n.ts" {
  interface PageDictionaries {
    finderMapOpinion: typeof MAP_OPINION_ZH;
  }
}

addMessages(OPINION_ZH, OPINION_EN);
addMessages(MAP_OPINION_ZH, MAP_OPINION_EN);

const categoryKnown = (category: string | null): category is OpinionCategory => category !== null && (OPINION_CATEGORIES as string[]).includes(category);

export function MapOpinionNote({ opinion, onClose }: { opinion: MapOpinion; onClose(): void }) {
  const { t, language } = useLanguage();
  const text = useResource(String(opinion.id), (signal) => getJson<MapOpinionText>(`/api/answered-opinions/${opinion.id}`, {}, signal));
  const category = categoryKnown(opinion.category) ? t(`opinion.category.${opinion.category}`) : opinion.category;
  // Days in China time, whatever the visitor's clock says.
  const day = new Intl.DateTimeFormat(HTML_LANG[language], { dateStyle: "medium", timeZone: "Asia/Shanghai" });
  return (
    <section className="note" aria-live="polite" data-testid="finder:map-opinion" data-opinion-id={opinion.id}>
      <h2>{t("finder.mapOpinion.heading")}</h2>
      <p data-testid="finder:map-opinion-text">
        {category ? `${category} · ` : ""}
        {t("opinion.status.answered")}
      </p>
      {text.status === "loading" && <p>{t("finder.mapOpinion.loading")}</p>}
      {text.status === "error" && (
        <p role="alert">{text.problem.status === 404 ? t("finder.mapOpinion.gone") : t("finder.mapOpinion.failed", { title: text.problem.title })}</p>
      )}
      {text.status === "success" && (
        <div data-testid="finder:map-opinion-body">
          <h3 className="answer-section__heading">{t("opinion.view.text")}</h3>
          <p className="opinion-view__text">{text.data.text}</p>
          <h3 className="answer-section__heading">{t("opinion.view.answer")}</h3>
          <p className="opinion-view__text">{text.data.answer}</p>
          <p className="answer-section__intro">
            {t(text.data.areaName ? "finder.mapOpinion.area" : "finder.mapOpinion.noArea", {
              area: text.data.areaName ?? "",
              received: day.format(new Date(text.data.times.received)),
              answered: text.data.times.answered ? day.format(new Date(text.data.times.answered)) : "—",
            })}
          </p>
        </div>
      )}
      <button type="button" onClick={onClose}>
        {t("finder.mapOpinion.close")}
      </button>
    </section>
  );
}
