/**
 * The answer for the city itself (a search for 晋城 or 晋城市): the whole city is shown on the map, its chief planner
 * here, and how to find the planner of one place in it. Part of the answer panel's chunk.
 */
import type { LookupResult } from "../../../api/lookup.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { CityChiefSection } from "../answer/answer-sections.tsx";
import { ANSWER_HEADING_ID } from "../answer/answer-summary.ts";
import { usePlaceNames } from "../answer/place-names.ts";
import "./search-messages.ts";

export function CityAnswer({ lookup }: { lookup: LookupResult }) {
  const { t } = useLanguage();
  const { placePinyin } = usePlaceNames();
  const pinyin = placePinyin(lookup.city.name);
  return (
    <>
      <h2 id={ANSWER_HEADING_ID} className="answer__title" data-testid="answer:title">
        {lookup.city.name}
        {pinyin ? (
          <span className="answer__title-pinyin" lang="zh-Latn-pinyin" data-testid="answer:title-pinyin">
            {` ${pinyin}`}
          </span>
        ) : null}
      </h2>
      <p className="answer__where" data-testid="answer:where">
        {t("finder.searchBox.wholeCityShown")}
      </p>
      <CityChiefSection city={lookup.city} />
      <p className="answer__note" data-testid="answer:city-next">
        {t("finder.searchBox.cityNext")}
      </p>
      <p className="answer__date">{t("finder.answer.asOf", { date: lookup.date })}</p>
    </>
  );
}
