/**
 * The vacant posts of the chosen date, most important first (vacancy-rank.ts says the order and why): the first few
 * beside the map, the rest behind "show all". A unit's name opens its appointment history, as in the unit table.
 */
import { useState } from "react";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { formatDate } from "../dashboard-format.ts";
import type { VacantPost } from "./vacancy-rank.ts";

/** How many posts show before "show all". */
const FIRST_SHOWN = 6;

interface VacancyListProps {
  date: string;
  posts: readonly VacantPost[];
  beltNames: ReadonlyMap<string, string>;
  onOpenUnit(code: string): void;
}

export function VacancyList({ date, posts, beltNames, onOpenUnit }: VacancyListProps) {
  const { t, language } = useLanguage();
  const [expanded, setExpanded] = useState(false);
  const shown = expanded ? posts : posts.slice(0, FIRST_SHOWN);
  const postText = (post: VacantPost): { name: string; detail: string } => {
    if (post.kind === "city-chief") return { name: t("dashboard.role.chief_city"), detail: t("dashboard.vacancies.cityChiefDetail") };
    if (post.kind === "county-chief") {
      return { name: post.countyName, detail: t(post.post === "seconded" ? "dashboard.role.chief_county_seconded" : "dashboard.role.chief_county_hired") };
    }
    const { unit } = post;
    const parts = [unit.countyName];
    if (unit.requiredFrom) parts.push(t("dashboard.vacancies.requiredFrom", { date: formatDate(unit.requiredFrom, language) }));
    if (unit.beltCodes.length > 0) parts.push(unit.beltCodes.map((code) => beltNames.get(code) ?? code).join(t("dashboard.punctuation.list")));
    if (unit.vacantSince) parts.push(t("dashboard.unitTable.vacantSince", { date: formatDate(unit.vacantSince, language) }));
    return { name: unit.name, detail: parts.join(" · ") };
  };
  return (
    <section className="dashboard-panel vacancy-list" aria-labelledby="dashboard-vacancies-heading" data-testid="dashboard:vacancies" data-date={date}>
      <h2 id="dashboard-vacancies-heading" className="dashboard-panel__heading">
        {t("dashboard.vacancies.heading")} <span className="dashboard-section__count">{t("dashboard.vacancies.count", { count: posts.length })}</span>
      </h2>
      <p className="dashboard-panel__meta">{t("dashboard.vacancies.order")}</p>
      {posts.length === 0 ? (
        <p className="dashboard-panel__empty">{t("dashboard.vacancies.none")}</p>
      ) : (
        <ol className="vacancy-list__items">
          {shown.map((post) => {
            const { name, detail } = postText(post);
            return (
              <li key={post.key} data-testid="dashboard:vacancy" data-kind={post.kind} data-key={post.key}>
                {post.kind === "unit" ? (
                  <button type="button" className="link-button" onClick={() => onOpenUnit(post.unit.code)}>
                    {name}
                  </button>
                ) : (
                  <strong>{name}</strong>
                )}
                <span className="data-table__sub">{detail}</span>
              </li>
            );
          })}
        </ol>
      )}
      {posts.length > FIRST_SHOWN ? (
        <button type="button" className="vacancy-list__more" data-testid="dashboard:vacancies-more" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
          {expanded ? t("dashboard.vacancies.showFewer") : t("dashboard.vacancies.showAll", { count: posts.length })}
        </button>
      ) : null}
    </section>
  );
}
