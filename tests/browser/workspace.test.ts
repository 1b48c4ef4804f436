/**
 * The bureau's workspace (/workspace) in a real Chromium, served by one real server on a fresh embedded database:
 * signing in through the form, who and which role the header shows, and the read-only workspace of a leader.
 * After every test: no console error, no failed request, and no request left the server's origin.
 */
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { useAtlasServerAndBrowser, type AtlasServer } from "./helpers/atlas-server.ts";
import { makeWorkspaceAccount, WorkspacePage } from "./helpers/workspace-driver.ts";

let server: AtlasServer;
let browser: Browser;

describe("the bureau's workspace", () => {
  useAtlasServerAndBrowser({}, async (started, launched) => {
    server = started!;
    browser = launched;
    await makeWorkspaceAccount(server, "工作台规划局", "bureau");
    await makeWorkspaceAccount(server, "工作台领导", "leader");
  });

  it("signs a bureau user in and lists the areas, with the townships in no area first", async () => {
    const workspace = await WorkspacePage.signIn(browser, server, "工作台规划局");
    const { page } = workspace;
    await expect(page.getByTestId("signed-in-user").textContent()).resolves.toBe("工作台规划局（规划局）");
    expect(await page.getByTestId("read-only").count()).toBe(0);
    await page.locator('[data-area-code="township-140502001"]').waitFor();
    await workspace.closeAndCheck();
  });

  it("refuses a wrong password in words and signs nobody in", async () => {
    const context = await browser.newContext({ locale: "zh-CN" });
    const page = await context.newPage();
    await page.goto(`${server.origin}/workspace`);
    await page.locator('input[name="name"]').fill("工作台规划局");
    await page.locator('input[name="password"]').fill("not the password at all");
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page.getByRole("alert").textContent()).resolves.toBe("用户名或密码不正确。");
    expect(await page.getByTestId("workspace").count()).toBe(0);
    await context.close();
  });

  it("shows a leader the same workspace, read-only", async () => {
    const workspace = await WorkspacePage.signIn(browser, server, "工作台领导");
    await expect(workspace.page.getByTestId("read-only").textContent()).resolves.toBe("只读");
    await expect(workspace.page.getByTestId("signed-in-user").textContent()).resolves.toBe("工作台领导（领导）");
    await workspace.closeAndCheck();
  });
});
