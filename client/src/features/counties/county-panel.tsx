import type { Division } from "../../api/divisions.ts";
import { useLanguage } from "../language/language-context.tsx";
import type { Resource } from "../common/use-resource.ts";
import { ResourceStatus } from "../common/resource-status.tsx";
import { boundaryText, kindText } from "./division-text.ts";

interface CountyPanelProps {
  /** The selected county; undefined when none is selected. */
  county: Division | undefined;
  townships: Resource<Division[]> & { retry(): void };
}

/** The selected county: its name, kind, boundary provenance and its townships; a prompt when nothing is selected. */
export function CountyPanel({ county, townships }: CountyPanelProps) {
  const { t } = useLanguage();
  if (!county) {
    return (
      <section className="panel-section" data-testid="county-panel:prompt">
        <p className="panel-prompt">{t("county.prompt")}</p>
      </section>
    );
  }
  return (
    <section className="panel-section county-panel" aria-labelledby="county-panel-heading" data-testid="county-panel">
      <h2 id="county-panel-heading" className="county-panel__name" data-testid="county-panel:name">
        {county.name}
      </h2>
      <p className="county-panel__meta">
        {kindText(t, county.kind)} · {county.code}
      </p>
      <p className={county.provenance === "approximate" ? "county-panel__boundary is-approximate" : "county-panel__boundary"}>
        {boundaryText(t, county)}
      </p>
      {townships.status !== "success" ? (
        <ResourceStatus resource={townships} />
      ) : (
        <>
          <h3 id="township-list-heading" className="panel-subheading">
            {t("county.townshipsHeading", { count: townships.data.length })}
          </h3>
          {townships.data.length === 0 ? (
            <p className="panel-prompt">{t("county.noTownships")}</p>
          ) : (
            <ul className="township-list" aria-labelledby="township-list-heading" data-testid="county-panel:townships">
              {townships.data.map((township) => (
                <li key={township.code} className="township-list__item" data-testid="county-panel:township">
                  <span className="township-list__name">{township.name}</span>
                  <span className="township-list__meta">
                    {kindText(t, township.kind)}
                    {township.provenance === "approximate" ? ` · ${t("legend.approximate")}` : ""}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
