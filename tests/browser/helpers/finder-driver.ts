/**
 * Given/when/then driver of the public finder. Tests say what a visitor does and sees; the selectors, the map's test
 * hook and the browser context's permissions live here. Every page opened through the driver records console errors,
 * page errors, failed requests and every request (with its encoded size and when it finished), so
 * `then.problems()` and `then.requestsToOtherOrigins()` can check them all at the end, and the performance test can
 * add up the JavaScript sent before the first map frame.
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page, Request, ViewportSize } from "playwright-core";
import {
  MAP_TEST_HOOK_NAME,
  TEST_HOOKS_FLAG,
  type BeltsTestHook,
  type DivisionsTestHook,
  type YouAreHereTestHook,
  type MapTestHook as MapHook,
} from "../../../client/src/map/map-test-hook.ts";
import type { AtlasServer } from "./atlas-server.ts";

/** The finder's map hook: the controller's members and those of its divisions and belts layers. */
type MapTestHook = MapHook & DivisionsTestHook & BeltsTestHook & YouAreHereTestHook;

const ROOT = path.resolve(import.meta.dirname, "../../..");
const TEST_RESULTS_DIR = path.join(ROOT, "test-results");

export const DESKTOP: ViewportSize = { width: 1280, height: 800 };
/** A valid 1×1 transparent PNG. */
const BLANK_PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAAC0lEQVR4nGNgAAIAAAUAAXpeqz8AAAAASUVORK5CYII=";
export const PHONE: ViewportSize = { width: 360, height: 740 };

export interface LonLat {
  lon: number;
  lat: number;
}

export interface OpenOptions {
  viewport?: ViewportSize;
  /** Answer /api/client-config with this basemap (as a server with TIANDITU_TOKEN would), and its tiles with a blank image. */
  basemap?: { token: string; attribution: string };
  /** The position the browser reports; with `allowLocation` the page may read it, without it the visitor refuses. */
  geolocation?: LonLat & { accuracyMetres?: number };
  /** Answer requests to 天地图's tile hosts with a blank image (the server itself offers the basemap). */
  tiandituTiles?: boolean;
  allowLocation?: boolean;
  language?: "zh" | "en";
  /** The address to open on the server, with its query (default "/"). */
  path?: string;
  /** More browser permissions, e.g. clipboard-read and clipboard-write. */
  permissions?: string[];
}

/** One finished request: where it went, what it was, how many (encoded) bytes its body took, when it ended. */
export interface RecordedResponse {
  url: string;
  resourceType: string;
  contentEncoding: string | undefined;
  /** Body bytes as sent over the wire (content-length of the compressed body); 0 when served from a cache. */
  encodedBytes: number;
  /** Epoch milliseconds when the response body had arrived. */
  endedAt: number;
}

/** What the answer panel shows, as text. */
export interface AnswerView {
  title: string;
  where: string;
  /** The unit post's status (covered | vacant | not_required), or null when no unit is in focus. */
  unitStatus: string | null;
  unitPlanner: string | null;
  unitText: string;
  chiefsHeading: string | null;
  countyUnits: Array<{ code: string; name: string; status: string; text: string }>;
  approximateNote: boolean;
  text: string;
}

export class FinderDriver {
  private context: BrowserContext | undefined;
  private currentPage: Page | undefined;
  private readonly problemList: string[] = [];
  private readonly requestUrls: string[] = [];
  private readonly responseList: Promise<RecordedResponse | undefined>[] = [];
  /** Hosts the page may reach besides its own server: 天地图's, once a test configures that basemap. */
  private readonly allowedHosts = new Set<string>();

  constructor(
    private readonly browser: Browser,
    private readonly server: AtlasServer,
  ) {}

  protected get page(): Page {
    if (!this.currentPage) throw new Error("open the page first (given.thePageIsOpen / when.iOpenThePage)");
    return this.currentPage;
  }

