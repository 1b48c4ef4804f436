/**
 * The import and export tab of the workspace. The bureau drops files on the tab's drop zone or on the map (or picks
 * them with the file input), sees the upload's progress, then the server's preview: in words here, and on the map as
 * the workspace overlay (dashed, where the boundaries will land); it commits or cancels. Other roles see a read-only
 * note. Everyone who may sign in may export. A pending import survives leaving the tab: its id is kept for the
 * browser tab's session and read again (GET /api/imports/{id}) when the tab opens.
 */
import type { FeatureCollection } from "geojson";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { ApiProblem, toApiProblem } from "../../../api/api-problem.ts";
import { cancelImport, commitImport, getImport, uploadImport, type ImportPreview } from "../../../api/imports.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { addMessages, type Translate } from "../../../lib/i18n.ts";
import { boundsOf } from "../../../lib/polygon-geometry.ts";
import { useWorkspace } from "../workspace-context.tsx";
import { ExportLinks } from "./export-links.tsx";
import { IMPORT_EN, IMPORT_ZH } from "./import-messages.ts";
import { DEFAULT_IMPORT_OPTIONS, ImportOptionsFields, importOptionsOf, type ImportOptionsForm } from "./import-options.tsx";
import { PreviewDetails } from "./import-preview.tsx";
import { useFileDrop } from "./use-file-drop.ts";
import "./import-panel.css";

addMessages(IMPORT_ZH, IMPORT_EN);

/** The formats the import reads (server/src/import/read-input.ts). */
const ACCEPTED_FILES = ".geojson,.json,.zip,.kml,.kmz,.csv";
const PENDING_KEY = "planner-atlas:pending-import";

type Stage =
  | { kind: "idle" }
  | { kind: "uploading"; loaded: number; total: number; controller: AbortController }
  | { kind: "preview"; preview: ImportPreview; busy: boolean };

function rememberPending(importId: number | null): void {
  try {
    if (importId === null) window.sessionStorage.removeItem(PENDING_KEY);
    else window.sessionStorage.setItem(PENDING_KEY, String(importId));
  } catch {
    // Storage can be blocked: the preview is then simply not restored when the tab opens again.
  }
}

function rememberedPending(): number | null {
  try {
    const id = Number(window.sessionStorage.getItem(PENDING_KEY));
    return Number.isInteger(id) && id > 0 ? id : null;
  } catch {
    return null;
  }
}

/** A refused upload, commit or cancel in words; the server's own detail says what exactly. */
function problemWords(problem: ApiProblem, t: Translate, importId: number | undefined): string {
  const detail = problem.detail ?? problem.title;
  switch (problem.type) {
    case "/problems/import-not-pending": {
      const status = problem.body.importStatus;
      const known = status === "committed" || status === "cancelled" || status === "expired" || status === "pending";
      return t("workspace.import.error.notPending", { id: importId ?? "", status: known ? t(`workspace.import.status.${status}`) : String(status) });
    }
    case "/problems/import-outdated":
      return t("workspace.import.error.outdated", { detail });
    case "/problems/import-rejected":
      return t("workspace.import.error.rejected", { detail });
    case "/problems/payload-too-large":
      return t("workspace.import.error.tooLarge", { detail });
    default:
      return t("workspace.import.error.other", { detail });
  }
}

export function ImportPanel() {
  const { t } = useLanguage();
  const { canEdit } = useWorkspace();
  return (
    <section className="import-panel" aria-labelledby="import-heading" data-testid="import-panel">
      <h2 id="import-heading">{t("workspace.import.heading")}</h2>
      {canEdit ? (
        <ImportFlow />
      ) : (
        <p className="import-read-only" data-testid="import:read-only">
          {t("workspace.import.readOnly")}
        </p>
      )}
      <ExportLinks />
    </section>
  );
}

