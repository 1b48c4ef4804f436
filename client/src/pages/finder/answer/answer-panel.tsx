/**
 * The answer panel: who is responsible for the place asked about, from the unit planner up to the city chief, or
 * plainly that a post is vacant and whom to contact meanwhile, or that the place is outside Jincheng. The panel is not
 * itself a live region (it is long); `answerSummary` gives the one sentence the page announces. A chunk of its own,
 * loaded after the first map frame (or with the first question): it is not needed to show the map.
 */
import type { LookupResult } from "../../../api/lookup.ts";
import type { Translate } from "../../../lib/i18n.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import type { Answer, AskedPlace } from "./answer-model.ts";
import { AnswerContact } from "./answer-contact.tsx";
import { AboutUnitPlanners, AnswerIntro, AnswerLoading } from "./answer-intro.tsx";
import { ANSWER_HEADING_ID, isOutsideJincheng } from "./answer-summary.ts";
import {
  BeltsSection,
  ChosenProjectSection,
  CityChiefSection,
  CountyChiefsSection,
  CountyUnitsSection,
  ProjectsSection,
  UnitSection,
} from "./answer-sections.tsx";
import { OpinionEntry } from "../opinion/opinion-entry.tsx";
import { firstContactOf, type FirstContact } from "./first-contact.ts";
import { PlannerCard } from "./planner-card.tsx";
import { kindText, projectText, roleText, usePlaceNames, type PlaceName } from "./place-names.ts";
import { CityAnswer } from "../search/city-answer.tsx";
import type { AnswerState } from "./use-answer.ts";

/** The heading and the line under it: the place asked about and where it is. */
function placeHeading(t: Translate, lookup: LookupResult, asked: AskedPlace, placeName: PlaceName): { title: string; where: string } {
  const { county, township } = lookup;
  const countyLine = `${kindText(t, county.kind)} · ${placeName(lookup.city.name)}`;
  if (asked.kind === "project") return { title: asked.project.name, where: projectText(t, asked.project.projectType, asked.project.stage) };
  if (asked.kind === "village" && township) {
    return { title: asked.name, where: t("finder.place.villageOf", { kind: kindText(t, asked.villageKind), township: placeName(township.name), county: placeName(county.name) }) };
  }
  if (asked.kind !== "county" && township) return { title: township.name, where: `${kindText(t, township.kind)} · ${placeName(county.name)}` };
  return { title: county.name, where: countyLine };
}

function ChainAnswer({ lookup, asked, contact }: { lookup: LookupResult; asked: AskedPlace; contact: FirstContact | null }) {
  const { t } = useLanguage();
  const { placeName, placePinyin } = usePlaceNames();
  const { title, where } = placeHeading(t, lookup, asked, placeName);
  const titlePinyin = placePinyin(title);
  const township = asked.kind === "county" ? null : lookup.township;
  // A township without a boundary (provenance null) is shown on the map by its county: say so, and whose lines they are.
  const townshipOnMap = township !== null && township.provenance !== null;
  const approximate = townshipOnMap ? township.approximate : lookup.county.approximate;
  return (
    <>
      <h2 id={ANSWER_HEADING_ID} className="answer__title" data-testid="answer:title">
        {title}
        {titlePinyin ? (
          <span className="answer__title-pinyin" lang="zh-Latn-pinyin" data-testid="answer:title-pinyin">
            {` ${titlePinyin}`}
          </span>
        ) : null}
      </h2>
      <p className="answer__where" data-testid="answer:where">
        {where}
      </p>
      <AnswerContact contact={contact} placeName={title} />
      {asked.kind === "point" && !township ? (
        <p className="answer__note" data-testid="answer:county-precision">
          {t("finder.countyUnits.precision", { county: lookup.county.name })}
        </p>
      ) : null}
      {township && !townshipOnMap ? (
        <p className="answer__note" data-testid="answer:county-shown">
          {t("finder.place.countyShown", { township: township.name, county: lookup.county.name })}
        </p>
      ) : null}
      {approximate ? (
        <p className="answer__note answer__note--approximate" data-testid="answer:approximate">
          {t("finder.boundary.approximate")}
        </p>
      ) : null}
      <OpinionEntry key={`${lookup.point.lon},${lookup.point.lat}`} place={lookup.point} placeName={title} />
      {asked.kind === "project" ? <ChosenProjectSection project={asked.project} /> : null}
      {township ? <UnitSection unit={township.unit} unitName={township.name} /> : null}
      {!township && lookup.countyTownships ? <CountyUnitsSection countyName={lookup.county.name} units={lookup.countyTownships} /> : null}
      {!township && !lookup.countyTownships ? <p className="answer__note">{t("finder.countyUnits.chooseTownship")}</p> : null}
      <CountyChiefsSection countyName={lookup.county.name} posts={lookup.county.chiefPosts} emphasise={contact?.level === "county" && township !== null} />
      <BeltsSection belts={lookup.belts} />
      <ProjectsSection projects={lookup.projects} />
      <CityChiefSection city={lookup.city} />
      {!township ? <AboutUnitPlanners /> : null}
      <p className="answer__date">{t("finder.answer.asOf", { date: lookup.date })}</p>
    </>
  );
}

