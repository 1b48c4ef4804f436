/**
 * The bureau's workspace at /workspace (工作台): sign in, then one screen of three columns — the areas (left), the map
 * with its modes (centre), the selected area or planner (right). Loaded lazily from main.tsx, so nothing of it reaches
 * the public page; its map layers (drawing included) load with the map module on first use.
 *
 * Roles: bureau edits; leader (and the other roles) see the same screens read-only, with nothing offered that the
 * role may not do. The server is the guard either way. The header's date shows the map and lists as of a past day,
 * read-only for everyone.
 */
import type { FeatureCollection } from "geojson";
import { useCallback, useEffect, useMemo, useState } from "react";
import { toApiProblem } from "../../api/api-problem.ts";
import { getSession, signOut, type SessionUser } from "../../api/session.ts";
import { useLanguage, usePageTitle } from "../../features/language/language-context.tsx";
import { LanguageSwitch } from "../../features/language/language-switch.tsx";
import { jinchengToday } from "../../lib/calendar-dates.ts";
import { addMessages } from "../../lib/i18n.ts";
import type { Bounds } from "../../lib/polygon-geometry.ts";
import { AreaList } from "./areas/area-list.tsx";
import { ViewDateControl } from "./as-of/view-date-control.tsx";
import { SelectionPanel } from "./selection-panel.tsx";
import { WorkspaceMapView } from "./map/workspace-map-view.tsx";
import { WORKSPACE_EN, WORKSPACE_ZH } from "./messages.ts";
import { SignInForm } from "./sign-in/sign-in-form.tsx";
import { WorkspaceContext, type AreaDraft, type PointPick, type WorkspaceMode, type WorkspaceState } from "./workspace-context.tsx";
import "./workspace.css";

addMessages(WORKSPACE_ZH, WORKSPACE_EN);

export default function WorkspacePage() {
  const { t } = useLanguage();
  usePageTitle("workspace.title");
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    getSession(controller.signal).then(setUser, (error: unknown) => {
      if (!controller.signal.aborted) setProblem(toApiProblem(error).detail ?? toApiProblem(error).title);
    });
    return () => controller.abort();
  }, []);

  if (problem) return <p className="workspace-message" role="alert">{t("workspace.loadFailed", { title: problem })}</p>;
  if (user === undefined) return <p className="workspace-message">{t("workspace.loading")}</p>;
  if (user === null) return <SignInForm onSignedIn={setUser} />;
  return <Workspace user={user} onSignedOut={() => setUser(null)} />;
}

function Workspace({ user, onSignedOut }: { user: SessionUser; onSignedOut(): void }) {
  const { t } = useLanguage();
  const [selectedAreaId, setSelectedAreaId] = useState<number | null>(null);
  const [mode, setMode] = useState<WorkspaceMode>("select");
  const [draft, setDraft] = useState<AreaDraft | null>(null);
  const [dataVersion, setDataVersion] = useState(0);
  const [status, setStatus] = useState("");
  const [overlay, setOverlay] = useState<FeatureCollection | null>(null);
  const [focus, setFocus] = useState<{ bounds: Bounds } | null>(null);
  const [pointPick, setPointPick] = useState<PointPick | null>(null);
  const [today] = useState(jinchengToday);
  const [viewDate, setViewDateState] = useState(today);
  const asOf = viewDate < today ? viewDate : null;
  // A past day is read-only, for the bureau too.
  const canEdit = user.role === "bureau" && asOf === null;

  const selectArea = useCallback((areaId: number | null) => {
    setSelectedAreaId(areaId);
    setDraft(null);
  }, []);
  const dataChanged = useCallback(() => setDataVersion((version) => version + 1), []);
  const setViewDate = useCallback(
    (date: string) => {
      setViewDateState(date);
      // Compose, draw and import edit: a past day leaves them.
      if (date < today) setMode("select");
    },
    [today],
  );
  const state = useMemo<WorkspaceState>(
    () => ({
      user,
      canEdit,
      selectedAreaId,
      selectArea,
      mode,
      setMode,
      draft,
      setDraft,
      dataVersion,
      dataChanged,
      notify: setStatus,
      overlay,
      setOverlay,
      focus,
      setFocus,
      pointPick,
      setPointPick,
      viewDate,
      setViewDate,
      asOf,
    }),
    [user, canEdit, selectedAreaId, selectArea, mode, draft, dataVersion, dataChanged, overlay, focus, pointPick, viewDate, setViewDate, asOf],
  );

  // Escape leaves any mode.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        setMode("select");
        setPointPick(null);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const leave = async () => {
    await signOut().catch(() => {});
    onSignedOut();
  };

  return (
    <WorkspaceContext.Provider value={state}>
      <div className="workspace" data-testid="workspace">
        <header className="workspace-header">
          <h1>
            {t("app.title")} · {t("workspace.title")}
          </h1>
          <ViewDateControl />
          {!canEdit && asOf === null && (
            <span className="workspace-read-only" data-testid="read-only">
              {t("workspace.readOnly")}
            </span>
          )}
          <span className="workspace-user" data-testid="signed-in-user">
            {t("workspace.signedInAs", { name: user.displayName, role: t(`workspace.role.${user.role}`) })}
          </span>
          <button type="button" onClick={leave}>
            {t("workspace.signOut")}
          </button>
          <LanguageSwitch />
        </header>
        <p className="workspace-status" role="status" aria-live="polite" data-testid="workspace-status">
          {status}
        </p>
        <aside className="workspace-left">
          <AreaList />
        </aside>
        <main className="workspace-centre">
          <WorkspaceMapView />
        </main>
        <aside className="workspace-right">
          <SelectionPanel />
        </aside>
      </div>
    </WorkspaceContext.Provider>
  );
}
