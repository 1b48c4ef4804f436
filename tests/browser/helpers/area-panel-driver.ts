/**
 * Steps of the workspace's area panel (client/src/pages/workspace/areas/) for the browser tests: select an area, edit
 * its form and members, create one, retire it, meet the conflict dialog, undo from the history. Each step waits for
 * what it causes (the server's answer, the panel's new version), never for a time.
 */
import type { Locator, Page, Response } from "playwright-core";
import { MAP_TEST_HOOK_NAME, type OverlayTestHook } from "../../../client/src/map/map-test-hook.ts";
import type { WorkspacePage } from "./workspace-driver.ts";

const isAnswerTo = (method: string, path: RegExp) => (response: Response) =>
  response.request().method() === method && path.test(new URL(response.url()).pathname);

export class AreaPanelDriver {
  readonly page: Page;

  constructor(workspace: WorkspacePage) {
    this.page = workspace.page;
  }

  private get panel(): Locator {
    return this.page.getByTestId("area-panel");
  }

  /** Clicks the area in the list and waits for its panel. */
  async selectArea(code: string): Promise<void> {
    await this.page.locator(`[data-area-code="${code}"]`).click();
    await this.panel.getByTestId("area:code").filter({ hasText: code }).waitFor();
  }

  readonly given = {
    /** The panel's version once the area is read (data-version). */
    version: async () => Number(await this.panel.getAttribute("data-version")),
  };

  readonly when = {
    rename: (name: string) => this.panel.locator('input[name="name"]').fill(name),
    describe: (text: string) => this.panel.locator('textarea[name="description"]').fill(text),
    removeMember: (name: string) => this.page.getByRole("button", { name: `移除 ${name}` }).click(),
    addMember: async (code: string) => {
      await this.page.getByTestId("area:member-picker").selectOption(code);
      await this.page.getByTestId("area:member-add").click();
    },
    /** Saves and waits for the PATCH's answer; returns its status. */
    save: async (): Promise<number> => {
      const answer = this.page.waitForResponse(isAnswerTo("PATCH", /^\/api\/areas\/\d+$/));
      await this.panel.getByTestId("area:save").click();
      return (await answer).status();
    },
    startNewArea: async (code: string, name: string, kind: string) => {
      await this.page.getByTestId("area:new").click();
      const form = this.page.getByTestId("new-area");
      await form.locator('input[name="code"]').fill(code);
      await form.locator('input[name="name"]').fill(name);
      await form.locator('select[name="kind"]').selectOption(kind);
    },
    /** Creates the new area and waits for the POST's answer and the new area's panel. */
    create: async (code: string): Promise<number> => {
      const answer = this.page.waitForResponse(isAnswerTo("POST", /^\/api\/areas$/));
      await this.page.getByTestId("area:create").click();
      const status = (await answer).status();
      if (status === 201) await this.panel.getByTestId("area:code").filter({ hasText: code }).waitFor();
      return status;
    },
    retire: async (on: string, reason: string): Promise<number> => {
      const form = this.panel.getByTestId("area:retire");
      await form.locator("summary").click();
      await form.locator('input[type="date"]').fill(on);
      await form.locator("textarea").fill(reason);
      const answer = this.page.waitForResponse(isAnswerTo("POST", /^\/api\/areas\/\d+\/retire$/));
      await form.getByRole("button", { name: "确认撤销" }).click();
      const status = (await answer).status();
      if (status === 200) await this.panel.getByTestId("area:retired").waitFor();
      return status;
    },
    /** Clicks lock (or unlock) and waits for the PATCH's answer. */
    toggleLock: async (): Promise<number> => {
      const answer = this.page.waitForResponse(isAnswerTo("PATCH", /^\/api\/areas\/\d+$/));
      await this.panel.getByTestId("area:lock").click();
      return (await answer).status();
    },
    applyMine: async (): Promise<number> => {
      const answer = this.page.waitForResponse(isAnswerTo("PATCH", /^\/api\/areas\/\d+$/));
      await this.page.getByTestId("conflict:apply-mine").click();
      return (await answer).status();
    },
    /** Clicks "undo last change" and waits for the answer. */
    undo: async (): Promise<number> => {
      const answer = this.page.waitForResponse(isAnswerTo("POST", /^\/api\/audit\/areas\/\d+\/undo$/));
      await this.panel.getByTestId("history:undo").click();
      return (await answer).status();
    },
    /** Ctrl+Z outside any text field, and waits for the undo's answer. */
    undoWithKeyboard: async (): Promise<number> => {
      const answer = this.page.waitForResponse(isAnswerTo("POST", /^\/api\/audit\/areas\/\d+\/undo$/));
      await this.panel.getByTestId("area:name").click();
      await this.page.keyboard.press("Control+z");
      return (await answer).status();
    },
  };

