/**
 * The bureau's monthly briefing (工作简报) at /briefing?period=YYYY-MM[&county=<code>]: a printable A4 document in
 * Chinese with the coverage at the end of the month (map, by county, by belt), the unit-planner appointments made and
 * ended in it, the work records by kind and the handling of public opinions. Loaded lazily from main.tsx. Every figure
 * is the API's own answer (briefing-data.ts); the root element carries data-ready="true" once all of them have
 * arrived and are on the page ("error" when the briefing cannot be made), which scripts/briefing.ts waits for before
 * it prints.
 */
import { useEffect, useMemo, useState } from "react";
import { ApiProblem } from "../../api/api-problem.ts";
import { jinchengToday } from "../../lib/calendar-dates.ts";
import { BriefingMap } from "./briefing-map.tsx";
import { loadBriefing, UnknownCountyError, type BriefingData } from "./briefing-data.ts";
import { FIRST_PERIOD, isCountyCode, monthOf, parseBriefingPeriod } from "./briefing-period.ts";
import { kindName, say } from "./messages.ts";
import "./briefing.css";

type Loaded = { state: "loading" } | { state: "ready"; data: BriefingData } | { state: "error"; message: string };

const DATE_FORMAT = new Intl.DateTimeFormat("zh-CN", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });

/** 2022年12月31日 for a calendar day (formatted in UTC so it never shifts). */
function formatDate(date: string): string {
  return DATE_FORMAT.format(new Date(`${date}T00:00:00Z`));
}

/** "22.1%" as the API rounds it; "—" while nothing is required. */
function formatPercent(value: number | null): string {
  return value === null ? say("none") : `${value.toFixed(1)}%`;
}

function formatHours(value: number | null): string {
  return value === null ? say("none") : say("hours", { hours: value.toFixed(1) });
}

function messageOf(error: unknown): string {
  if (error instanceof UnknownCountyError) return say("unknownCounty", { code: error.code });
  if (error instanceof ApiProblem) return error.detail ?? error.title;
  return error instanceof Error ? error.message : String(error);
}

function CoverageSection({ data, scope }: { data: BriefingData; scope: string }) {
  const { unitCounts, period } = data;
  return (
    <section className="briefing-section">
      <h2>{say("coverageHeading")}</h2>
      <p className="briefing-figures">
        <span>
          {say("coveragePercent", { scope })} <strong data-testid="briefing:coverage-percent">{formatPercent(unitCounts.percent)}</strong>
        </span>
        <span>
          {say("covered")} <strong data-testid="briefing:units-covered">{unitCounts.covered}</strong>
        </span>
        <span>
          {say("required")} <strong data-testid="briefing:units-required">{unitCounts.required}</strong>
        </span>
        <span>
          {say("vacant")} <strong data-testid="briefing:units-vacant">{unitCounts.vacant}</strong>
        </span>
        <span>
          {say("notRequired")} <strong data-testid="briefing:units-not-required">{unitCounts.notRequired}</strong>
        </span>
      </p>
      <BriefingMap
        countyBoundaries={data.countyBoundaries}
        townshipBoundaries={data.townshipBoundaries}
        units={data.units}
        caption={say("mapCaption", { scope, date: formatDate(period.to) })}
      />
      <div className="briefing-tables">
        <UnitCountTable
          heading={say("byCounty")}
          nameHeading={say("county")}
          rows={data.counties}
          testId="briefing:county-row"
        />
        {data.belts.length > 0 ? (
          <UnitCountTable
            heading={say(data.county ? "byBeltInCounty" : "byBelt")}
            nameHeading={say("belt")}
            rows={data.belts}
            testId="briefing:belt-row"
          />
        ) : (
          <p>{say("noBelts")}</p>
        )}
      </div>
    </section>
  );
}

interface UnitCountRow {
  code: string;
  name: string;
  units: BriefingData["unitCounts"];
}

