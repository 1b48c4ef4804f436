/**
 * The selected area (right column): what it is (name, kind, code, members, drawn or the members' union, km², locked,
 * retired), its form (name, English name, description) and its draft shape with the judge's verdict, saved only when
 * asked (PATCH with If-Match); lock, retire, the 412 conflict dialog, its posts and its history with undo (Ctrl/⌘+Z).
 * The bureau edits; every other role sees the values read-only. The panel also starts a new area.
 *
 * The draft: when the area is read, the panel sets the workspace's draft to its saved shape (dirty false); compose
 * and draw on the map and the members list here change it (dirty true); saving or "keep theirs" resets it.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import type { Area, UpdateAreaBody } from "../../../api/areas.ts";
import type { Division } from "../../../api/divisions.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { addMessages } from "../../../lib/i18n.ts";
import { HistoryPanel } from "../history/history-panel.tsx";
import { AreaPosts } from "../planners/area-posts.tsx";
import { useWorkspace, type AreaDraft } from "../workspace-context.tsx";
import { LockControl, RetireForm } from "./area-actions.tsx";
import { formatArea, useTownships } from "./area-data.ts";
import { AREA_EN, AREA_ZH } from "./area-messages.ts";
import { ShapeSection } from "./area-shape.tsx";
import { SplitMergeActions } from "./split-merge.tsx";
import { ConflictDialog } from "./conflict-dialog.tsx";
import { MembersEditor } from "./members-editor.tsx";
import { NewAreaForm } from "./new-area-form.tsx";
import { useAreaRecord, type AreaRecord } from "./use-area-record.ts";
import { useDraftVerdict } from "./use-area-verdict.ts";
import { draftOf, useAreaWrites } from "./use-area-writes.ts";
import { blocksSaving } from "./verdict-panel.tsx";
import "./area-panel.css";

addMessages(AREA_ZH, AREA_EN);

export function AreaPanel() {
  const { t } = useLanguage();
  const { selectedAreaId, selectArea, setDraft, canEdit } = useWorkspace();
  const [creating, setCreating] = useState(false);
  const startNew = () => {
    selectArea(null);
    setCreating(true);
  };
  const closeNew = () => {
    setCreating(false);
    setDraft(null);
  };
  return (
    <div className="area-panel-column">
      {canEdit && !(creating && selectedAreaId === null) && (
        <p>
          <button type="button" onClick={startNew} data-testid="area:new">
            {t("workspace.area.new")}
          </button>
        </p>
      )}
      {selectedAreaId !== null ? (
        <SelectedArea key={selectedAreaId} areaId={selectedAreaId} />
      ) : creating && canEdit ? (
        <NewAreaForm onClose={closeNew} />
      ) : (
        <p>{t("workspace.area.none")}</p>
      )}
    </div>
  );
}

function SelectedArea({ areaId }: { areaId: number }) {
  const { t } = useLanguage();
  const { canEdit, draft, setDraft, user } = useWorkspace();
  const { record, problem, replace } = useAreaRecord(areaId);
  const townships = useTownships();
  const writes = useAreaWrites(record, replace);
  const nameOf = (code: string) => townships.get(code)?.name ?? code;

  // The draft starts as the saved shape, and follows each new version unless it holds unsaved changes.
  const draftRef = useRef(draft);
  const recordRef = useRef(record);
  useEffect(() => {
    draftRef.current = draft;
    recordRef.current = record;
  });
  const version = record?.area.version;
  useEffect(() => {
    const area = recordRef.current?.area;
    if (!area) return;
    const current = draftRef.current;
    if (current && current.areaId === area.id && current.dirty) return;
    setDraft(draftOf(area));
  }, [areaId, version, setDraft]);

  if (!record) {
    if (problem) return <p role="alert">{t("workspace.loadFailed", { title: problem.detail ?? problem.title })}</p>;
    return <p>{t("workspace.loading")}</p>;
  }
  const { area } = record;
  const editable = canEdit && !area.locked && !area.retiredOn;
  const shape = draft && draft.areaId === area.id ? draft : draftOf(area);

  return (
    <article className="area-panel" data-testid="area-panel" data-area-id={area.id} data-version={area.version}>
      <AreaSummary area={area} shape={shape} readOnly={!editable} />
      {editable ? (
        <AreaEditor key={`${area.id}:${area.version}`} record={record} shape={shape} townships={townships} writes={writes} />
      ) : (
        <MembersEditor members={shape.members} townships={townships} />
      )}
      {canEdit && !area.retiredOn && <LockControl area={area} busy={writes.busy} send={writes.send} />}
      {editable && <RetireForm busy={writes.busy} send={writes.send} />}
      {editable && <SplitMergeActions record={record} />}
      {writes.error && !editable && (
        <p role="alert" data-testid="area:error">
          {writes.error}
        </p>
      )}
      {writes.conflict && (
        <ConflictDialog
          key={writes.conflict.current.version}
          conflict={writes.conflict}
          busy={writes.busy}
          memberName={nameOf}
          onKeepTheirs={() => writes.keepTheirs(writes.conflict!.current)}
          onApplyMine={() => void writes.applyMine(writes.conflict!)}
          onDismiss={writes.dismissConflict}
        />
      )}
      {/* Posts (with end reasons) and the audit history are for the bureau and leaders; a planner sees the area only. */}
      {user.role !== "planner" && <AreaPosts areaId={area.id} />}
      {user.role !== "planner" && <HistoryPanel resource="areas" id={area.id} undoShortcut memberName={nameOf} />}
    </article>
  );
}

