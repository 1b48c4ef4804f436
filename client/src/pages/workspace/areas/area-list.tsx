/**
 * The left column: every area, filterable by name or code and by kind, with who holds its posts on the day viewed
 * (today, or a past day without the areas retired by then); the townships that no unit area groups come first,
 * highlighted, as the gaps to close. A click selects the area (map and right column).
 */
import { useMemo, useState } from "react";
import { listAreas, type AreaListItem } from "../../../api/areas.ts";
import { getCoverageGaps } from "../../../api/dashboard-coverage.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { useResource } from "../../../features/resource/use-resource.ts";
import { useWorkspace } from "../workspace-context.tsx";

const KINDS = ["subdistrict", "township", "county", "city", "belt", "project"] as const;

export function AreaList() {
  const { t } = useLanguage();
  const { selectedAreaId, selectArea, dataVersion, asOf } = useWorkspace();
  const [query, setQuery] = useState("");
  const [kind, setKind] = useState<string>("");
  // On a past day: the areas in force then, who held their posts, and the gaps of that day.
  const areas = useResource(`areas:${dataVersion}:${asOf}`, (signal) => listAreas(signal, asOf ?? undefined));
  const gaps = useResource(`gaps:${dataVersion}:${asOf}`, (signal) => getCoverageGaps(asOf ?? undefined, signal));

  const shown = useMemo(() => {
    if (areas.status !== "success") return [];
    const text = query.trim().toLowerCase();
    return areas.data.filter(
      (area: AreaListItem) =>
        (kind === "" || area.kind === kind) &&
        (text === "" || area.name.includes(text) || area.code.includes(text) || (area.nameEn ?? "").toLowerCase().includes(text)),
    );
  }, [areas, query, kind]);

  return (
    <section className="area-list" aria-labelledby="area-list-heading">
      <h2 id="area-list-heading">{t("workspace.areas.heading")}</h2>
      {gaps.status === "success" && gaps.data.unassigned.length > 0 && (
        <details className="area-gaps" open data-testid="area-gaps">
          <summary>{t("workspace.areas.unassigned", { count: gaps.data.unassigned.length })}</summary>
          <ul>
            {gaps.data.unassigned.map((unit) => (
              <li key={unit.code}>
                {unit.name} <span className="area-code">{unit.code}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
      <label>
        {t("workspace.areas.search")}
        <input type="search" value={query} onChange={(event) => setQuery(event.target.value)} />
      </label>
      <label>
        {t("workspace.areas.kind")}
        <select value={kind} onChange={(event) => setKind(event.target.value)}>
          <option value="">{t("workspace.areas.allKinds")}</option>
          {KINDS.map((value) => (
            <option key={value} value={value}>
              {t(`workspace.kind.${value}`)}
            </option>
          ))}
        </select>
      </label>
      {areas.status === "loading" && <p>{t("workspace.loading")}</p>}
      {areas.status === "error" && <p role="alert">{t("workspace.loadFailed", { title: areas.problem.detail ?? areas.problem.title })}</p>}
      <ul className="area-items" data-testid="area-items">
        {shown.map((area) => (
          <li key={area.id}>
            <button
              type="button"
              aria-pressed={area.id === selectedAreaId}
              data-area-code={area.code}
              onClick={() => selectArea(area.id)}
              className={area.retiredOn ? "area-retired" : undefined}
            >
              <span className="area-name">{area.name}</span>
              <span className="area-meta">
                {t(`workspace.kind.${area.kind}`)}
                {area.locked ? ` · ${t("workspace.areas.locked")}` : ""}
                {area.retiredOn ? ` · ${t("workspace.areas.retired", { date: area.retiredOn })}` : ""}
              </span>
              <span className="area-holders">
                {area.holders.length > 0 ? area.holders.map((holder) => holder.name).join("、") : t("workspace.areas.vacant")}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
