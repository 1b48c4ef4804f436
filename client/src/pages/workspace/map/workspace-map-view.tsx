/**
 * The workspace's map, through the one map controller (features/map/use-map.ts), with a mode bar over it:
 * 选择 select (a click selects the area there; hover names it), 组合 compose (Districtr: a click adds or removes a
 * township in the draft's members, refusing one that another unit area holds), 绘制 draw (Placemark: terra-draw
 * draws or reshapes the selected area's own geometry, snapping to the boundaries, with its km² and self-intersections
 * shown at once), and 导入 import (the import panel takes over). A leader sees only select. What compose and draw
 * change goes into the workspace's draft; the area panel saves it and the server judges it again. On a past day (the
 * header's date) only select is offered, and the townships show their unit status then.
 */
import type { FeatureCollection, Geometry } from "geojson";
import { useEffect, useMemo, useRef, useState } from "react";
import { getArea, listAreas, type Area } from "../../../api/areas.ts";
import { getBoundaries, type BoundaryCollection } from "../../../api/boundaries.ts";
import { getCoverageGaps, getUnitCoverage } from "../../../api/dashboard-coverage.ts";
import { getTileJson } from "../../../api/tiles.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { MapFrame } from "../../../features/map/map-frame.tsx";
import { useLatest, useMap } from "../../../features/map/use-map.ts";
import { useResource, type Resource } from "../../../features/resource/use-resource.ts";
import { addMessages } from "../../../lib/i18n.ts";
import { boundsOf } from "../../../lib/polygon-geometry.ts";
import type { CameraOptions } from "../../../map/map-controller.ts";
import { drawingLayer, type DrawingMeasure } from "../../../map/layers/drawing.layer.ts";
import { overlayLayer } from "../../../map/layers/overlay.layer.ts";
import { workspaceAreasLayer, type WorkspaceMapHit } from "../../../map/layers/workspace-areas.layer.ts";
import { useWorkspace, type AreaDraft, type WorkspaceMode } from "../workspace-context.tsx";
import { isComposable, toggleMember, townshipsInNoArea, unitAreaOf } from "./compose.ts";
import { WORKSPACE_MAP_EN, WORKSPACE_MAP_ZH } from "./map-messages.ts";
import "./workspace-map.css";

addMessages(WORKSPACE_MAP_ZH, WORKSPACE_MAP_EN);

const CAMERA: CameraOptions = {
  maxZoom: 17,
  fitMaxZoom: 11,
  fitMs: 500,
  fitPadding: () => ({ top: 56, bottom: 24, left: 24, right: 56 }),
};

const EDIT_MODES: readonly WorkspaceMode[] = ["select", "compose", "draw", "import"];

type BoundaryFeature = BoundaryCollection["features"][number];

/** A past day's statuses while they load: the townships stay plain rather than show today's tiles. */
const NO_STATUSES: ReadonlyMap<string, string> = new Map();

/** A resource's data once it has arrived; null while loading, idle or failed (the map then keeps what it shows). */
function dataOf<T>(resource: Resource<T>): T | null {
  return resource.status === "success" ? resource.data : null;
}

/** The selected area's shape: its own geometry, else its member divisions' boundaries (with their codes). */
function shapeOf(shape: { members: readonly string[]; geometry: Geometry | null }, boundaries: ReadonlyMap<string, BoundaryFeature>): FeatureCollection {
  if (shape.geometry) return { type: "FeatureCollection", features: [{ type: "Feature", properties: {}, geometry: shape.geometry }] };
  const features = shape.members.flatMap((code) => {
    const feature = boundaries.get(code);
    return feature ? [{ type: "Feature" as const, properties: { code, name: feature.properties.name }, geometry: feature.geometry }] : [];
  });
  return { type: "FeatureCollection", features };
}

