import type { Division } from "../../api/divisions.ts";
import { useLanguage } from "../language/language-context.tsx";
import type { Resource } from "../common/use-resource.ts";
import { ResourceStatus } from "../common/resource-status.tsx";
import { kindText } from "./division-text.ts";

export const COUNTY_LIST_ID = "county-list";

interface CountyListProps {
  counties: Resource<Division[]> & { retry(): void };
  selectedCode: string | null;
  onSelect(code: string): void;
}

/**
 * The counties as a list of toggle buttons: the keyboard and screen-reader way to select a county, doing the same
 * as a click on its polygon (and working when no polygon is loaded at all).
 */
export function CountyList({ counties, selectedCode, onSelect }: CountyListProps) {
  const { t } = useLanguage();
  return (
    <section className="panel-section" aria-labelledby="county-list-heading">
      <h2 id="county-list-heading" className="panel-heading">
        {t("counties.heading")}
      </h2>
      {counties.status !== "success" ? (
        <ResourceStatus resource={counties} />
      ) : (
        <ul id={COUNTY_LIST_ID} className="county-list" aria-label={t("counties.listLabel")} data-testid="county-list:list" tabIndex={-1}>
          {counties.data.map((county) => (
            <li key={county.code}>
              <button
                type="button"
                className="county-button"
                aria-pressed={county.code === selectedCode}
                data-testid="county-list:county"
                data-code={county.code}
                onClick={() => onSelect(county.code)}
              >
                <span className="county-button__name">{county.name}</span>
                <span className="county-button__meta">
                  {kindText(t, county.kind)}
                  {county.hasGeometry ? "" : ` · ${t("counties.withoutBoundary")}`}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
