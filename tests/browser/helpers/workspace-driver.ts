/**
 * The core of the workspace's browser tests: accounts made through the server's own repo and hashing, a signed-in
 * page of /workspace (through the sign-in form), and the checks every page gets when it closes (no console, page or
 * request errors, no request to another origin). Each flow's steps live in its own test file.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { createAccount } from "../../../server/src/auth/accounts.repo.ts";
import { hashPassword } from "../../../server/src/auth/passwords.ts";
import type { Role } from "../../../server/src/contracts/session.ts";
import { TEST_HOOKS_FLAG } from "../../../client/src/map/map-test-hook.ts";
import type { AtlasServer } from "./atlas-server.ts";
import { closeAndCheckPage, type CheckedPage } from "./page-checks.ts";

/** Made at run time: no password is written in the repository. */
const TEST_PASSWORD = `ws-${Math.random().toString(36).slice(2)}-${Date.now()}`;

/** A new account of `role` on the test server (a planner account belongs to `planner`, by default the first planner). */
export async function makeWorkspaceAccount(server: AtlasServer, name: string, role: Role, planner?: number): Promise<void> {
  const plannerId = role !== "planner" ? null : (planner ?? (await server.sql<{ id: number }[]>`select id from planners order by id limit 1`)[0]!.id);
  await createAccount(server.sql, { name, role, displayName: name, passwordHash: await hashPassword(TEST_PASSWORD), plannerId }, "test");
}

/** One browser context signed in to the workspace, with what the page checks read. */
export class WorkspacePage implements CheckedPage {
  private readonly problems: string[] = [];
  private readonly urls: string[] = [];

  private constructor(
    private readonly context: BrowserContext,
    readonly page: Page,
    private readonly origin: string,
  ) {}

  /** Opens /workspace in a new context and signs in through the form as `name`; waits for the workspace to show. */
  static async signIn(browser: Browser, server: AtlasServer, name: string): Promise<WorkspacePage> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: "zh-CN", serviceWorkers: "block" });
    await context.addInitScript((flag) => {
      (window as unknown as Record<string, unknown>)[flag] = true;
    }, TEST_HOOKS_FLAG);
    const page = await context.newPage();
    const driver = new WorkspacePage(context, page, server.origin);
    context.on("request", (request) => driver.urls.push(request.url()));
    context.on("requestfailed", (request) => {
      const failure = request.failure()?.errorText ?? "unknown";
      if (failure !== "net::ERR_ABORTED") driver.problems.push(`request failed: ${request.url()} (${failure})`);
    });
    page.on("console", (message) => {
      // A refused write (409, 412, 422) is logged by Chromium as a failed resource: it is the flow under test.
      if (message.type() === "error" && !/status of (409|412|422)/.test(message.text())) driver.problems.push(`console error: ${message.text()}`);
    });
    page.on("pageerror", (error) => driver.problems.push(`page error: ${error.message}`));
    await page.goto(`${server.origin}/workspace`);
    await page.getByTestId("sign-in-form").waitFor();
    await page.locator('input[name="name"]').fill(name);
    await page.locator('input[name="password"]').fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await page.getByTestId("workspace").waitFor();
    return driver;
  }

  readonly then = {
    problems: () => [...this.problems],
    requestsToOtherOrigins: () => this.urls.filter((url) => !url.startsWith(this.origin) && !url.startsWith("data:") && !url.startsWith("blob:")),
    requestCount: () => this.urls.length,
  };

  async close(): Promise<void> {
    await this.context.close();
  }

  /** Closes the page and expects no problem on it. */
  async closeAndCheck(): Promise<void> {
    await closeAndCheckPage(this);
  }
}