export function WorkspaceMapView() {
  const { t } = useLanguage();
  const workspace = useWorkspace();
  const { canEdit, selectedAreaId, selectArea, mode, setMode, draft, setDraft, dataVersion, notify, overlay, focus, viewDate, asOf, pointPick, setPointPick } = workspace;

  // Each answer's data keeps its identity until the next answer, so the layers' setters see "same object: no-op".
  const counties = dataOf(useResource(`boundaries:county:${dataVersion}`, (signal) => getBoundaries("county", signal)));
  const townships = dataOf(useResource(`boundaries:township:${dataVersion}`, (signal) => getBoundaries("township", signal)));
  const areaTiles = dataOf(useResource(`area-tiles:${dataVersion}`, (signal) => getTileJson("areas", signal)));
  const areas = dataOf(useResource(`areas:${dataVersion}:${asOf}`, (signal) => listAreas(signal, asOf ?? undefined)));
  const gaps = dataOf(useResource(`gaps:${dataVersion}:${asOf}`, (signal) => getCoverageGaps(asOf ?? undefined, signal)));
  // On a past day the townships are coloured by their unit status then, as on the dashboard.
  const units = dataOf(useResource(asOf === null ? null : `units:${asOf}:${dataVersion}`, (signal) => getUnitCoverage(asOf!, signal)));
  const saved = dataOf(useResource(selectedAreaId === null ? null : `area:${selectedAreaId}:${dataVersion}`, (signal) => getArea(selectedAreaId!, signal)));

  const areaList = useMemo(() => areas ?? [], [areas]);
  const unassigned = useMemo(() => gaps?.unassigned.map((unit) => unit.code) ?? [], [gaps]);
  const unitStatuses = useMemo(
    () => (asOf === null ? null : units && units.date === asOf ? new Map(units.units.map((unit) => [unit.code, unit.status])) : NO_STATUSES),
    [asOf, units],
  );
  const boundaryByCode = useMemo(() => {
    const byCode = new Map<string, BoundaryFeature>();
    for (const collection of [counties, townships]) for (const feature of collection?.features ?? []) byCode.set(feature.properties.code, feature);
    return byCode;
  }, [counties, townships]);
  const nameOf = (code: string): string => boundaryByCode.get(code)?.properties.name ?? code;

  const savedArea: Area | null = saved && saved.data.id === selectedAreaId ? saved.data : null;
  const savedDraft = useMemo<AreaDraft | null>(
    () => (savedArea ? { areaId: savedArea.id, members: savedArea.members, geometry: (savedArea.geometry as Geometry | null) ?? null, dirty: false } : null),
    [savedArea],
  );
  const ownDraft = draft && draft.areaId === selectedAreaId ? draft : null;
  /** The draft to change: the workspace's for this area, else one started from the saved area (null until it is read). */
  const baseDraft = ownDraft ?? savedDraft;

  const [hover, setHover] = useState<(WorkspaceMapHit & { x: number; y: number }) | null>(null);
  const [refusal, setRefusal] = useState<{ text: string; at: number } | null>(null);
  const [measure, setMeasure] = useState<DrawingMeasure | null>(null);
  const [drawingUnavailable, setDrawingUnavailable] = useState(false);
  /** The area last selected by a click on the map: the camera stays where it is for that one. */
  const selectedOnMap = useRef<number | null>(null);
  const fittedArea = useRef<number | null>(null);

  const onMapClick = (hit: WorkspaceMapHit): void => {
    if (mode === "compose") {
      if (hit.township) composeToggle(hit.township.code, hit.township.name);
      return;
    }
    const areaId = hit.area?.id ?? (hit.township ? (unitAreaOf(areaList, hit.township.code, viewDate)?.id ?? null) : null);
    if (areaId === null) {
      if (hit.township) notify(t("workspace.map.noAreaHere", { township: hit.township.name }));
      return;
    }
    selectedOnMap.current = areaId;
    selectArea(areaId);
  };

  const composeToggle = (code: string, name: string): void => {
    if (!savedArea || !baseDraft) {
      notify(t(selectedAreaId === null ? "workspace.map.needArea" : "workspace.map.loadingArea"));
      return;
    }
    if (savedArea.locked || !isComposable(savedArea.kind)) return;
    const result = toggleMember(savedArea, baseDraft.members, code, areaList, viewDate);
    if (!result.ok) {
      const text = result.reason === "taken" ? t("workspace.map.compose.taken", { township: name, area: result.by.name }) : t("workspace.map.compose.notTownship");
      setRefusal({ text, at: Date.now() });
      return;
    }
    setRefusal(null);
    setDraft({ ...baseDraft, members: result.members, dirty: true });
    notify(t(result.added ? "workspace.map.compose.added" : "workspace.map.compose.removed", { township: name }));
  };

  // The layers keep the callbacks they are given first; route them through a ref so they always call the latest.
  // Picking a point: the areas layer lets clicks through (below), so the controller hands their [lon, lat] here.
  const onPointClick = (point: [number, number]): void => {
    if (!pointPick) return;
    setPointPick(null);
    pointPick.onPick(point);
  };
  const latest = useLatest({ onMapClick, onPointClick, setHover, baseDraft, setDraft, notify, t });
  const [areasLayer] = useState(() =>
    workspaceAreasLayer({ onClick: (hit) => latest.current.onMapClick(hit), onHover: (hit) => latest.current.setHover(hit) }),
  );
  const [overlays] = useState(() => overlayLayer());
  const [drawing] = useState(() =>
    drawingLayer({
      onMeasure: (next) => setMeasure(next),
      onGeometry: (geometry) => {
        const { baseDraft: base, setDraft: set, notify: say, t: translate } = latest.current;
        if (!base) return;
        set({ ...base, geometry, dirty: true });
        if (geometry) say(translate("workspace.map.draw.drawn"));
      },
      onUnavailable: () => setDrawingUnavailable(true),
    }),
  );
  const map = useMap(
    () => ({ layers: [areasLayer, overlays, drawing], labels: { map: t("workspace.map.label") }, camera: CAMERA, onMapClick: (point) => latest.current.onPointClick(point) }),
    { map: t("workspace.map.label") },
  );

  useEffect(() => {
    if (counties && townships) areasLayer.setBoundaries(counties, townships);
  }, [areasLayer, counties, townships]);
  useEffect(() => {
    if (areaTiles) areasLayer.setAreaTiles(areaTiles);
  }, [areasLayer, areaTiles]);
  useEffect(() => areasLayer.setUnassigned(unassigned), [areasLayer, unassigned]);
  useEffect(() => areasLayer.setUnitStatuses(unitStatuses), [areasLayer, unitStatuses]);
  useEffect(() => areasLayer.setInteractive(mode !== "draw" && pointPick === null), [areasLayer, mode, pointPick]);

  // Snapping: every county and township outline (the unit areas are made of them).
  const snapTargets = useMemo(() => [...(counties?.features ?? []), ...(townships?.features ?? [])].map((feature) => feature.geometry), [counties, townships]);
  useEffect(() => drawing.setSnapTargets(snapTargets), [drawing, snapTargets]);

  const selection = useMemo(() => (baseDraft ? shapeOf(baseDraft, boundaryByCode) : null), [baseDraft, boundaryByCode]);
  useEffect(() => areasLayer.setSelection(selectedAreaId === null ? null : selection), [areasLayer, selectedAreaId, selection]);

  // Fit to an area selected from the list (or elsewhere off the map), once its shape is known.
  useEffect(() => {
    if (selectedAreaId === null || fittedArea.current === selectedAreaId || !selection) return;
    fittedArea.current = selectedAreaId;
    if (selectedOnMap.current === selectedAreaId) return;
    const bounds = boundsOf(selection.features.map((feature) => feature.geometry));
    if (bounds) areasLayer.fitTo(bounds);
  }, [areasLayer, selectedAreaId, selection]);
  useEffect(() => {
    if (selectedAreaId === null) fittedArea.current = null;
  }, [selectedAreaId]);

  useEffect(() => overlays.setOverlay(overlay), [overlays, overlay]);
  useEffect(() => {
    if (focus) areasLayer.fitTo(focus.bounds);
  }, [areasLayer, focus]);

  // Drawing runs while in draw mode on an editable area; leaving the mode (Escape included) ends the session.
  const drawable = canEdit && mode === "draw" && savedArea !== null && baseDraft !== null && !savedArea.locked;
  const drawGeometry = useLatest(baseDraft?.geometry ?? null);
  useEffect(() => {
    if (!drawable) return;
    drawing.setActive(true, drawGeometry.current);
    return () => drawing.setActive(false, null);
  }, [drawing, drawable, selectedAreaId, drawGeometry]);

  useEffect(() => setRefusal(null), [mode, selectedAreaId]);

  const modes = canEdit ? EDIT_MODES : (["select"] as const);
  const areaName = savedArea?.name ?? "";
  const freeCount = savedArea && baseDraft ? townshipsInNoArea(unassigned, savedArea, savedArea.members, baseDraft.members, areaList, viewDate) : unassigned.length;

  return (
    <div className="workspace-map">
      <MapFrame map={map} block="workspace-map-frame" testId="workspace-map:canvas" wordOf={(word) => t(`workspace.map.${word}`)} />
      <div className="workspace-map__modes" role="toolbar" aria-label={t("workspace.map.modes")} data-testid="workspace-map:modes">
        {modes.map((value) => (
          <button key={value} type="button" aria-pressed={mode === value} data-mode={value} onClick={() => setMode(value)}>
            {t(`workspace.map.mode.${value}`)}
          </button>
        ))}
      </div>
      {hover && mode !== "draw" && (
        <div className="workspace-map__hover" style={{ left: hover.x + 14, top: hover.y + 14 }} aria-hidden="true" data-testid="workspace-map:hover">
          {hover.area && (
            <strong>
              {hover.area.name} · {t(hover.area.status === "covered" ? "workspace.map.status.covered" : "workspace.map.status.vacant")}
            </strong>
          )}
          {hover.township && (
            <span>
              {hover.township.name}
              {unassigned.includes(hover.township.code) ? ` · ${t("workspace.map.unassigned")}` : ""}
            </span>
          )}
        </div>
      )}
      {canEdit && (mode === "compose" || mode === "draw") && (
        <section className="workspace-map__panel" aria-live="polite" data-testid="workspace-map:panel">
          {selectedAreaId === null ? (
            <p>{t("workspace.map.needArea")}</p>
          ) : !savedArea || !baseDraft ? (
            <p>{t("workspace.map.loadingArea")}</p>
          ) : savedArea.locked ? (
            <p role="alert">{t("workspace.map.locked", { area: areaName })}</p>
          ) : mode === "compose" ? (
            <ComposePanel
              areaName={areaName}
              composable={isComposable(savedArea.kind)}
              members={baseDraft.members}
              freeCount={freeCount}
              nameOf={nameOf}
              refusal={refusal}
            />
          ) : (
            <div data-testid="workspace-map:draw">
              <p>{t("workspace.map.draw.hint")}</p>
              {drawingUnavailable && <p role="alert">{t("workspace.map.draw.unavailable")}</p>}
              {measure && (
                <p data-testid="workspace-map:area-km2" data-km2={measure.areaKm2}>
                  {t("workspace.map.draw.area", { km2: measure.areaKm2.toFixed(2) })}
                </p>
              )}
              {measure && measure.kinks.length > 0 && (
                <p role="alert" className="workspace-map__kinks" data-testid="workspace-map:kinks">
                  {t("workspace.map.draw.kinks", { count: measure.kinks.length })}
                </p>
              )}
              <div className="workspace-map__actions">
                <button type="button" onClick={() => drawing.drawNew()}>
                  {t("workspace.map.draw.new")}
                </button>
                <button type="button" onClick={() => drawing.clear()}>
                  {t("workspace.map.draw.clear")}
                </button>
              </div>
            </div>
          )}
          {ownDraft && (
            <p hidden data-testid="workspace-map:draft" data-geometry-type={ownDraft.geometry?.type ?? ""} data-members={ownDraft.members.join(",")} data-dirty={ownDraft.dirty} />
          )}
        </section>
      )}
    </div>
  );
}

