/**
 * Split and merge in the workspace's area panel, in a real Chromium on a fresh embedded database with the Jincheng
 * reference township boundaries: a bureau user composes a belt of two townships, splits one of them off into a new
 * belt, then merges that one back; the area list shows the new belt, then it retired, and the panel both members again.
 */
import type { Browser, Locator, Page, Response } from "playwright-core";
import { describe, expect, it } from "vitest";
import { requireReferenceData } from "../helpers/reference-data.ts";
import { AreaPanelDriver } from "./helpers/area-panel-driver.ts";
import { useAtlasServerAndBrowser, type AtlasServer } from "./helpers/atlas-server.ts";
import { makeWorkspaceAccount, WorkspacePage } from "./helpers/workspace-driver.ts";

const referenceFolder = requireReferenceData("split and merge in the workspace with imported township boundaries");

const isAnswerTo = (method: string, path: RegExp) => (response: Response) =>
  response.request().method() === method && path.test(new URL(response.url()).pathname);

/** The split and merge steps of the area panel (client/src/pages/workspace/areas/split-merge.tsx). */
class SplitMergeDriver {
  constructor(private readonly page: Page) {}

  private section(name: "split" | "merge"): Locator {
    return this.page.getByTestId(`split-merge:${name}`);
  }

  readonly when = {
    /** Splits `members` off into a new area; waits for the answer and returns its status and the new area's id. */
    split: async (members: string[], code: string, name: string): Promise<{ status: number; createdId: number | undefined }> => {
      const form = this.section("split");
      await form.locator("summary").click();
      for (const member of members) await form.locator(`input[data-member-code="${member}"]`).check();
      await form.getByTestId("split-merge:code").fill(code);
      await form.getByTestId("split-merge:name").fill(name);
      const answer = this.page.waitForResponse(isAnswerTo("POST", /^\/api\/areas\/\d+\/split$/));
      await form.getByRole("button", { name: "拆分", exact: true }).click();
      const response = await answer;
      return { status: response.status(), createdId: response.ok() ? (await response.json()).created.id : undefined };
    },
    /** Merges the area with id `otherId` into the selected one, confirming; returns the answer's status. */
    merge: async (otherId: number): Promise<number> => {
      const form = this.section("merge");
      await form.locator("summary").click();
      const option = form.locator(`option[value="${otherId}"]`);
      await option.waitFor({ state: "attached" });
      await form.getByTestId("split-merge:other").selectOption(String(otherId));
      await form.getByRole("button", { name: "合并…" }).click();
      const answer = this.page.waitForResponse(isAnswerTo("POST", /^\/api\/areas\/\d+\/merge$/));
      await form.getByRole("button", { name: "确认合并" }).click();
      return (await answer).status();
    },
  };

  readonly then = {
    /** Waits for the area list to show `code`, retired or not. */
    listed: (code: string, retired: boolean) =>
      this.page.locator(`[data-area-code="${code}"]${retired ? ".area-retired" : ":not(.area-retired)"}`).waitFor(),
  };
}

let server: AtlasServer | undefined;
let browser: Browser;
/** Two township-level divisions with a boundary, for the belt. */
let townships: { code: string }[] = [];

describe.skipIf(!referenceFolder)("split and merge in the workspace", () => {
  useAtlasServerAndBrowser({ referenceData: true }, async (started, launched) => {
    [server, browser] = [started, launched];
    if (!server) return;
    await makeWorkspaceAccount(server, "拆分合并", "bureau");
    townships = await server.sql<{ code: string }[]>`
      select code from divisions where level = 'township' and geom is not null order by code limit 2`;
    expect(townships).toHaveLength(2);
  });

  it("splits a two-township area into two, then merges them back", async () => {
    const workspace = await WorkspacePage.signIn(browser, server!, "拆分合并");
    const panel = new AreaPanelDriver(workspace);
    const splitMerge = new SplitMergeDriver(workspace.page);
    const [first, second] = townships.map((township) => township.code) as [string, string];

    // A belt of two townships (belts may group townships that unit areas hold).
    await panel.when.startNewArea("browser-split-belt", "拆分测试带", "belt");
    await panel.when.addMember(first);
    await panel.when.addMember(second);
    expect(await panel.when.create("browser-split-belt")).toBe(201);
    const version = await panel.given.version();

    const { status, createdId } = await splitMerge.when.split([second], "browser-split-part", "拆分出的带");
    expect(status).toBe(201);
    await panel.then.version(version + 1);
    expect(await panel.then.members()).toEqual([first]);
    await panel.then.status("拆分出的带");
    await splitMerge.then.listed("browser-split-part", false);

    expect(await splitMerge.when.merge(createdId!)).toBe(200);
    await panel.then.version(version + 2);
    expect((await panel.then.members()).sort()).toEqual([first, second].sort());
    await panel.then.status("已并入");
    await splitMerge.then.listed("browser-split-part", true);
    await workspace.closeAndCheck();
  });
});
