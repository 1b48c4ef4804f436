/**
 * The workspace's map in the browser tests, read and clicked through its test hook (townships' label points, whether
 * drawing is on), never by pixel guessing; and the setup that frees two townships with a boundary for composing.
 */
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { retireArea } from "../../../server/src/areas/areas.repo.ts";
import type { CoverageGaps } from "../../../server/src/contracts/coverage.ts";
import {
  MAP_TEST_HOOK_NAME,
  type DrawingTestHook,
  type MapTestHook,
  type OverlayTestHook,
  type WorkspaceAreasTestHook,
} from "../../../client/src/map/map-test-hook.ts";
import type { AtlasServer } from "./atlas-server.ts";

type WorkspaceMapHook = MapTestHook & WorkspaceAreasTestHook & DrawingTestHook & OverlayTestHook;

/**
 * Frees townships by retiring single-township unit areas today (other than `keepArea`), until two with a boundary are
 * in no unit area; returns two such township codes.
 */
export async function freeTwoTownships(atlas: AtlasServer, keepArea: string | null = null): Promise<string[]> {
  const withBoundary = (gaps: CoverageGaps) => gaps.unassigned.filter((unit) => unit.labelPoint !== null).map((unit) => unit.code);
  const before = withBoundary(await atlas.getJson<CoverageGaps>("/api/coverage/gaps"));
  if (before.length < 2) {
    const [row] = await atlas.sql<{ today: string }[]>`select api.today()::text as today`;
    const areas = await atlas.sql<{ id: number; version: number }[]>`
      select a.id, a.version from areas as a
      join area_divisions as ad on ad.area_id = a.id
      join divisions as d on d.code = ad.division_code
      where a.kind in ('township', 'subdistrict') and a.retired_on is null and not a.locked and a.code is distinct from ${keepArea}
        and d.geom is not null and (select count(*) from area_divisions as x where x.area_id = a.id) = 1
      order by a.code desc limit ${2 - before.length}`;
    for (const area of areas) {
      const retired = await retireArea(atlas.sql, area.id, area.version, { on: row!.today, reason: "test: free its township" }, "test");
      expect(retired.ok).toBe(true);
    }
  }
  const after = withBoundary(await atlas.getJson<CoverageGaps>("/api/coverage/gaps"));
  expect(after.length).toBeGreaterThanOrEqual(2);
  return after.slice(0, 2);
}

/** The map of the workspace, read and clicked through its test hook. */
export class WorkspaceMap {
  constructor(private readonly page: Page) {}

  async ready(): Promise<void> {
    await this.page.waitForFunction((name) => (window as unknown as Record<string, MapTestHook | undefined>)[name]?.isReady === true, MAP_TEST_HOOK_NAME);
  }

  /** Switches the map to `mode` with its mode bar. */
  async chooseMode(mode: "select" | "compose" | "draw" | "import"): Promise<void> {
    await this.page.locator(`[data-testid="workspace-map:modes"] [data-mode="${mode}"]`).click();
  }

  /** The modes the mode bar offers, in order. */
  modesOffered(): Promise<(string | null)[]> {
    return this.page.locator('[data-testid="workspace-map:modes"] button').evaluateAll((buttons) => buttons.map((button) => button.getAttribute("data-mode")));
  }

  /** Centres the map on a point inside the township at zoom 11, waits for it to settle and clicks there. */
  async clickTownship(code: string): Promise<void> {
    const target = await this.page.evaluate(
      async ([name, township]) => {
        const hook = (window as unknown as Record<string, WorkspaceMapHook>)[name]!;
        const point = hook.townshipLabelPoint(township);
        if (!point) throw new Error(`township ${township} has no boundary on the map`);
        hook.jumpTo(point, 11);
        await hook.idle();
        return hook.clientPointOf(point);
      },
      [MAP_TEST_HOOK_NAME, code] as const,
    );
    await this.page.mouse.click(target.x, target.y);
  }

  /** Waits until the township is coloured by `status` (a past day's unit status; null: today's view, the tiles). */
  async waitForUnitStatus(code: string, status: string | null): Promise<void> {
    await this.page.waitForFunction(
      ([name, township, expected]) => (window as unknown as Record<string, WorkspaceMapHook | undefined>)[name]?.unitStatus(township) === expected,
      [MAP_TEST_HOOK_NAME, code, status] as const,
    );
  }

  drawing(): Promise<ReturnType<DrawingTestHook["drawing"]>> {
    return this.page.evaluate((name) => (window as unknown as Record<string, WorkspaceMapHook>)[name]!.drawing(), MAP_TEST_HOOK_NAME);
  }

  async waitForDrawing(active: boolean, mode: string | null): Promise<void> {
    await this.page.waitForFunction(
      ([name, on, terraMode]) => {
        const state = (window as unknown as Record<string, WorkspaceMapHook | undefined>)[name]?.drawing();
        return state !== undefined && state.active === on && state.mode === terraMode;
      },
      [MAP_TEST_HOOK_NAME, active, mode] as const,
    );
  }

  /** The centre of the map's canvas in page pixels. */
  async canvasCentre(): Promise<{ x: number; y: number }> {
    const box = (await this.page.getByTestId("workspace-map:canvas").boundingBox())!;
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  }
}