function SuccessAnswer({ answer, onShowArea }: { answer: Answer; onShowArea(areaName: string): void }) {
  const { t } = useLanguage();
  if (answer.kind === "chain" && answer.asked.kind === "city") return <CityAnswer lookup={answer.lookup} />;
  if (answer.kind === "chain") return <ChainAnswer lookup={answer.lookup} asked={answer.asked} contact={firstContactOf(answer)} />;
  if (answer.kind === "planner") {
    const { planner, posts } = answer.result;
    return (
      <>
        <h2 id={ANSWER_HEADING_ID} className="answer__title" data-testid="answer:title">
          {planner.name}
        </h2>
        <PlannerCard planner={planner} headingLevel={3} />
        <section className="answer-section" aria-labelledby="answer-posts-heading" data-testid="answer:posts">
          <h3 id="answer-posts-heading" className="answer-section__heading">
            {t("finder.planner.posts")}
          </h3>
          {posts.length === 0 ? (
            <p className="answer-vacancy answer-vacancy--quiet">{t("finder.planner.noPosts")}</p>
          ) : (
            <ul className="plain-list">
              {posts.map((post) => (
                <li key={`${post.role}:${post.area.code}`} className="post-row">
                  <span>
                    {roleText(t, post.role)} · {post.area.name} · {t("finder.planner.since", { date: post.since })}
                  </span>
                  {post.role === "chief_city" ? null : (
                    <button type="button" className="finder-link-button" data-testid="answer:show-area" onClick={() => onShowArea(post.area.name)}>
                      {t("finder.planner.showArea", { area: post.area.name })}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      </>
    );
  }
  if (answer.kind === "project") {
    return (
      <>
        <h2 id={ANSWER_HEADING_ID} className="answer__title" data-testid="answer:title">
          {answer.result.name}
        </h2>
        <p className="answer__where">{projectText(t, answer.result.projectType, answer.result.stage)}</p>
        <ChosenProjectSection project={answer.result} />
      </>
    );
  }
  const { result, chiefPosts } = answer;
  const unitName = result.level === "village" ? (result.township?.name ?? result.name) : result.name;
  const contact = firstContactOf(answer);
  return (
    <>
      <h2 id={ANSWER_HEADING_ID} className="answer__title" data-testid="answer:title">
        {result.name}
      </h2>
      <p className="answer__where">
        {kindText(t, result.kind)}
        {result.county ? ` · ${result.county.name}` : ""}
        {result.level === "village" && result.township ? ` · ${result.township.name}` : ""}
      </p>
      <AnswerContact contact={contact} placeName={result.name} />
      <p className="answer__note">{t("finder.place.noPosition")}</p>
      {result.unit ? <UnitSection unit={result.unit} unitName={unitName} /> : null}
      {chiefPosts ? (
        <CountyChiefsSection countyName={result.county?.name ?? result.name} posts={chiefPosts} emphasise={contact?.level === "county" && result.unit !== null} />
      ) : null}
    </>
  );
}

interface AnswerPanelProps {
  state: AnswerState & { retry(): void };
  /** A planner's post was chosen: show that area (looked up by name). */
  onShowArea(areaName: string): void;
}

export function AnswerPanel({ state, onShowArea }: AnswerPanelProps) {
  const { t } = useLanguage();
  if (state.status === "idle") return <AnswerIntro />;
  if (state.status === "loading") return <AnswerLoading />;
  return (
    <section className="answer" aria-labelledby={ANSWER_HEADING_ID} data-testid="answer" data-status={state.status}>
      {state.status === "error" ? (
        isOutsideJincheng(state) ? (
          <div data-testid="answer:outside">
            <h2 id={ANSWER_HEADING_ID} className="answer__title">
              {t("finder.outside.heading")}
            </h2>
            <p className="answer__intro">{t("finder.outside.text")}</p>
          </div>
        ) : (
          <div data-testid="answer:error">
            <h2 id={ANSWER_HEADING_ID} className="answer__title">
              {t("finder.error.heading")}
            </h2>
            <p className="answer__intro">{t("finder.error.text", { title: state.problem.detail ?? state.problem.title })}</p>
            <button type="button" className="finder-button" onClick={state.retry}>
              {t("finder.error.retry")}
            </button>
          </div>
        )
      ) : (
        <SuccessAnswer answer={state.answer} onShowArea={onShowArea} />
      )}
    </section>
  );
}
