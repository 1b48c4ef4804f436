/**
 * Given/when/then driver of the first page. Tests say what a visitor does and sees; the selectors, the test hook of
 * the map and the database writes live here. Every page opened through the driver records console errors, page
 * errors, failed requests and every request URL, so `then.nothingWentWrong()` can check them all at the end.
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page, ViewportSize } from "playwright-core";
import { MAP_TEST_HOOK_NAME, TEST_HOOKS_FLAG, type MapTestHook, type RenderedFeature } from "../../../client/src/map/map-test-hook.ts";
import type { AtlasServer } from "./atlas-server.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const TEST_RESULTS_DIR = path.join(ROOT, "test-results");

export const DESKTOP: ViewportSize = { width: 1280, height: 800 };
export const PHONE: ViewportSize = { width: 360, height: 740 };

type HookLayer = keyof MapTestHook["layerIds"];

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export class FirstPageDriver {
  private context: BrowserContext | undefined;
  private currentPage: Page | undefined;
  private readonly problems: string[] = [];
  private readonly requestUrls: string[] = [];

  constructor(
    private readonly browser: Browser,
    private readonly server: AtlasServer,
  ) {}

  private get page(): Page {
    if (!this.currentPage) throw new Error("open the page first (given.thePageIsOpen / when.iOpenThePage)");
    return this.currentPage;
  }

  /** Features drawn now in the layers of these roles (see MapTestHook.layerIds). */
  private async renderedFeatures(roles: HookLayer[]): Promise<RenderedFeature[]> {
    return this.page.evaluate(
      ([name, layerRoles]) => {
        const hook = (window as unknown as Record<string, MapTestHook | undefined>)[name];
        if (!hook) throw new Error("the map test hook is not installed");
        return hook.queryRenderedFeatures(layerRoles.map((role) => hook.layerIds[role]));
      },
      [MAP_TEST_HOOK_NAME, roles] as const,
    );
  }

  private async open(viewport: ViewportSize): Promise<void> {
    await this.context?.close();
    this.context = await this.browser.newContext({ viewport, locale: "zh-CN", serviceWorkers: "block" });
    // Ask the page for its test hook before any of its scripts run; production pages never set this flag.
    await this.context.addInitScript((flag) => {
      (window as unknown as Record<string, unknown>)[flag] = true;
    }, TEST_HOOKS_FLAG);
    this.context.on("request", (request) => this.requestUrls.push(request.url()));
    this.context.on("requestfailed", (request) =>
      this.problems.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? "unknown"})`),
    );
    const page = await this.context.newPage();
    page.on("console", (message) => {
      if (message.type() === "error") this.problems.push(`console error: ${message.text()}`);
    });
    page.on("pageerror", (error) => this.problems.push(`page error: ${error.message}`));
    this.currentPage = page;
    await page.goto(`${this.server.origin}/`);
  }

  readonly given = {
    /** No county or township has a polygon, as in a database before any boundary import. */
    noBoundariesInTheDatabase: async (): Promise<void> => {
      await this.server.sql`
        update divisions set geom = null, provenance = null, geom_source = null
        where level in ('county', 'township') and geom is not null`;
    },

    /** Only this county has a polygon: a circle of the given radius in degrees, marked approximate. */
    onlyAnApproximateCountyCircle: async (code: string, centre: [number, number], radiusDegrees: number): Promise<void> => {
      await this.given.noBoundariesInTheDatabase();
      await this.server.sql`
        update divisions
        set geom = ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(${centre[0]}::float8, ${centre[1]}::float8), 4326), ${radiusDegrees}::float8))::geometry(MultiPolygon, 4326),
            provenance = 'approximate', geom_source = 'browser test: circle'
        where code = ${code}`;
    },

    /** These GeoJSON geometries, keyed by division code, with one provenance for all. */
    boundaries: async (geometries: { code: string; geometry: unknown }[], provenance: "official" | "approximate" | "imported"): Promise<void> => {
      for (const { code, geometry } of geometries) {
        await this.server.sql`
          update divisions
          set geom = ST_Multi(ST_GeomFromGeoJSON(${JSON.stringify(geometry)}))::geometry(MultiPolygon, 4326),
              provenance = ${provenance}, geom_source = 'browser test: reference data'
          where code = ${code}`;
      }
    },

    thePageIsOpen: async (viewport: ViewportSize = DESKTOP): Promise<void> => {
      await this.open(viewport);
      await this.then.theMapIsReady();
    },
  };

  readonly when = {
    iOpenThePage: (viewport: ViewportSize = DESKTOP): Promise<void> => this.open(viewport),

    iReloadThePage: async (): Promise<void> => {
      await this.page.reload();
    },

    /** Tabs through the page (no mouse) until the county's button has focus, then presses Enter. */
    iChooseTheCountyWithTheKeyboard: async (name: string): Promise<void> => {
      for (let presses = 0; presses < 40; presses++) {
        await this.page.keyboard.press("Tab");
        const focused = await this.page.evaluate(() => {
          const element = document.activeElement;
          return element?.getAttribute("data-testid") === "county-list:county"
            ? (element.querySelector(".county-button__name")?.textContent ?? "")
            : null;
        });
        if (focused === name) {
          await this.page.keyboard.press("Enter");
          return;
        }
      }
      throw new Error(`the county button "${name}" was not reached with the Tab key`);
    },

    /** A real mouse click on the map canvas at this longitude/latitude. */
    iClickTheMapAt: async (lngLat: [number, number]): Promise<void> => {
      const point = await this.page.evaluate(
        ([name, where]) => {
          const hook = (window as unknown as Record<string, MapTestHook | undefined>)[name];
          if (!hook) throw new Error("the map test hook is not installed");
          return hook.clientPointOf(where);
        },
        [MAP_TEST_HOOK_NAME, lngLat] as const,
      );
      await this.page.mouse.click(point.x, point.y);
    },

    iSwitchTheLanguage: async (): Promise<void> => {
      await this.page.getByTestId("app:language-switch").click();
    },
  };

  readonly then = {
    theMapIsReady: async (): Promise<void> => {
      await this.page.waitForFunction(
        (name) => (window as unknown as Record<string, { isReady?: boolean } | undefined>)[name]?.isReady === true,
        MAP_TEST_HOOK_NAME,
        { timeout: 60_000 },
      );
    },

    countyNamesInTheList: async (): Promise<string[]> => {
      const list = this.page.getByTestId("county-list:list");
      await list.waitFor();
      return list.getByTestId("county-list:county").locator(".county-button__name").allInnerTexts();
    },

    /** Codes of the counties drawn on the map now, waiting (up to 30 s) until at least `atLeast` are drawn. */
    countiesDrawnOnTheMap: async (atLeast = 1): Promise<string[]> => {
      await this.page
        .waitForFunction(
          ([name, minimum]) => {
            const hook = (window as unknown as Record<string, MapTestHook | undefined>)[name as string];
            if (!hook || hook.isMoving()) return false;
            const codes = new Set(hook.queryRenderedFeatures([hook.layerIds.countyFill]).map((feature) => feature.properties.code));
            return codes.size >= (minimum as number);
          },
          [MAP_TEST_HOOK_NAME, atLeast] as const,
          { timeout: 30_000 },
        )
        .catch(() => undefined);
      const features = await this.renderedFeatures(["countyFill"]);
      return [...new Set(features.map((feature) => String(feature.properties.code)))].sort();
    },

    /** Provenance of the county outlines drawn dashed (the approximate-outline layer). */
    dashedCountyOutlines: async (): Promise<string[]> => {
      const features = await this.renderedFeatures(["countyApproximateLine"]);
      return [...new Set(features.map((feature) => String(feature.properties.code)))].sort();
    },

    townshipsDrawnOnTheMap: async (): Promise<{ solid: number; dashed: number }> => {
      const solid = new Set((await this.renderedFeatures(["townshipLine"])).map((feature) => feature.properties.code));
      const dashed = new Set((await this.renderedFeatures(["townshipApproximateLine"])).map((feature) => feature.properties.code));
      return { solid: solid.size, dashed: dashed.size };
    },

    /** Codes of the counties the map draws as selected (waits for the selection to show, up to 10 s). */
    countiesSelectedOnTheMap: async (): Promise<string[]> => {
      const selected = async () =>
        [
          ...new Set(
            (await this.renderedFeatures(["countyFill"])).filter((feature) => feature.state.selected === true).map((feature) => String(feature.properties.code)),
          ),
        ].sort();
      for (let waited = 0; waited < 10_000; waited += 200) {
        const codes = await selected();
        if (codes.length > 0) return codes;
        await this.page.waitForTimeout(200);
      }
      return selected();
    },

    noBoundariesNote: async (): Promise<string> => {
      const note = this.page.getByTestId("boundaries:none-note");
      await note.waitFor({ state: "visible" });
      return note.innerText();
    },

    approximateNote: async (): Promise<string> => {
      const note = this.page.getByTestId("boundaries:approximate-note");
      await note.waitFor({ state: "visible" });
      return note.innerText();
    },

    /** Size of the map's drawing surface in CSS pixels (a zero here means a blank map even when features "render"). */
    theMapCanvasSize: async (): Promise<{ width: number; height: number }> => {
      const box = await this.page.locator("canvas.maplibregl-canvas").boundingBox();
      return { width: Math.round(box?.width ?? 0), height: Math.round(box?.height ?? 0) };
    },

    /** Place names drawn on the map and visible inside its canvas. */
    placeNamesOnTheMap: async (): Promise<string[]> =>
      this.page.evaluate(() => {
        const canvas = document.querySelector("canvas.maplibregl-canvas")?.getBoundingClientRect();
        if (!canvas) return [];
        return [...document.querySelectorAll<HTMLElement>(".map-label")]
          .filter((label) => {
            const box = label.getBoundingClientRect();
            const centreX = box.left + box.width / 2;
            const centreY = box.top + box.height / 2;
            return box.width > 0 && centreX > canvas.left && centreX < canvas.right && centreY > canvas.top && centreY < canvas.bottom;
          })
          .map((label) => label.textContent ?? "");
      }),

    legend: async (): Promise<string> => this.page.getByTestId("map:legend").innerText(),

    title: async (): Promise<{ heading: string; documentTitle: string; htmlLang: string | null }> => ({
      heading: await this.page.getByTestId("app:title").innerText(),
      documentTitle: await this.page.title(),
      htmlLang: await this.page.locator("html").getAttribute("lang"),
    }),

    selectedCountyName: async (): Promise<string> => this.page.getByTestId("county-panel:name").innerText(),

    /** Names of the townships listed for the selected county (waits for the list). */
    townshipNamesInThePanel: async (): Promise<string[]> => {
      const list = this.page.getByTestId("county-panel:townships");
      await list.waitFor();
      return list.getByTestId("county-panel:township").locator(".township-list__name").allInnerTexts();
    },

    /** Names of the county buttons that are pressed (aria-pressed="true"). */
    pressedCountyButtons: async (): Promise<string[]> =>
      this.page.locator('[data-testid="county-list:county"][aria-pressed="true"] .county-button__name').allInnerTexts(),

    /** What a screen reader hears for the focused element and whether a focus ring is drawn around it. */
    theFocusedElement: async (): Promise<{ accessibleText: string; hasVisibleFocusRing: boolean }> =>
      this.page.evaluate(() => {
        const element = document.activeElement as HTMLElement | null;
        if (!element) return { accessibleText: "", hasVisibleFocusRing: false };
        const style = getComputedStyle(element);
        return {
          accessibleText: element.getAttribute("aria-label") ?? element.innerText,
          hasVisibleFocusRing: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
        };
      }),

    layout: async (): Promise<{ map: Box; panel: Box; viewport: ViewportSize }> => {
      const map = await this.page.getByTestId("map:canvas").boundingBox();
      const panel = await this.page.getByTestId("app:panel").boundingBox();
      if (!map || !panel) throw new Error("the map or the panel is not laid out");
      return { map, panel, viewport: this.page.viewportSize() ?? DESKTOP };
    },

    /** Saves a screenshot under test-results/ (git-ignored) and returns its path. */
    aScreenshotIsSaved: async (fileName: string): Promise<string> => {
      fs.mkdirSync(TEST_RESULTS_DIR, { recursive: true });
      const file = path.join(TEST_RESULTS_DIR, fileName);
      await this.page.screenshot({ path: file });
      return file;
    },

    /** Console errors, page errors and failed requests since the driver was created; empty when all went well. */
    problems: (): string[] => [...this.problems],

    /** Request URLs that went anywhere but the test server (data: and blob: URLs stay in the page and are allowed). */
    requestsToOtherOrigins: (): string[] =>
      this.requestUrls.filter((url) => !url.startsWith("data:") && !url.startsWith("blob:") && new URL(url).origin !== this.server.origin),

    requestCount: (): number => this.requestUrls.length,
  };

  async close(): Promise<void> {
    await this.context?.close();
    this.context = undefined;
    this.currentPage = undefined;
  }
}
