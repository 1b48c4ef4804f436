/** The parts of an answer, each a titled section of the answer panel. */
import type { CountyChiefPosts, LookupResult, PublicPlanner, UnitPost } from "../../../api/lookup.ts";
import type { ProjectSearchResult } from "../../../api/search.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { AboutUnitPlanners } from "./answer-intro.tsx";
import { PlannerCard } from "./planner-card.tsx";
import { kindText, projectText, UNIT_STATUS_KEYS } from "./place-names.ts";

interface UnitSectionProps {
  unit: UnitPost;
  /** Name of the township-level unit, for the vacancy text. */
  unitName: string;
}

/** The unit post of one township: the planner's card, or plainly that the post is vacant or not set up yet. */
export function UnitSection({ unit, unitName }: UnitSectionProps) {
  const { t } = useLanguage();
  return (
    <section className="answer-section" aria-labelledby="answer-unit-heading" data-testid="answer:unit" data-status={unit.status}>
      <h3 id="answer-unit-heading" className="answer-section__heading">
        {t("finder.unit.heading")}
      </h3>
      {unit.status === "covered" && unit.planner ? (
        <PlannerCard
          planner={unit.planner}
          headingLevel={4}
          areaName={unit.area && unit.area.name !== unitName ? unit.area.name : undefined}
          since={unit.appointedOn}
        />
      ) : unit.status === "not_required" ? (
        <p className="answer-vacancy answer-vacancy--quiet" data-testid="answer:not-required">
          {unit.requiredFrom
            ? t("finder.unit.notRequiredUntil", { name: unitName, date: unit.requiredFrom })
            : t("finder.unit.notRequired", { name: unitName })}
        </p>
      ) : (
        <p className="answer-vacancy" data-testid="answer:vacant">
          <strong>{t("finder.status.vacant")}</strong>{" "}
          {unit.vacantSince ? t("finder.unit.vacantSince", { name: unitName, date: unit.vacantSince }) : t("finder.unit.vacant", { name: unitName })}{" "}
          {t("finder.unit.meanwhile")}
        </p>
      )}
      <AboutUnitPlanners />
    </section>
  );
}

/** The two county chief posts (市局下派, 县级选聘); a vacant one says so. */
export function CountyChiefsSection({ countyName, posts, emphasise }: { countyName: string; posts: CountyChiefPosts; emphasise: boolean }) {
  const { t } = useLanguage();
  const rows: Array<{ label: string; planner: PublicPlanner | null; testId: string }> = [
    { label: t("finder.chiefs.seconded"), planner: posts.seconded, testId: "answer:chief-seconded" },
    { label: t("finder.chiefs.hired"), planner: posts.hired, testId: "answer:chief-hired" },
  ];
  return (
    <section
      className={emphasise ? "answer-section answer-section--contact-now" : "answer-section"}
      aria-labelledby="answer-chiefs-heading"
      data-testid="answer:chiefs"
    >
      <h3 id="answer-chiefs-heading" className="answer-section__heading">
        {emphasise ? t("finder.chiefs.headingMeanwhile", { county: countyName }) : t("finder.chiefs.heading", { county: countyName })}
      </h3>
      <p className="answer-section__intro">{t("finder.chiefs.about")}</p>
      {rows.map((row) =>
        row.planner ? (
          <div key={row.label} data-testid={row.testId}>
            <PlannerCard planner={row.planner} headingLevel={4} roleLabel={row.label} />
          </div>
        ) : (
          <p key={row.label} className="answer-vacancy answer-vacancy--quiet" data-testid={row.testId}>
            {t("finder.chiefs.vacantPost", { role: row.label })}
          </p>
        ),
      )}
    </section>
  );
}

type CountyUnits = NonNullable<LookupResult["countyTownships"]>;
type CountyUnit = CountyUnits[number];

function CountyUnitRow({ unit }: { unit: CountyUnit }) {
  const { t } = useLanguage();
  return (
    <li className="unit-list__item" data-testid="answer:county-unit" data-code={unit.code} data-status={unit.unit.status}>
      <details>
        <summary>
          <span className="unit-list__name">{unit.name}</span>
          <span className="unit-list__kind">{kindText(t, unit.kind)}</span>
          <span className={`unit-list__status unit-list__status--${unit.unit.status}`}>
            {unit.unit.status === "covered" && unit.unit.planner ? unit.unit.planner.name : t(UNIT_STATUS_KEYS[unit.unit.status])}
          </span>
        </summary>
        {unit.unit.status === "covered" && unit.unit.planner ? (
          <PlannerCard
            planner={unit.unit.planner}
            headingLevel={4}
            areaName={unit.unit.area && unit.unit.area.name !== unit.name ? unit.unit.area.name : undefined}
            since={unit.unit.appointedOn}
          />
        ) : (
          <p className="answer-vacancy answer-vacancy--quiet">
            {unit.unit.status === "vacant"
              ? unit.unit.vacantSince
                ? t("finder.unit.vacantSince", { name: unit.name, date: unit.unit.vacantSince })
                : t("finder.unit.vacant", { name: unit.name })
              : t("finder.unit.notRequired", { name: unit.name })}
          </p>
        )}
      </details>
    </li>
  );
}

