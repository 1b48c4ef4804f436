/**
 * A planner's work record, new or edited: kind, date, place (a one-shot pick on the workspace's map, or typed), the
 * area they held a post on, text and photos. An edit sends the version it was read at (If-Match); a 412 loads the
 * record as it is now into the form and says so. Photos go up after the record is saved, with progress.
 */
import { useEffect, useState, type FormEvent } from "react";
import { toApiProblem } from "../../../api/api-problem.ts";
import { addWorkRecordPhotos, createWorkRecord, updateWorkRecord, WORK_RECORD_KINDS, type WorkRecord } from "../../../api/work-records.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { jinchengToday } from "../../../lib/calendar-dates.ts";
import { showPlace } from "../opinions/staff-format.ts";
import { useWorkspace } from "../workspace-context.tsx";

type NewKind = (typeof WORK_RECORD_KINDS)[number];

interface WorkRecordFormProps {
  /** The record to edit; null for a new one. */
  record: WorkRecord | null;
  /** The areas the planner may name (those they are known to hold a post on). */
  areas: readonly { id: number; name: string }[];
  onDone(): void;
  /** After a save (and its photos): the list reads again. */
  onSaved(): void;
  /** A 412: the record as another save left it, to edit again (the form is made again with it and `stale`). */
  onStale(current: WorkRecord): void;
  /** This form shows a record loaded again after a 412. */
  stale: boolean;
}

/** The seven kinds a new record takes, as options with their words. */
export function KindOptions() {
  const { t } = useLanguage();
  return WORK_RECORD_KINDS.map((value) => (
    <option key={value} value={value}>
      {t(`workspace.records.kind.${value}`)}
    </option>
  ));
}

const coordinate = (value: number | null | undefined) => (value === null || value === undefined ? "" : value.toFixed(6));