function ImportFlow() {
  const { t } = useLanguage();
  const { setOverlay, setFocus, notify, dataChanged } = useWorkspace();
  const [options, setOptions] = useState<ImportOptionsForm>(DEFAULT_IMPORT_OPTIONS);
  const [stage, setStage] = useState<Stage>({ kind: "idle" });
  const [error, setError] = useState<string | null>(null);
  const zoneRef = useRef<HTMLDivElement>(null);
  const preview = stage.kind === "preview" ? stage.preview : null;

  // A pending import left when the tab closed comes back; anything else is forgotten.
  useEffect(() => {
    const importId = rememberedPending();
    if (importId === null) return;
    const controller = new AbortController();
    getImport(importId, controller.signal).then(
      (found) => {
        if (found.status === "pending") setStage((current) => (current.kind === "idle" ? { kind: "preview", preview: found, busy: false } : current));
        else rememberPending(null);
      },
      () => {
        if (!controller.signal.aborted) rememberPending(null);
      },
    );
    return () => controller.abort();
  }, []);

  // The preview on the map while it is shown; gone when it closes or the tab does.
  const overlay = preview ? (preview.geometry as FeatureCollection) : null;
  useEffect(() => {
    if (!overlay) return;
    setOverlay(overlay);
    return () => setOverlay(null);
  }, [overlay, setOverlay]);
  // Where the preview's boundaries lie (null for points only), to go back to it on the map.
  const overlayBounds = useMemo(() => (overlay ? boundsOf(overlay.features.map((feature) => feature.geometry)) : null), [overlay]);

  // The stage as of the last render, for the actions below (state updaters stay free of side effects).
  const stageRef = useRef(stage);
  useEffect(() => {
    stageRef.current = stage;
  });
  // An upload still running when the tab closes is stopped.
  useEffect(
    () => () => {
      if (stageRef.current.kind === "uploading") stageRef.current.controller.abort();
    },
    [],
  );

  const upload = useCallback(
    (files: File[]) => {
      if (files.length === 0) return;
      // A new upload replaces what was there: a running upload stops, a pending preview is cancelled.
      const before = stageRef.current;
      if (before.kind === "uploading") before.controller.abort();
      if (before.kind === "preview" && before.preview.status === "pending") cancelImport(before.preview.id).catch(() => {});
      const controller = new AbortController();
      const total = files.reduce((sum, file) => sum + file.size, 0);
      const current = (stage: Stage) => stage.kind === "uploading" && stage.controller === controller;
      setError(null);
      setStage({ kind: "uploading", loaded: 0, total, controller });
      rememberPending(null);
      const onProgress = (loaded: number, sending: number) => setStage((stage) => (current(stage) ? { ...stage, loaded, total: sending } : stage));
      uploadImport(files, importOptionsOf(options), onProgress, controller.signal).then(
        (answer) => {
          rememberPending(answer.id);
          setStage({ kind: "preview", preview: answer, busy: false });
        },
        (failure: unknown) => {
          if (!controller.signal.aborted) setError(problemWords(toApiProblem(failure), t, undefined));
          setStage((stage) => (current(stage) ? { kind: "idle" } : stage));
        },
      );
    },
    [options, t],
  );

  const drag = useFileDrop(zoneRef, upload);

  const close = (importId: number, action: "commit" | "cancel") => {
    setError(null);
    setStage((current) => (current.kind === "preview" ? { ...current, busy: true } : current));
    const done: Promise<ImportPreview | null> = action === "commit" ? commitImport(importId) : cancelImport(importId).then(() => null);
    done.then(
      (committed) => {
        rememberPending(null);
        setStage({ kind: "idle" });
        if (committed) {
          const report = committed.report as { imported?: number; boundaries?: number; seats?: number } | null;
          notify(t("workspace.import.committed", { id: importId, imported: report?.imported ?? 0, boundaries: report?.boundaries ?? 0, seats: report?.seats ?? 0 }));
          dataChanged();
        } else {
          notify(t("workspace.import.cancelled", { id: importId }));
        }
      },
      (failure: unknown) => {
        const problem = toApiProblem(failure);
        setError(problemWords(problem, t, importId));
        setStage((current) => (current.kind === "preview" ? { ...current, busy: false } : current));
        // No longer pending (committed elsewhere, cancelled, expired): show it as it is now.
        if (problem.type === "/problems/import-not-pending") {
          getImport(importId).then((now) => setStage({ kind: "preview", preview: now, busy: false }), () => {});
          rememberPending(null);
        }
      },
    );
  };

  const uploading = stage.kind === "uploading";
  const percent = uploading && stage.total > 0 ? Math.min(100, Math.round((stage.loaded / stage.total) * 100)) : 0;
  const sent = uploading && stage.total > 0 && stage.loaded >= stage.total;

  return (
    <>
      <p>{t("workspace.import.intro")}</p>
      <div ref={zoneRef} className="import-drop-zone" data-testid="import:drop-zone" data-dragging={drag.dragging}>
        <p>{t("workspace.import.dropZone")}</p>
        <label className="import-choose">
          {t("workspace.import.choose")}
          <input
            type="file"
            multiple
            accept={ACCEPTED_FILES}
            data-testid="import:file-input"
            disabled={uploading}
            onChange={(event) => {
              upload([...(event.target.files ?? [])]);
              event.target.value = "";
            }}
          />
        </label>
      </div>
      <ImportOptionsFields value={options} onChange={setOptions} disabled={uploading} />
      {drag.dragging && drag.centre && (
        <div
          className="import-drop-veil"
          aria-hidden="true"
          style={{ left: drag.centre.left, top: drag.centre.top, width: drag.centre.width, height: drag.centre.height }}
        >
          {t("workspace.import.dropOnMap")}
        </div>
      )}
      {uploading && (
        <div className="import-progress" data-testid="import:progress" role="status" aria-live="polite">
          <label>
            {sent ? t("workspace.import.checking") : t("workspace.import.uploading", { percent })}
            {/* Indeterminate once sent: the server reads and checks for an unknown while. */}
            {sent ? <progress /> : <progress max={100} value={percent} />}
          </label>
          <button type="button" onClick={() => stage.controller.abort()}>
            {t("workspace.import.stopUpload")}
          </button>
        </div>
      )}
      {error && (
        <p className="import-error" role="alert" data-testid="import:error">
          {error}
        </p>
      )}
      {preview && (
        <section
          className="import-preview"
          data-testid="import:preview"
          data-bounds={overlayBounds ? JSON.stringify(overlayBounds) : undefined}
          aria-label={t("workspace.import.previewHeading", { id: preview.id })}
        >
          <PreviewDetails preview={preview} />
          <div className="import-actions">
            {preview.status === "pending" ? (
              <>
                <button
                  type="button"
                  data-testid="import:commit"
                  disabled={stage.kind !== "preview" || stage.busy || preview.problems.length > 0}
                  onClick={() => close(preview.id, "commit")}
                >
                  {stage.kind === "preview" && stage.busy ? t("workspace.import.committing") : t("workspace.import.commit")}
                </button>
                <button type="button" data-testid="import:cancel" disabled={stage.kind !== "preview" || stage.busy} onClick={() => close(preview.id, "cancel")}>
                  {t("workspace.import.cancel")}
                </button>
              </>
            ) : (
              <button type="button" onClick={() => setStage({ kind: "idle" })}>
                {t("workspace.import.close")}
              </button>
            )}
            {overlayBounds && (
              <button type="button" onClick={() => setFocus({ bounds: overlayBounds })}>
                {t("workspace.import.showOnMap")}
              </button>
            )}
          </div>
        </section>
      )}
    </>
  );
}
