/**
 * Given/when/then driver of the API docs page (/api/docs, Swagger UI served by the project). It records console
 * errors (a Content-Security-Policy refusal is one), page errors, failed requests and every request, for
 * closeAndCheckPage.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { AtlasServer } from "./atlas-server.ts";
import type { CheckedPage } from "./page-checks.ts";

export class ApiDocsDriver implements CheckedPage {
  private context: BrowserContext | undefined;
  private currentPage: Page | undefined;
  private readonly problemList: string[] = [];
  private readonly requestUrls: string[] = [];
  private pagePolicy: string | null = null;

  constructor(
    private readonly browser: Browser,
    private readonly server: AtlasServer,
  ) {}

  private get page(): Page {
    if (!this.currentPage) throw new Error("open the page first (given.theDocsAreOpen)");
    return this.currentPage;
  }

  readonly given = {
    /** Opens /api/docs and waits until Swagger UI has drawn the document's title. */
    theDocsAreOpen: async (): Promise<void> => {
      this.context = await this.browser.newContext({ locale: "zh-CN", serviceWorkers: "block" });
      this.context.on("request", (request) => this.requestUrls.push(request.url()));
      this.context.on("requestfailed", (request) => this.problemList.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? "unknown"})`));
      const page = await this.context.newPage();
      page.on("console", (message) => {
        if (message.type() === "error") this.problemList.push(`console error: ${message.text()}`);
      });
      page.on("pageerror", (error) => this.problemList.push(`page error: ${error.message}`));
      this.currentPage = page;
      const response = await page.goto(`${this.server.origin}/api/docs`);
      this.pagePolicy = (await response?.headerValue("content-security-policy")) ?? null;
      await page.locator(".information-container .title").waitFor({ state: "visible" });
    },
  };

  readonly when = {
    /** Opens the operation `method path`, presses "Try it out" and "Execute", and waits for the answer shown. */
    iTryTheOperation: async (method: string, path: string): Promise<void> => {
      const operation = this.page.locator(`.opblock-${method.toLowerCase()}`).filter({
        has: this.page.locator(".opblock-summary-path", { hasText: new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`) }),
      });
      await operation.locator(".opblock-summary").first().click();
      await operation.locator(".try-out__btn").click();
      await operation.locator(".execute").click();
      await operation.locator(".live-responses-table tbody .response-col_status").first().waitFor({ state: "visible" });
    },
  };

  readonly then = {
    /** The title Swagger UI shows (the document's info.title, with its version beside it). */
    theTitle: async (): Promise<string> => (await this.page.locator(".information-container .title").innerText()).trim(),

    /** The Content-Security-Policy the page was served with; null when none. */
    thePolicy: (): string | null => this.pagePolicy,

    /** How many operations the page lists. */
    theOperationCount: async (): Promise<number> => this.page.locator(".opblock").count(),

    /** The status of the answer shown for the operation last tried. */
    theAnswerStatus: async (): Promise<string> => (await this.page.locator(".live-responses-table tbody .response-col_status").first().innerText()).trim(),

    problems: (): string[] => [...this.problemList],

    requestsToOtherOrigins: (): string[] =>
      this.requestUrls.filter((url) => !url.startsWith("data:") && !url.startsWith("blob:") && new URL(url).origin !== this.server.origin),

    requestCount: (): number => this.requestUrls.length,
  };

  async close(): Promise<void> {
    await this.context?.close();
  }
}