  readonly then = {
    name: () => this.panel.getByTestId("area:name").textContent(),
    /** Waits until the panel shows `version` (the record read after a write). */
    version: (version: number) => this.page.locator(`[data-testid="area-panel"][data-version="${version}"]`).waitFor(),
    members: () => this.page.getByTestId("area:members").locator("[data-member-code]").evaluateAll((items) => items.map((item) => item.getAttribute("data-member-code"))),
    membersHeading: () => this.page.getByTestId("area:members").locator("h4").textContent(),
    facts: async () => ({
      geometry: await this.panel.getByTestId("area:geometry").textContent(),
      area: await this.panel.getByTestId("area:area").textContent(),
    }),
    /** Waits for the judge's verdict on the draft as it is, and returns its problems and rows. */
    verdict: async () => {
      const panel = this.page.locator('[data-testid="verdict-panel"][aria-busy="false"]');
      const failure = this.page.locator('.area-shape [role="alert"]');
      await panel.or(failure).waitFor();
      if (await failure.count()) throw new Error(`the verdict could not be asked for: ${await failure.textContent()}`);
      return { problems: await panel.getAttribute("data-problems"), rows: await panel.locator("li").allTextContents() };
    },
    /** Waits for a verdict row of `problem` and returns its text. */
    verdictProblem: async (problem: string) => {
      const row = this.page.getByTestId("verdict-panel").locator(`li[data-problem="${problem}"]`).first();
      await row.waitFor();
      return row.textContent();
    },
    conflict: async () => {
      const dialog = this.page.getByTestId("conflict-dialog");
      await dialog.waitFor();
      await dialog.getByTestId("conflict:who").filter({ hasNotText: "正在读取" }).waitFor();
      return {
        who: await dialog.getByTestId("conflict:who").textContent(),
        current: await dialog.getByTestId("conflict:current").textContent(),
        mine: await dialog.getByTestId("conflict:mine").textContent(),
      };
    },
    /** Waits until the map's dashed overlay holds `count` features (through the map's test hook). */
    overlayFeatures: (count: number) =>
      this.page.waitForFunction(
        ([name, expected]) => (window as unknown as Record<string, OverlayTestHook | undefined>)[name]?.overlayFeatureCount() === expected,
        [MAP_TEST_HOOK_NAME, count] as const,
      ),
    conflictClosed: () => this.page.getByTestId("conflict-dialog").waitFor({ state: "detached" }),
    /** Waits for the history's newest change to read `text` and returns every line. */
    latestChange: async (text: string) => {
      await this.panel.getByTestId("history:what").first().filter({ hasText: text }).waitFor();
      return this.panel.getByTestId("history:what").allTextContents();
    },
    status: (text: string) => this.page.getByTestId("workspace-status").filter({ hasText: text }).textContent(),
    /** The panel's controls a role may or may not be offered, by test id, counted. */
    controls: async () => {
      const count = (testId: string) => this.page.getByTestId(testId).count();
      return {
        form: await count("area:form"),
        save: await count("area:save"),
        lock: await count("area:lock"),
        retire: await count("area:retire"),
        undo: await count("history:undo"),
        newArea: await count("area:new"),
        picker: await count("area:member-picker"),
      };
    },
    lockButton: () => this.panel.getByTestId("area:lock").textContent(),
    history: () => this.panel.getByTestId("history:what").first().waitFor(),
  };
}