  /**
   * Waits, frame by frame, for `list` to answer a non-empty list in the page, and returns it; after 10 s it returns
   * what `list` answers then, so that the caller's assertion says what was drawn instead.
   */
  private async hookOnceNonEmpty(list: (hook: MapTestHook) => string[]): Promise<string[]> {
    // Asked from here once per frame, not by waitForFunction: a predicate polled in the page runs outside the test's
    // own evaluation, where the page's Content-Security-Policy refuses the `new Function` that rebuilds `list`.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const answer = await this.hook((hook, body) => (new Function("hook", `return (${body})(hook);`) as (hook: MapTestHook) => string[])(hook), list.toString());
      if (answer.length > 0 || Date.now() > deadline) return answer;
      await this.page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())));
    }
  }

  /** Runs `action` in the page with the map's test hook; `action` travels as source text, so it may use only its arguments. */
  private hook<T, A>(action: (hook: MapTestHook, argument: A) => T, argument: A): Promise<T> {
    return this.page.evaluate(
      ({ name, body, value }) => {
        const hook = (window as unknown as Record<string, MapTestHook | undefined>)[name];
        if (!hook) throw new Error("the map test hook is not installed");
        const run = new Function("hook", "argument", `return (${body})(hook, argument);`) as (hook: MapTestHook, argument: unknown) => unknown;
        return run(hook, value);
      },
      { name: MAP_TEST_HOOK_NAME, body: action.toString(), value: argument as unknown },
    ) as Promise<T>;
  }

  private async record(request: Request): Promise<RecordedResponse | undefined> {
    const response = await request.response();
    if (!response) return undefined;
    const headers = await response.allHeaders();
    const sizes = await request.sizes().catch(() => undefined);
    const timing = request.timing();
    const fromCache = sizes !== undefined && sizes.responseBodySize < 0;
    const length = Number(headers["content-length"] ?? Number.NaN);
    // Playwright reports no body size for a worker's own script: the content-length says what was sent.
    const encodedBytes = fromCache ? 0 : Number.isFinite(length) ? length : Math.max(0, sizes?.responseBodySize ?? 0);
    return {
      url: request.url(),
      resourceType: request.resourceType(),
      contentEncoding: headers["content-encoding"],
      encodedBytes,
      endedAt: timing.startTime + Math.max(timing.responseEnd, 0),
    };
  }

  private async open(options: OpenOptions): Promise<void> {
    await this.context?.close();
    this.context = await this.browser.newContext({
      viewport: options.viewport ?? DESKTOP,
      locale: "zh-CN",
      serviceWorkers: "block",
      ...(options.geolocation
        ? { geolocation: { longitude: options.geolocation.lon, latitude: options.geolocation.lat, accuracy: options.geolocation.accuracyMetres ?? 0 } }
        : {}),
      permissions: [...(options.allowLocation ? ["geolocation"] : []), ...(options.permissions ?? [])],
    });
    // Ask the page for its test hook before any of its scripts run; production pages never set this flag.
    await this.context.addInitScript(
      ({ flag, language }) => {
        (window as unknown as Record<string, unknown>)[flag] = true;
        if (language) window.localStorage.setItem("planner-atlas:language", language);
      },
      { flag: TEST_HOOKS_FLAG, language: options.language ?? null },
    );
    if (options.basemap || options.tiandituTiles) {
      for (let host = 0; host < 8; host++) this.allowedHosts.add(`t${host}.tianditu.gov.cn`);
      if (options.basemap) {
        const basemap = { provider: "tianditu", ...options.basemap };
        await this.context.route(`${this.server.origin}/api/client-config`, (route) => route.fulfill({ json: { basemap } }));
      }
      // No test reaches the real 天地图: every tile is a 1×1 transparent PNG.
      await this.context.route(/^https:\/\/t[0-7]\.tianditu\.gov\.cn\//, (route) =>
        route.fulfill({ contentType: "image/png", body: Buffer.from(BLANK_PNG_BASE64, "base64") }),
      );
    }
    this.context.on("request", (request) => this.requestUrls.push(request.url()));
    this.context.on("requestfinished", (request) => this.responseList.push(this.record(request).catch(() => undefined)));
    this.context.on("requestfailed", (request) => {
      const reason = request.failure()?.errorText ?? "unknown";
      // An aborted request is one the page itself cancelled (a stale search, a tile scrolled out of view).
      if (reason !== "net::ERR_ABORTED") this.problemList.push(`request failed: ${request.url()} (${reason})`);
    });
    const page = await this.context.newPage();
    page.on("console", (message) => {
      if (message.type() !== "error") return;
      // Chromium logs every 4xx answer as an error; a lookup outside Jincheng is answered 404 by design (the page
      // then says so kindly), so that one is not a problem.
      const source = message.location().url;
      if (message.text().includes("status of 404") && source && new URL(source).pathname === "/api/lookup") return;
      // The same for an opinion looked up by a ticket that names none (the page says the ticket is unknown).
      if (message.text().includes("status of 404") && source && new URL(source).pathname.startsWith("/api/opinions/")) return;
      this.problemList.push(`console error: ${message.text()}`);
    });
    page.on("pageerror", (error) => this.problemList.push(`page error: ${error.message}`));
    this.currentPage = page;
    await page.goto(`${this.server.origin}${options.path ?? "/"}`);
  }

  readonly given = {
    thePageIsOpen: async (options: OpenOptions = {}): Promise<void> => {
      await this.open(options);
      await this.then.theMapIsReady();
    },
  };

  readonly when = {
    iOpenThePage: (options: OpenOptions = {}): Promise<void> => this.open(options),

    iReloadThePage: async (): Promise<void> => {
      await this.page.reload();
    },

    /** Types into the search box as a visitor does (key by key) and waits for the suggestions. */
    iTypeInTheSearchBox: async (text: string): Promise<void> => {
      const input = this.page.getByTestId("search:input");
      await input.click();
      await input.fill("");
      await input.pressSequentially(text, { delay: 20 });
      await this.page.getByTestId("search:option").first().waitFor({ state: "visible" });
    },

    /** Clicks (taps) the suggestion whose name is exactly this one. */
    iChooseTheSuggestion: async (name: string): Promise<void> => {
      const exactly = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
      await this.page.getByTestId("search:option").filter({ has: this.page.locator(".search__option-name", { hasText: exactly }) }).first().click();
    },

    /**
     * Keyboard only: Tab from the top of the page to the search box, type, move down the suggestions with the arrow
     * keys until the one with this name and detail is active, and press Enter.
     */
    iSearchWithTheKeyboard: async (text: string, name: string): Promise<void> => {
      await this.page.locator("body").focus();
      for (let presses = 0; presses < 10; presses++) {
        await this.page.keyboard.press("Tab");
        if (await this.page.getByTestId("search:input").evaluate((input) => input === document.activeElement)) break;
      }
      if (!(await this.page.getByTestId("search:input").evaluate((input) => input === document.activeElement))) {
        throw new Error("the search box was not reached with the Tab key");
      }
      await this.page.keyboard.type(text, { delay: 20 });
      await this.page.getByTestId("search:option").first().waitFor({ state: "visible" });
      for (let presses = 0; presses < 12; presses++) {
        await this.page.keyboard.press("ArrowDown");
        const active = await this.then.theActiveSuggestion();
        if (active?.name === name) {
          await this.page.keyboard.press("Enter");
          return;
        }
      }
      throw new Error(`the suggestion "${name}" was not reached with the arrow keys`);
    },

    /** Centres the map on the point and taps it there (the middle of the map is never under a control). */
    iTapTheMapAt: async (point: LonLat, zoom = 10): Promise<void> => {
      await this.hook((hook, argument) => hook.jumpTo([argument.lon, argument.lat], argument.zoom), { ...point, zoom });
      await this.hook((hook) => hook.idle(), null);
      const client = await this.hook((hook, argument) => hook.clientPointOf([argument.lon, argument.lat]), point);
      await this.page.mouse.click(client.x, client.y);
    },

    /** Keyboard only: Tab to the map's "find the planner at the centre" button and press Enter. */
    iAskAboutTheMapCentreWithTheKeyboard: async (): Promise<void> => {
      const button = this.page.getByTestId("map:ask-centre");
      for (let presses = 0; presses < 40; presses++) {
        await this.page.keyboard.press("Tab");
        if (await button.evaluate((element) => element === document.activeElement)) {
          await this.page.keyboard.press("Enter");
          return;
        }
      }
      throw new Error("the map-centre button was not reached with the Tab key");
    },

    /** Chooses, in the planner's answer, the button that shows the area of their post. */
    iShowThePlannersArea: async (): Promise<void> => {
      await this.page.getByTestId("answer:show-area").first().click();
    },

    iPressUseMyLocation: async (): Promise<void> => {
      await this.page.getByTestId("locate:button").click();
    },

    iSwitchTheLanguage: async (): Promise<void> => {
      await this.page.getByTestId("app:language-switch").click();
    },

    /** Turns the street map (天地图) on or off with its choice on the map. */
    iChooseTheStreetMap: async (): Promise<void> => {
      await this.page.getByTestId("map:basemap-choice").click();
    },

    iPressWholeCity: async (): Promise<void> => {
      await this.page.getByTestId("map:whole-city").click();
    },

    /** Moves the camera at once, as a visitor panning and zooming there would, and waits for the map to settle. */
    iMoveTheMapTo: async (point: LonLat, zoom: number): Promise<void> => {
      await this.hook((hook, argument) => hook.jumpTo([argument.lon, argument.lat], argument.zoom), { ...point, zoom });
      await this.hook((hook) => hook.idle(), null);
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

    /**
     * Milliseconds from the start of the navigation to the first frame that drew division data, and to the first
     * idle with every tile of the view drawn (see MapTestHook), once the map is ready; `idleAt` is in epoch
     * milliseconds, to compare with RecordedResponse.endedAt.
     */
    theFirstFrames: async (): Promise<{ firstDataFrameMs: number; idleMs: number; idleAt: number }> => {
      await this.then.theMapIsReady();
      return this.page.evaluate((name) => {
        const hook = (window as unknown as Record<string, MapTestHook | undefined>)[name];
        const idleMs = hook?.readyAt ?? Number.NaN;
        return { firstDataFrameMs: hook?.firstDataFrameAt ?? Number.NaN, idleMs, idleAt: performance.timeOrigin + idleMs };
      }, MAP_TEST_HOOK_NAME);
    },

    /** Waits for an answer (or an error) and reads the panel. */
    theAnswer: async (): Promise<AnswerView> => {
      const panel = this.page.getByTestId("answer");
      await this.page.locator('[data-testid="answer"][data-status="success"], [data-testid="answer"][data-status="error"]').waitFor({ timeout: 30_000 });
      const unit = panel.getByTestId("answer:unit");
      const hasUnit = (await unit.count()) > 0;
      const chiefs = panel.getByTestId("answer:chiefs");
      const countyUnits = await panel.getByTestId("answer:county-unit").evaluateAll((items) =>
        items.map((item) => ({
          code: item.getAttribute("data-code") ?? "",
          name: item.querySelector(".unit-list__name")?.textContent ?? "",
          status: item.getAttribute("data-status") ?? "",
          text: item.querySelector("summary")?.textContent ?? "",
        })),
      );
      const textOf = async (testId: string) => {
        const locator = panel.getByTestId(testId);
        return (await locator.count()) > 0 ? locator.first().innerText() : "";
      };
      return {
        title: await textOf("answer:title"),
        where: await textOf("answer:where"),
        unitStatus: hasUnit ? await unit.getAttribute("data-status") : null,
        unitPlanner: hasUnit && (await unit.getByTestId("planner-card:name").count()) > 0 ? await unit.getByTestId("planner-card:name").innerText() : null,
        unitText: hasUnit ? await unit.innerText() : "",
        chiefsHeading: (await chiefs.count()) > 0 ? await chiefs.locator("h3").innerText() : null,
        countyUnits,
        approximateNote: (await panel.getByTestId("answer:approximate").count()) > 0,
        text: await panel.innerText(),
      };
    },

    /** Waits until the answer panel is about this place (a new answer replacing another), then reads it. */
    theAnswerAbout: async (title: string): Promise<AnswerView> => {
      await this.page.getByTestId("answer:title").filter({ hasText: title }).waitFor({ timeout: 30_000 });
      return this.then.theAnswer();
    },

    /** The sentence announced to screen readers for the latest answer. */
    theAnnouncement: async (): Promise<string> => {
      await this.page.waitForFunction(() => (document.querySelector('[data-testid="answer:announcement"]')?.textContent ?? "") !== "");
      return this.page.getByTestId("answer:announcement").innerText();
    },

    /** Names and types of the suggestions listed now. */
    theSuggestions: async (): Promise<Array<{ name: string; type: string }>> =>
      this.page.getByTestId("search:option").evaluateAll((options) =>
        options.map((option) => ({ name: option.querySelector(".search__option-name")?.textContent ?? "", type: option.getAttribute("data-type") ?? "" })),
      ),

    /** The list under the search box: its heading (when it offers near names), and each option's name, pinyin, note and match. */
    theSearchList: async (): Promise<{ heading: string | null; label: string | null; options: Array<{ name: string; pinyin: string; note: string; match: string }> }> =>
      this.page.getByTestId("search:listbox").evaluate((list) => ({
        heading: list.getAttribute("data-heading"),
        label: list.getAttribute("aria-label"),
        options: [...list.querySelectorAll('[data-testid="search:option"]')].map((option) => ({
          name: option.querySelector(".search__option-name")?.textContent ?? "",
          pinyin: (option.querySelector('[data-testid="search:option-pinyin"]')?.textContent ?? "").trim(),
          note: (option.querySelector('[data-testid="search:option-note"]')?.textContent ?? "").replace(/^ · /, ""),
          match: option.getAttribute("data-match") ?? "",
        })),
      })),

    /** The empty search box's placeholder, the width its text takes in the input's font, and the room the input gives it. */
    theSearchPlaceholder: async (): Promise<{ text: string; textWidth: number; room: number }> =>
      this.page.getByTestId("search:input").evaluate((element) => {
        const input = element as HTMLInputElement;
        const style = getComputedStyle(input, "::placeholder");
        const context = document.createElement("canvas").getContext("2d")!;
        context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const box = getComputedStyle(input);
        const room = input.clientWidth - parseFloat(box.paddingLeft) - parseFloat(box.paddingRight);
        return { text: input.placeholder, textWidth: context.measureText(input.placeholder).width, room };
      }),

    /** The suggestion the combobox points at with aria-activedescendant, or null. */
    theActiveSuggestion: async (): Promise<{ name: string; selected: boolean } | null> =>
      this.page.evaluate(() => {
        const input = document.querySelector('[data-testid="search:input"]');
        const id = input?.getAttribute("aria-activedescendant");
        const option = id ? document.getElementById(id) : null;
        if (!option) return null;
        return { name: option.querySelector(".search__option-name")?.textContent ?? "", selected: option.getAttribute("aria-selected") === "true" };
      }),

    theSearchBox: async (): Promise<{ focused: boolean; expanded: string | null; value: string; label: string }> =>
      this.page.getByTestId("search:input").evaluate((input) => ({
        focused: input === document.activeElement,
        expanded: input.getAttribute("aria-expanded"),
        value: (input as HTMLInputElement).value,
        label: (input as HTMLInputElement).labels?.[0]?.textContent ?? "",
      })),

    /** Codes of the divisions the map draws as chosen, once the map rests with one drawn (or what it draws after 10 s). */
    highlightedDivisions: async (): Promise<string[]> => this.hookOnceNonEmpty((hook) => (hook.isMoving() ? [] : hook.selectedDivisionCodes())),

    /** Codes of the belts drawn as chosen, as highlightedDivisions. */
    highlightedBelts: async (): Promise<string[]> => this.hookOnceNonEmpty((hook) => (hook.isMoving() ? [] : hook.selectedBeltCodes())),

    thePin: async (): Promise<[number, number] | null> => this.hook((hook) => hook.markerPosition(), null),

    theStyleLayers: async (): Promise<string[]> => this.hook((hook) => hook.styleLayerIds(), null),

    theAttribution: async (): Promise<{ text: string; expanded: boolean }> => this.hook((hook) => hook.attribution(), null),

    /** The map's centre once it has stopped moving. */
    theMapCentre: async (): Promise<[number, number]> => {
      await this.page.waitForFunction((name) => (window as unknown as Record<string, MapTestHook | undefined>)[name]?.isMoving() === false, MAP_TEST_HOOK_NAME);
      return this.hook((hook) => hook.view().center, null);
    },

    /** Codes of the townships drawn on the map now (solid and dashed outlines). */
    townshipsOnTheMap: async (): Promise<{ solid: number; dashed: number }> => {
      const codes = (layer: "townshipLine" | "townshipApproximateLine") =>
        this.hook((hook, role) => [...new Set(hook.queryRenderedFeatures([hook.layerIds[role]]).map((feature) => String(feature.properties.code)))].length, layer);
      return { solid: await codes("townshipLine"), dashed: await codes("townshipApproximateLine") };
    },

    theLocateMessage: async (): Promise<string> => {
      await this.page.waitForFunction(() => (document.querySelector('[data-testid="locate:message"]')?.textContent ?? "") !== "", null, { timeout: 20_000 });
      return this.page.getByTestId("locate:message").innerText();
    },

    /** The quiet notes under the answer (no township boundaries, approximate boundaries). */
    theNotes: async (): Promise<{ noTownships: string | null; approximate: string | null }> => {
      // The count of townships without a boundary arrives after the map's first tiles.
      await this.page.locator('.notes[data-ready="true"]').waitFor();
      const text = async (testId: string) => {
        const locator = this.page.getByTestId(testId);
        return (await locator.count()) > 0 ? locator.innerText() : null;
      };
      return { noTownships: await text("notes:no-townships"), approximate: await text("notes:approximate") };
    },

    title: async (): Promise<{ heading: string; documentTitle: string; htmlLang: string | null }> => ({
      heading: await this.page.getByTestId("finder:title").innerText(),
      documentTitle: await this.page.title(),
      htmlLang: await this.page.locator("html").getAttribute("lang"),
    }),

    /** Boxes of the main parts, the viewport, and how wide the page's content is (wider than the viewport: it scrolls sideways). */
    layout: async () => {
      const box = async (testId: string) => {
        const found = await this.page.getByTestId(testId).boundingBox();
        if (!found) throw new Error(`${testId} is not laid out`);
        return found;
      };
      return {
        map: await box("map:canvas"),
        panel: await box("finder:panel"),
        search: await box("search:input"),
        locate: await box("locate:button"),
        viewport: this.page.viewportSize() ?? DESKTOP,
        contentWidth: await this.page.evaluate(() => document.documentElement.scrollWidth),
      };
    },

    /** Saves a screenshot under test-results/ (git-ignored) and returns its path. */
    aScreenshotIsSaved: async (fileName: string): Promise<string> => {
      fs.mkdirSync(TEST_RESULTS_DIR, { recursive: true });
      const file = path.join(TEST_RESULTS_DIR, fileName);
      await this.page.screenshot({ path: file });
      return file;
    },

    /** Console errors, page errors and failed requests since the driver was created; empty when all went well. */
    problems: (): string[] => [...this.problemList],

    /**
     * Request URLs that went anywhere but the test server (data: and blob: URLs stay in the page and are allowed), and
     * but the basemap's hosts when a test configured one.
     */
    requestsToOtherOrigins: (): string[] =>
      this.requestUrls.filter((url) => {
        if (url.startsWith("data:") || url.startsWith("blob:")) return false;
        const parsed = new URL(url);
        return parsed.origin !== this.server.origin && !this.allowedHosts.has(parsed.host);
      }),

    /** Requests made to a basemap host (intercepted: none reaches the real service). */
    basemapRequests: (): string[] => this.requestUrls.filter((url) => url.startsWith("https:") && this.allowedHosts.has(new URL(url).host)),

    requestCount: (): number => this.requestUrls.length,

    /**
     * Names drawn by the map's township or county label layer once the map rests (sorted, once each), waiting frame
     * by frame (up to 10 s) until one other than `except` is placed: MapLibre places names a frame after the camera
     * stops.
     */
    /** The township names' text expression once it holds `text` (the pinyin of a name, in English), as JSON. */
    theNameLabelsCarry: async (text: string): Promise<string> => {
      await this.page.waitForFunction(
        ({ name, wanted }) => ((window as unknown as Record<string, MapTestHook | undefined>)[name]?.nameLabelText() ?? "").includes(wanted),
        { name: MAP_TEST_HOOK_NAME, wanted: text },
        { polling: "raf", timeout: 10_000 },
      );
      return this.hook((hook) => hook.nameLabelText() ?? "", null);
    },

    namesOnTheMap: async (level: "township" | "county", except?: string): Promise<string[]> => {
      const role = level === "township" ? "townshipLabel" : "countyLabel";
      await this.page
        .waitForFunction(
          ({ name, layer, skip }) => {
            const hook = (window as unknown as Record<string, MapTestHook | undefined>)[name];
            if (!hook || hook.isMoving()) return false;
            return hook.queryRenderedFeatures([hook.layerIds[layer]!]).some((feature) => feature.properties.name !== skip);
          },
          { name: MAP_TEST_HOOK_NAME, layer: role, skip: except ?? null },
          { polling: "raf", timeout: 10_000 },
        )
        .catch(() => null);
      const names = await this.hook((hook, layer) => hook.queryRenderedFeatures([hook.layerIds[layer]!]).map((feature) => String(feature.properties.name)), role);
      return [...new Set(names)].sort();
    },

    /** The chosen area's name on the map once placed (null if none appears within 10 s), and whether it is visible. */
    theSelectedAreaName: async (): Promise<{ name: string | null; visible: boolean }> => {
      const label = this.page.getByTestId("map:selected-name");
      const shown = await label.waitFor({ state: "visible", timeout: 10_000 }).then(() => true, () => false);
      return { name: await this.hook((hook) => hook.selectedAreaName(), null), visible: shown };
    },

    /** How much of the map's width and height the chosen area spans once the map rests. */
    theSelectedAreaShare: async (): Promise<{ width: number; height: number } | null> => {
      await this.page.waitForFunction((name) => (window as unknown as Record<string, MapTestHook | undefined>)[name]?.isMoving() === false, MAP_TEST_HOOK_NAME);
      await this.hook((hook) => hook.idle(), null);
      return this.hook((hook) => hook.selectedAreaShare(), null);
    },

    /** The visitor's position as the map draws it, and how many dot and accuracy-circle features are rendered. */
    theYouAreHere: async (): Promise<{ position: [number, number]; accuracyMetres: number; dots: number; circles: number } | null> => {
      await this.page.waitForFunction((name) => (window as unknown as Record<string, MapTestHook | undefined>)[name]?.youAreHere() != null, MAP_TEST_HOOK_NAME);
      await this.page.waitForFunction((name) => (window as unknown as Record<string, MapTestHook | undefined>)[name]?.isMoving() === false, MAP_TEST_HOOK_NAME);
      await this.hook((hook) => hook.idle(), null);
      return this.hook((hook) => {
        const drawn = hook.youAreHere();
        if (!drawn) return null;
        return {
          ...drawn,
          dots: hook.queryRenderedFeatures([hook.layerIds.youAreHereDot!]).length,
          circles: hook.queryRenderedFeatures([hook.layerIds.youAreHereAccuracy!]).length,
        };
      }, null);
    },

    /** The map's controls as a visitor meets them: their words, where they are, and the street-map choice or note. */
    theMapControls: async () => {
      const map = this.page.locator(".finder-map");
      const wholeCity = this.page.getByTestId("map:whole-city");
      const locate = this.page.getByTestId("locate:button");
      const choice = this.page.getByTestId("map:basemap-choice");
      const note = this.page.getByTestId("map:no-street-map");
      const askCentre = this.page.getByTestId("map:ask-centre");
      await this.page.locator('[data-testid="map:basemap-choice"], [data-testid="map:no-street-map"]').first().waitFor();
      return {
        wholeCity: {
          text: await wholeCity.innerText(),
          name: await wholeCity.getAttribute("aria-label"),
          box: await wholeCity.boundingBox(),
          // Whether its words fit inside the button (none cut off at its edges).
          wordsFit: await wholeCity.evaluate((button) => {
            const words = button.firstElementChild!.getBoundingClientRect();
            const box = button.getBoundingClientRect();
            return words.left >= box.left && words.right <= box.right && words.top >= box.top && words.bottom <= box.bottom;
          }),
        },
        locateButtons: await this.page.getByTestId("locate:button").count(),
        locateOnTheMap: (await map.getByTestId("locate:button").count()) === 1,
        locate: { name: await locate.getAttribute("aria-label"), box: await locate.boundingBox() },
        /** Words of the whole page: no "use my location" button may remain beside the search. */
        pageText: await this.page.locator("body").innerText(),
        streetMapChoice: (await choice.count()) > 0 ? await choice.innerText() : null,
        noStreetMapNote: (await note.count()) > 0 ? await note.innerText() : null,
        askCentre: { visibleWidth: (await askCentre.boundingBox())?.width ?? 0, text: await askCentre.textContent() },
        mapBox: await map.boundingBox(),
        viewport: this.page.viewportSize() ?? DESKTOP,
      };
    },

    /** Waits until the street map's layers are in the style and the map has drawn them (its tiles answered). */
    theStreetMapIsDrawn: async (): Promise<void> => {
      await this.page.waitForFunction(
        (name) => (window as unknown as Record<string, MapTestHook | undefined>)[name]?.styleLayerIds().includes("basemap-vector") === true,
        MAP_TEST_HOOK_NAME,
      );
      await this.hook((hook) => hook.idle(), null);
    },

    /** The ask-about-the-centre button once a keyboard user has reached it: its box and whether the cross shows. */
    theFocusedAskCentre: async (): Promise<{ width: number; text: string; crosshair: boolean }> => {
      const button = this.page.getByTestId("map:ask-centre");
      await button.focus();
      return {
        width: (await button.boundingBox())?.width ?? 0,
        text: await button.innerText(),
        crosshair: await this.page.locator(".map-crosshair").isVisible(),
      };
    },

    /** Every finished request so far, with its encoded size and end time. */
    responses: async (): Promise<RecordedResponse[]> =>
      (await Promise.all(this.responseList)).filter((response): response is RecordedResponse => response !== undefined),
  };

  async close(): Promise<void> {
    await this.context?.close();
    this.context = undefined;
    this.currentPage = undefined;
  }
}