interface ComposePanelProps {
  areaName: string;
  composable: boolean;
  members: readonly string[];
  freeCount: number;
  nameOf(code: string): string;
  refusal: { text: string; at: number } | null;
}

/** Compose's live counter, the draft's members and the last refusal (shaken, so a repeated one is noticed). */
function ComposePanel({ areaName, composable, members, freeCount, nameOf, refusal }: ComposePanelProps) {
  const { t } = useLanguage();
  if (!composable) return <p>{t("workspace.map.compose.notComposable", { area: areaName })}</p>;
  return (
    <div data-testid="workspace-map:compose">
      <p>{t("workspace.map.compose.hint", { area: areaName })}</p>
      <p className="workspace-map__counter">
        <span data-testid="workspace-map:member-count" data-count={members.length}>
          {t("workspace.map.compose.members", { count: members.length })}
        </span>
        {" · "}
        <span data-testid="workspace-map:free-count" data-count={freeCount}>
          {t("workspace.map.compose.free", { count: freeCount })}
        </span>
      </p>
      <ul className="workspace-map__members" data-testid="workspace-map:members">
        {members.map((code) => (
          <li key={code} data-code={code}>
            {nameOf(code)}
          </li>
        ))}
      </ul>
      {refusal && (
        <p key={refusal.at} role="alert" className="workspace-map__refusal" data-testid="workspace-map:refusal">
          {refusal.text}
        </p>
      )}
    </div>
  );
}