function UnitCountTable({ heading, nameHeading, rows, testId }: { heading: string; nameHeading: string; rows: readonly UnitCountRow[]; testId: string }) {
  return (
    <table className="briefing-table">
      <caption>{heading}</caption>
      <thead>
        <tr>
          <th scope="col">{nameHeading}</th>
          <th scope="col">{say("coveredOfRequired")}</th>
          <th scope="col">{say("percent")}</th>
          <th scope="col">{say("vacant")}</th>
          <th scope="col">{say("notRequired")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.code} data-testid={testId} data-code={row.code}>
            <th scope="row">{row.name}</th>
            <td data-column="units">
              {row.units.covered} / {row.units.required}
            </td>
            <td data-column="percent">{formatPercent(row.units.percent)}</td>
            <td data-column="vacant">{row.units.vacant}</td>
            <td data-column="notRequired">{row.units.notRequired}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AppointmentsSection({ data }: { data: BriefingData }) {
  const made = data.changes.filter((change) => change.kind === "made").length;
  const ended = data.changes.length - made;
  const changeName = { made: say("changeMade"), ended: say("changeEnded"), dismissed: say("changeDismissed") } as const;
  return (
    <section className="briefing-section">
      <h2>{say("appointmentsHeading")}</h2>
      <p className="briefing-figures">
        <span data-testid="briefing:appointments-made" data-value={made}>
          {say("appointmentsMade", { count: made })}
        </span>
        <span data-testid="briefing:appointments-ended" data-value={ended}>
          {say("appointmentsEnded", { count: ended })}
        </span>
      </p>
      {data.changes.length === 0 ? (
        <p>{say("appointmentsNone")}</p>
      ) : (
        <table className="briefing-table briefing-table--changes">
          <thead>
            <tr>
              <th scope="col">{say("date")}</th>
              <th scope="col">{say("county")}</th>
              <th scope="col">{say("unit")}</th>
              <th scope="col">{say("planner")}</th>
              <th scope="col">{say("change")}</th>
            </tr>
          </thead>
          <tbody>
            {data.changes.map((change) => (
              <tr key={`${change.kind}|${change.date}|${change.areaName}|${change.plannerName}`} data-testid="briefing:appointment-row" data-kind={change.kind}>
                <td>{formatDate(change.date)}</td>
                <td>{change.countyName}</td>
                <td>{change.areaName}</td>
                <td>{change.plannerName}</td>
                <td>{changeName[change.kind]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function WorkSection({ data }: { data: BriefingData }) {
  const { work, county } = data;
  const total = county ? (work.workRecords.byCounty.find((entry) => entry.code === county.code)?.records ?? 0) : work.workRecords.total;
  return (
    <section className="briefing-section">
      <h2>{say("workHeading")}</h2>
      <p className="briefing-figures">
        <span data-testid="briefing:work-total" data-value={total}>
          {say("workTotal", { count: total })}
        </span>
      </p>
      {county ? (
        <p>{say("workByKindCityOnly")}</p>
      ) : (
        <table className="briefing-table briefing-table--narrow">
          <thead>
            <tr>
              <th scope="col">{say("kind")}</th>
              <th scope="col">{say("records")}</th>
            </tr>
          </thead>
          <tbody>
            {work.workRecords.byKind.map((entry) => (
              <tr key={entry.kind} data-testid="briefing:work-kind-row" data-kind={entry.kind}>
                <th scope="row">{kindName(entry.kind)}</th>
                <td data-column="records">{entry.records}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function OpinionsSection({ data }: { data: BriefingData }) {
  const { opinions } = data.work;
  const figures = data.county ? opinions.byCounty.find((entry) => entry.code === data.county!.code) : opinions;
  const rows = [
    { key: "opinionsReceived", testId: "received", text: String(figures?.received ?? 0) },
    { key: "opinionsAcknowledged", testId: "acknowledged", text: String(figures?.acknowledged ?? 0) },
    { key: "opinionsAnswered", testId: "answered", text: String(figures?.answered ?? 0) },
    { key: "medianToAcknowledge", testId: "median-to-acknowledge", text: formatHours(figures?.medianHoursToAcknowledge ?? null) },
    { key: "medianToAnswer", testId: "median-to-answer", text: formatHours(figures?.medianHoursToAnswer ?? null) },
  ] as const;
  return (
    <section className="briefing-section">
      <h2>{say("opinionsHeading")}</h2>
      <dl className="briefing-opinions">
        {rows.map((row) => (
          <div key={row.key}>
            <dt>{say(row.key)}</dt>
            <dd data-testid={`briefing:opinions-${row.testId}`}>{row.text}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export default function BriefingPage() {
  const query = useMemo(() => new URLSearchParams(window.location.search), []);
  const countyCode = query.get("county")?.trim() || null;
  const parsed = useMemo(() => parseBriefingPeriod(query.get("period"), monthOf(jinchengToday())), [query]);
  const [loaded, setLoaded] = useState<Loaded>({ state: "loading" });

  useEffect(() => {
    if (!parsed.ok) return setLoaded({ state: "error", message: say("badPeriod", { first: FIRST_PERIOD }) });
    if (countyCode !== null && !isCountyCode(countyCode)) return setLoaded({ state: "error", message: say("unknownCounty", { code: countyCode }) });
    const controller = new AbortController();
    loadBriefing(parsed.value, countyCode, controller.signal).then(
      (data) => setLoaded({ state: "ready", data }),
      (error: unknown) => {
        if (!controller.signal.aborted) setLoaded({ state: "error", message: messageOf(error) });
      },
    );
    return () => controller.abort();
  }, [parsed, countyCode]);

  const scope = loaded.state === "ready" ? (loaded.data.county?.name ?? say("wholeCity")) : "";
  const periodText = parsed.ok ? say("periodMonth", { year: parsed.value.year, month: parsed.value.month }) : "";
  useEffect(() => {
    // Set after the language provider's own title; it names the PDF's title too.
    document.documentElement.lang = "zh-CN";
    document.title = [say("title"), periodText, scope].filter(Boolean).join(" · ");
  }, [periodText, scope]);

  return (
    <article className="briefing" data-testid="briefing" data-ready={loaded.state === "loading" ? undefined : loaded.state === "ready" ? "true" : "error"}>
      <header className="briefing-header">
        <h1>{say("title")}</h1>
        <p className="briefing-header__subtitle" data-testid="briefing:subtitle">
          {[periodText, scope].filter(Boolean).join(" · ")}
        </p>
        {loaded.state === "ready" && <p className="briefing-header__as-of">{say("asOf", { date: formatDate(loaded.data.period.to) })}</p>}
      </header>
      {loaded.state === "loading" && <p role="status">{say("loading")}</p>}
      {loaded.state === "error" && (
        <p role="alert" data-testid="briefing:error">
          {say("failed", { detail: loaded.message })}
        </p>
      )}
      {loaded.state === "ready" && (
        <>
          <CoverageSection data={loaded.data} scope={scope} />
          <AppointmentsSection data={loaded.data} />
          <WorkSection data={loaded.data} />
          <OpinionsSection data={loaded.data} />
          <footer className="briefing-notes">
            <h2>{say("notesHeading")}</h2>
            <ul>
              <li>{say("noteAppointments")}</li>
              <li>{say("noteWork")}</li>
              <li>{say("noteEvaluation")}</li>
              <li>{say("source")}</li>
            </ul>
          </footer>
        </>
      )}
    </article>
  );
}