export function WorkRecordForm({ record, areas, onDone, onSaved, onStale, stale }: WorkRecordFormProps) {
  const { t } = useLanguage();
  const workspace = useWorkspace();
  const { selectedAreaId, pointPick, setPointPick, notify } = workspace;
  const [kind, setKind] = useState<NewKind>(record && record.kind !== "review" ? record.kind : "site_visit");
  const [occurredOn, setOccurredOn] = useState(record?.occurredOn ?? jinchengToday());
  const [areaId, setAreaId] = useState<string>(record?.areaId ? String(record.areaId) : "");
  const [lon, setLon] = useState(coordinate(record?.lon));
  const [lat, setLat] = useState(coordinate(record?.lat));
  const [text, setText] = useState(record?.text ?? "");
  const [files, setFiles] = useState<File[]>([]);
  const [fileInputKey, setFileInputKey] = useState(0);
  const [picking, setPicking] = useState(false);
  const [busy, setBusy] = useState<"saving" | "uploading" | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  // The area selected in the workspace (list or map) when it is one of theirs, else their first.
  const defaultAreaId = areas.find((area) => area.id === selectedAreaId)?.id ?? areas[0]?.id;
  const chosenAreaId = areaId !== "" ? Number(areaId) : (defaultAreaId ?? null);

  // The pick is over when the map clears it (a click, or Escape).
  useEffect(() => {
    if (pointPick === null) setPicking(false);
  }, [pointPick]);
  useEffect(() => () => setPointPick(null), [setPointPick]);

  const pick = () => {
    setPicking(true);
    setPointPick({
      onPick: ([pickedLon, pickedLat]) => {
        setLon(pickedLon.toFixed(6));
        setLat(pickedLat.toFixed(6));
        showPlace(workspace, [pickedLon, pickedLat]);
        notify(t("workspace.records.picked", { lon: pickedLon.toFixed(5), lat: pickedLat.toFixed(5) }));
      },
    });
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const place = { lon: Number(lon), lat: Number(lat) };
    if (lon === "" || lat === "" || !Number.isFinite(place.lon) || !Number.isFinite(place.lat)) {
      setProblem(t("workspace.records.needPlace"));
      return;
    }
    setProblem(null);
    setBusy("saving");
    let saved: WorkRecord;
    try {
      const fields = { kind, occurredOn, ...place, areaId: chosenAreaId, text: text.trim() };
      saved = record ? (await updateWorkRecord(record.id, `"${record.version}"`, fields)).data : (await createWorkRecord(fields)).data;
    } catch (error) {
      const refused = toApiProblem(error);
      const current = refused.body.current as WorkRecord | undefined;
      if (refused.status === 412 && current) onStale(current);
      else setProblem(t("workspace.records.failed", { detail: refused.detail ?? refused.title }));
      setBusy(null);
      return;
    }
    if (files.length > 0) {
      setBusy("uploading");
      setProgress(0);
      try {
        await addWorkRecordPhotos(saved.id, files, (loaded, total) => setProgress(total > 0 ? loaded / total : 0));
      } catch (error) {
        const refused = toApiProblem(error);
        setProblem(t("workspace.records.photosFailed", { detail: refused.detail ?? refused.title }));
      }
      setProgress(null);
    }
    setBusy(null);
    setFiles([]);
    setFileInputKey((value) => value + 1);
    if (!record) setText("");
    notify(t(record ? "workspace.records.updated" : "workspace.records.created"));
    // Records are not on the workspace's map: only this tab's list reads again (no dataChanged).
    onSaved();
    if (record) onDone();
  };

  return (
    <form className="records-form" onSubmit={save} data-testid="work-records:form" aria-labelledby="records-form-heading">
      <h3 id="records-form-heading">{record ? t("workspace.records.editing", { date: record.occurredOn }) : t("workspace.records.new")}</h3>
      {stale && (
        <p role="alert" className="opinions-problem">
          {t("workspace.records.stale")}
        </p>
      )}
      <label>
        {t("workspace.records.kind")}
        <select value={kind} onChange={(event) => setKind(event.target.value as NewKind)} name="kind">
          <KindOptions />
        </select>
      </label>
      <label>
        {t("workspace.records.date")}
        <input type="date" value={occurredOn} onChange={(event) => setOccurredOn(event.target.value)} name="occurredOn" required />
      </label>
      {areas.length === 0 ? (
        <p>{t("workspace.records.noArea")}</p>
      ) : (
        <label>
          {t("workspace.records.area")}
          <select value={chosenAreaId ?? ""} onChange={(event) => setAreaId(event.target.value)} name="areaId">
            {areas.map((area) => (
              <option key={area.id} value={area.id}>
                {area.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="records-place">
        <label>
          {t("workspace.records.lon")}
          <input value={lon} onChange={(event) => setLon(event.target.value)} inputMode="decimal" name="lon" />
        </label>
        <label>
          {t("workspace.records.lat")}
          <input value={lat} onChange={(event) => setLat(event.target.value)} inputMode="decimal" name="lat" />
        </label>
      </div>
      {picking ? (
        <p aria-live="polite" data-testid="work-records:picking">
          {t("workspace.records.picking")}{" "}
          <button type="button" onClick={() => setPointPick(null)}>
            {t("workspace.records.cancelPick")}
          </button>
        </p>
      ) : (
        <button type="button" onClick={pick}>
          {t("workspace.records.pick")}
        </button>
      )}
      <label>
        {t("workspace.records.text")}
        <textarea value={text} onChange={(event) => setText(event.target.value)} rows={3} maxLength={20000} required name="text" />
      </label>
      <label>
        {t("workspace.records.photos")}
        <input
          key={fileInputKey}
          type="file"
          accept="image/jpeg,image/png,image/webp,image/heic,image/heif"
          multiple
          name="photos"
          onChange={(event) => setFiles([...(event.target.files ?? [])])}
        />
      </label>
      <div className="opinion-item__actions">
        <button type="submit" disabled={busy !== null || chosenAreaId === null || text.trim() === ""}>
          {t("workspace.records.save")}
        </button>
        {record && (
          <button type="button" onClick={onDone} disabled={busy !== null}>
            {t("workspace.records.cancel")}
          </button>
        )}
      </div>
      {busy && (
        <p aria-live="polite">
          {t(busy === "saving" ? "workspace.records.saving" : "workspace.records.uploading")}
          {progress !== null && <progress value={progress} max={1} data-testid="work-records:progress" />}
        </p>
      )}
      {problem && (
        <p role="alert" className="opinions-problem">
          {problem}
        </p>
      )}
    </form>
  );
}