/** Units without a planner, folded into one line ("12 个岗位空缺") that opens to list them. */
function CountyUnitGroup({ units, status }: { units: CountyUnit[]; status: "vacant" | "not_required" }) {
  const { t } = useLanguage();
  if (units.length === 0) return null;
  const key = status === "vacant" ? "finder.countyUnits.vacantGroup" : "finder.countyUnits.notRequiredGroup";
  return (
    <li className="unit-list__item unit-list__group" data-testid={`answer:county-group-${status}`}>
      <details>
        <summary>
          <span className={`unit-list__status unit-list__status--${status}`}>{t(key, { count: units.length })}</span>
          <span className="unit-list__kind">{units.map((unit) => unit.name).join("、")}</span>
        </summary>
        <ul className="unit-list">
          {units.map((unit) => (
            <CountyUnitRow key={unit.code} unit={unit} />
          ))}
        </ul>
      </details>
    </li>
  );
}

/**
 * Every township-level unit of a county with its planner, for an answer at county level (no township boundaries):
 * the units with a planner one by one, those vacant or not yet required each folded into one line after them.
 */
export function CountyUnitsSection({ countyName, units }: { countyName: string; units: CountyUnits }) {
  const { t } = useLanguage();
  const covered = units.filter((unit) => unit.unit.status === "covered");
  return (
    <section className="answer-section" aria-labelledby="answer-county-units-heading" data-testid="answer:county-units">
      <h3 id="answer-county-units-heading" className="answer-section__heading">
        {t("finder.countyUnits.heading", { county: countyName, count: units.length })}
      </h3>
      <ul className="unit-list">
        {covered.map((unit) => (
          <CountyUnitRow key={unit.code} unit={unit} />
        ))}
        <CountyUnitGroup status="vacant" units={units.filter((unit) => unit.unit.status === "vacant")} />
        <CountyUnitGroup status="not_required" units={units.filter((unit) => unit.unit.status === "not_required")} />
      </ul>
    </section>
  );
}

export function BeltsSection({ belts }: { belts: LookupResult["belts"] }) {
  const { t, language } = useLanguage();
  if (belts.length === 0) return null;
  return (
    <section className="answer-section" aria-labelledby="answer-belts-heading" data-testid="answer:belts">
      <h3 id="answer-belts-heading" className="answer-section__heading">
        {t("finder.belts.heading")}
      </h3>
      <ul className="plain-list">
        {belts.map((belt) => (
          <li key={belt.code} data-testid="answer:belt">
            <span className="belt-swatch" aria-hidden="true" />
            {language === "en" && belt.nameEn ? belt.nameEn : belt.name}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** "约 350 米" / "约 1.2 公里": the distance the way people say it. */
function distanceText(t: ReturnType<typeof useLanguage>["t"], metres: number): string {
  return metres < 1000 ? t("finder.projects.metres", { value: Math.round(metres / 10) * 10 }) : t("finder.projects.kilometres", { value: (metres / 1000).toFixed(1) });
}

export function ProjectsSection({ projects }: { projects: LookupResult["projects"] }) {
  const { t } = useLanguage();
  if (projects.length === 0) return null;
  return (
    <section className="answer-section" aria-labelledby="answer-projects-heading" data-testid="answer:projects">
      <h3 id="answer-projects-heading" className="answer-section__heading">
        {t("finder.projects.heading", { count: projects.length })}
      </h3>
      <ul className="project-list">
        {projects.map((project) => (
          <li key={project.id} className="project-list__item" data-testid="answer:project">
            <span className="project-list__name">{project.name}</span>
            <span className="project-list__meta">
              {projectText(t, project.type, project.stage)} · {distanceText(t, project.distanceM)}
            </span>
            {project.planners.length > 0 ? (
              <span className="project-list__meta">
                {t("finder.projects.planners", { names: project.planners.map((planner) => planner.name).join("、") })}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The project a search chose, with its project planners, above the chain where it lies. */
export function ChosenProjectSection({ project }: { project: ProjectSearchResult }) {
  const { t } = useLanguage();
  return (
    <section className="answer-section" aria-labelledby="answer-project-heading" data-testid="answer:chosen-project">
      <h3 id="answer-project-heading" className="answer-section__heading">
        {t("finder.project.planners")}
      </h3>
      {project.planners.length === 0 ? (
        <p className="answer-vacancy answer-vacancy--quiet">{t("finder.project.noPlanner")}</p>
      ) : (
        project.planners.map((planner) => <PlannerCard key={planner.name} planner={planner} headingLevel={4} />)
      )}
    </section>
  );
}

export function CityChiefSection({ city }: { city: LookupResult["city"] }) {
  const { t } = useLanguage();
  return (
    <section className="answer-section" aria-labelledby="answer-city-heading" data-testid="answer:city">
      <h3 id="answer-city-heading" className="answer-section__heading">
        {t("finder.city.heading", { city: city.name })}
      </h3>
      {city.chiefPlanner ? (
        <PlannerCard planner={city.chiefPlanner} headingLevel={4} />
      ) : (
        <p className="answer-vacancy answer-vacancy--quiet">{t("finder.status.vacant")}</p>
      )}
    </section>
  );
}