function AreaSummary({ area, shape, readOnly }: { area: Area; shape: AreaDraft; readOnly: boolean }) {
  const { t } = useLanguage();
  return (
    <header className="area-summary">
      <h2 data-testid="area:name">{area.name}</h2>
      <p className="area-identity">
        {t(`workspace.kind.${area.kind}`)} · <code data-testid="area:code">{area.code}</code>
        {area.locked && (
          <span className="area-badge" data-testid="area:locked">
            {t("workspace.area.lockedBadge")}
          </span>
        )}
      </p>
      {area.retiredOn && (
        <p className="area-badge area-retired-badge" data-testid="area:retired">
          {t("workspace.area.retiredBadge", { date: area.retiredOn, reason: area.retireReason ?? "" })}
        </p>
      )}
      <dl className="area-facts">
        <dt>{t("workspace.area.geometry")}</dt>
        <dd data-testid="area:geometry">{shape.geometry ? t("workspace.area.geometryDrawn") : t("workspace.area.geometryUnion")}</dd>
        <dt>{t("workspace.area.area")}</dt>
        <dd data-testid="area:area">{area.areaM2 === null ? t("workspace.area.noArea") : formatArea(area.areaM2)}</dd>
        {readOnly && area.nameEn && (
          <>
            <dt>{t("workspace.area.nameEn")}</dt>
            <dd>{area.nameEn}</dd>
          </>
        )}
        {readOnly && area.description && (
          <>
            <dt>{t("workspace.area.description")}</dt>
            <dd>{area.description}</dd>
          </>
        )}
      </dl>
    </header>
  );
}

const sameMembers = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((code) => b.includes(code));

interface AreaEditorProps {
  record: AreaRecord;
  shape: AreaDraft;
  townships: Map<string, Division>;
  writes: ReturnType<typeof useAreaWrites>;
}

/** The bureau's form of an unlocked area in force; remounted on each new version, so its fields start from it. */
function AreaEditor({ record, shape, townships, writes }: AreaEditorProps) {
  const { t } = useLanguage();
  const { setDraft, setOverlay } = useWorkspace();
  const { area } = record;
  const id = useId();
  const [name, setName] = useState(area.name);
  const [nameEn, setNameEn] = useState(area.nameEn ?? "");
  const [description, setDescription] = useState(area.description ?? "");
  const live = useDraftVerdict(area.kind, area.id, shape, shape.dirty);
  const verdict = writes.rejectedVerdict ?? live.verdict;

  const body: UpdateAreaBody = {};
  if (name.trim() !== area.name && name.trim() !== "") body.name = name.trim();
  if ((nameEn.trim() || null) !== area.nameEn) body.nameEn = nameEn.trim() || null;
  if ((description.trim() || null) !== area.description) body.description = description.trim() || null;
  if (shape.dirty && !sameMembers(shape.members, area.members)) body.members = shape.members;
  if (shape.dirty && shape.geometry !== area.geometry) body.geometry = shape.geometry as UpdateAreaBody["geometry"];
  const changed = Object.keys(body).length > 0;

  const save = (repair: boolean) => {
    if (changed) void writes.send({ kind: "update", body: repair ? { ...body, repair: true } : body });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save(false);
  };
  const discard = () => {
    setName(area.name);
    setNameEn(area.nameEn ?? "");
    setDescription(area.description ?? "");
    setDraft({ areaId: area.id, members: area.members, geometry: area.geometry as AreaDraft["geometry"], dirty: false });
    setOverlay(null);
  };

  return (
    <form className="area-form" onSubmit={submit} data-testid="area:form">
      <label htmlFor={`${id}-name`}>{t("workspace.area.name")}</label>
      <input id={`${id}-name`} name="name" required maxLength={200} value={name} onChange={(event) => setName(event.target.value)} />
      <label htmlFor={`${id}-name-en`}>{t("workspace.area.nameEn")}</label>
      <input id={`${id}-name-en`} name="nameEn" maxLength={200} value={nameEn} onChange={(event) => setNameEn(event.target.value)} />
      <label htmlFor={`${id}-description`}>{t("workspace.area.description")}</label>
      <textarea id={`${id}-description`} name="description" maxLength={2000} value={description} onChange={(event) => setDescription(event.target.value)} />
      <ShapeSection kind={area.kind} draft={shape} townships={townships} verdict={verdict} checking={live.checking} problem={live.problem} onAcceptRepair={() => save(true)} />
      {writes.error && (
        <p role="alert" data-testid="area:error">
          {writes.error}
        </p>
      )}
      <p className="area-buttons">
        {changed && <span className="area-unsaved">{t("workspace.area.unsaved")} </span>}
        <button type="submit" disabled={writes.busy || !changed || blocksSaving(verdict)} data-testid="area:save">
          {writes.busy ? t("workspace.area.saving") : t("workspace.area.save")}
        </button>
        <button type="button" onClick={discard} disabled={writes.busy || !changed}>
          {t("workspace.area.discard")}
        </button>
      </p>
    </form>
  );
}
