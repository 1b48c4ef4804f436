/**
 * The work-records tab (工作记录): a planner logs what they did (kind, date, place picked on the map, the area they
 * held a post on, text, photos) and lists and edits their own records; the bureau and leaders list everyone's,
 * filtered by kind and county, read only. The server is the guard either way.
 */
import { useMemo, useState } from "react";
import { listAreas } from "../../../api/areas.ts";
import { listOpinions } from "../../../api/opinions-staff.ts";
import { listWorkRecords, type WorkRecord } from "../../../api/work-records.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { useResource } from "../../../features/resource/use-resource.ts";
import { addMessages } from "../../../lib/i18n.ts";
import { PhotoStrip } from "../opinions/photo-strip.tsx";
import { showPlace } from "../opinions/staff-format.ts";
import { useWorkspace } from "../workspace-context.tsx";
import { KindOptions, WorkRecordForm } from "./work-record-form.tsx";
import { WORK_RECORDS_EN, WORK_RECORDS_ZH } from "./work-record-messages.ts";
import "../opinions/opinions.css";

addMessages(WORK_RECORDS_ZH, WORK_RECORDS_EN);

type Kind = WorkRecord["kind"];

export function WorkRecordsPanel() {
  const { t } = useLanguage();
  const workspace = useWorkspace();
  const { user, dataVersion, selectedAreaId } = workspace;
  const isPlanner = user.role === "planner";
  const [kind, setKind] = useState<Kind | "">("");
  const [county, setCounty] = useState("");
  const countyFilter = /^[0-9]{6}$/.test(county) ? county : undefined;
  const [editing, setEditing] = useState<WorkRecord | null>(null);
  const [stale, setStale] = useState(false);
  const [reload, setReload] = useState(0);
  const edit = (record: WorkRecord | null, loadedAgain = false) => {
    setEditing(record);
    setStale(loadedAgain);
  };
  const records = useResource(`work-records:${kind}:${countyFilter ?? ""}:${dataVersion}:${reload}`, (signal) =>
    listWorkRecords({ ...(kind ? { kind } : {}), ...(countyFilter ? { county: countyFilter } : {}) }, signal),
  );
  // Area names: every area for the bureau and leaders; a planner may not read GET /api/areas, so theirs come from
  // the opinions routed to them (each names its area).
  const areas = useResource(isPlanner ? null : `areas:${dataVersion}`, (signal) => listAreas(signal));
  const routed = useResource(isPlanner ? `opinion-areas:${dataVersion}` : null, (signal) => listOpinions({ limit: 1000 }, signal));
  const areaNames = useMemo(() => {
    const names = new Map<number, string>();
    if (areas.status === "success") for (const area of areas.data) names.set(area.id, area.name);
    if (routed.status === "success") for (const { area } of routed.data) if (area) names.set(area.id, area.name);
    return names;
  }, [areas, routed]);
  const areaName = (areaId: number) => areaNames.get(areaId) ?? `#${areaId}`;
  const ownAreas = useMemo(
    () => (isPlanner ? areasOfPlanner(areaNames, records.status === "success" ? records.data : [], selectedAreaId) : []),
    [isPlanner, areaNames, records, selectedAreaId],
  );

  return (
    <section className="records-panel" aria-labelledby="records-heading" data-testid="work-records-panel">
      <h2 id="records-heading">{t("workspace.records.heading")}</h2>
      <p>{t(isPlanner ? "workspace.records.intro.planner" : "workspace.records.intro.all")}</p>
      {isPlanner && (
        <WorkRecordForm
          key={editing ? `${editing.id}:${editing.version}` : "new"}
          record={editing}
          areas={ownAreas}
          stale={stale}
          onDone={() => edit(null)}
          onSaved={() => setReload((value) => value + 1)}
          onStale={(current) => edit(current, true)}
        />
      )}
      <div className="opinions-filters">
        <label>
          {t("workspace.records.filterKind")}
          <select value={kind} onChange={(event) => setKind(event.target.value as Kind | "")}>
            <option value="">{t("workspace.records.any")}</option>
            <KindOptions />
          </select>
        </label>
        {!isPlanner && (
          <label>
            {t("workspace.records.county")}
            <input value={county} onChange={(event) => setCounty(event.target.value.trim())} inputMode="numeric" maxLength={6} placeholder="140502" />
          </label>
        )}
      </div>
      {records.status === "loading" && <p>{t("workspace.records.loading")}</p>}
      {records.status === "error" && (
        <p role="alert" className="opinions-problem">
          {t("workspace.records.loadFailed", { detail: records.problem.detail ?? records.problem.title })}
        </p>
      )}
      {records.status === "success" &&
        (records.data.length === 0 ? (
          <p>{t("workspace.records.none")}</p>
        ) : (
          <>
            <p>{t("workspace.records.count", { count: records.data.length })}</p>
            <ul className="opinions-list" data-testid="work-records:list">
              {records.data.map((record) => (
                <li key={record.id} className="opinion-item" data-testid="work-records:item" data-record-id={record.id} data-kind={record.kind}>
                  <p className="opinion-item__head">
                    <strong>{t(`workspace.records.kind.${record.kind}`)}</strong> · {record.occurredOn} · {record.plannerName}
                    {record.areaId !== null && ` · ${areaName(record.areaId)}`}
                  </p>
                  <p className="opinion-item__text">{record.text}</p>
                  <PhotoStrip photos={record.photos} />
                  <div className="opinion-item__actions">
                    {record.lon !== null && record.lat !== null && (
                      <button type="button" onClick={() => showPlace(workspace, [record.lon!, record.lat!])}>
                        {t("workspace.records.showOnMap")}
                      </button>
                    )}
                    {isPlanner && (
                      <button type="button" onClick={() => edit(record)}>
                        {t("workspace.records.edit")}
                      </button>
                    )}
                  </div>
                </li>
              ))}
            </ul>
          </>
        ))}
    </section>
  );
}

/**
 * The areas a planner may name, as far as a planner account can know them (it reads neither GET /api/areas nor its
 * appointments): those of the opinions routed to them, of their own records, and the area selected on the map. The
 * server checks the post on the record's date and refuses another (422, shown in words).
 */
function areasOfPlanner(names: ReadonlyMap<number, string>, ownRecords: readonly WorkRecord[], selectedAreaId: number | null): { id: number; name: string }[] {
  const ids = new Set(names.keys());
  for (const record of ownRecords) if (record.areaId !== null) ids.add(record.areaId);
  if (selectedAreaId !== null) ids.add(selectedAreaId);
  return [...ids].map((id) => ({ id, name: names.get(id) ?? `#${id}` }));
}
