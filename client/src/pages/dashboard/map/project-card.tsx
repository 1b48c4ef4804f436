/** The project site clicked on the map: name, type, stage and start. Fictional demo entries say so. */
import { useLanguage } from "../../../features/language/language-context.tsx";
import { formatDate } from "../dashboard-format.ts";
import type { ProjectSite } from "./project-sites.ts";
import { projectTypeKeyOf, STAGE_KEYS } from "../role-names.ts";

export function ProjectCard({ site, onClose }: { site: ProjectSite; onClose(): void }) {
  const { t, language } = useLanguage();
  const typeKey = projectTypeKeyOf(site.projectType);
  return (
    <section className="dashboard-panel" aria-labelledby="dashboard-project-heading" data-testid="dashboard:project">
      <div className="dashboard-panel__head">
        <h2 id="dashboard-project-heading" className="dashboard-panel__heading">
          {site.name}
        </h2>
        <button type="button" className="dashboard-panel__close" aria-label={t("dashboard.project.close")} title={t("dashboard.project.close")} onClick={onClose}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
      <dl className="project-facts">
        <dt>{t("dashboard.project.type")}</dt>
        <dd>{typeKey ? t(typeKey) : site.projectType}</dd>
        <dt>{t("dashboard.project.stage")}</dt>
        <dd>{t(STAGE_KEYS[site.stage])}</dd>
        <dt>{t("dashboard.project.started")}</dt>
        <dd>{site.startedOn ? formatDate(site.startedOn, language) : t("dashboard.project.unknownStart")}</dd>
      </dl>
    </section>
  );
}
