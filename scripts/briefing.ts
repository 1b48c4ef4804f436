/**
 * npm run briefing -- --period 2022-12 [--county 140525] [--out briefing.pdf] [--url http://…] — prints the bureau's
 * monthly briefing (工作简报, the /briefing page) to an A4 PDF with Debian's Chromium. Without --url it starts the
 * server on the configured database as `npm start` would (the built client in CLIENT_DIR, default client/dist) and
 * stops it afterwards; with --url it uses a running server. It prints once the page says every answer has arrived
 * (data-ready). Exit status: 0 written, 1 failed, 2 usage (bad period, unknown county, unwritable output) or
 * configuration.
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { FIRST_PERIOD, isCountyCode, monthOf, parseBriefingPeriod, type BriefingPeriod } from "../client/src/pages/briefing/briefing-period.ts";
import { jinchengToday } from "../client/src/lib/calendar-dates.ts";
import { buildApp } from "../server/src/app.ts";
import { loadCommandConfig, parseCommandLine } from "./command-config.ts";
import { launchChromium } from "./headless-chromium.ts";

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;
/** A safeguard only: the page normally says it is ready within seconds; past this something is wrong. */
const READY_TIMEOUT_MS = 180_000;

const USAGE = `Usage: npm run briefing -- --period YYYY-MM [--county <code>] [--out <file.pdf>] [--url <server>]

Prints the briefing (工作简报) of one month to an A4 PDF: coverage at the month's end (map, counties, belts), the
unit-planner appointments made and ended, work records by kind and the handling of public opinions.

  --period YYYY-MM   the month, from ${FIRST_PERIOD} (the plan's start) to this month
  --county <code>    narrow it to one county (six digits, e.g. 140525 泽州县)
  --out <file>       the PDF to write (default briefing-<period>[-<county>].pdf)
  --url <server>     a running Planner Atlas (http://127.0.0.1:8080); without it the server is started on the
                     configured database as npm start would (stop a server on the embedded database first)

Exit status: 0 written, 1 failed, 2 usage or configuration error.`;

class UsageError extends Error {}

/** The output path, refused before anything starts when it cannot be written. */
function writableOutput(file: string): string {
  const resolved = path.resolve(file);
  const directory = path.dirname(resolved);
  if (!fs.existsSync(directory)) throw new UsageError(`cannot write ${file}: the folder ${directory} does not exist`);
  if (fs.existsSync(resolved) && fs.statSync(resolved).isDirectory()) throw new UsageError(`cannot write ${file}: it is a folder`);
  try {
    fs.accessSync(fs.existsSync(resolved) ? resolved : directory, fs.constants.W_OK);
  } catch {
    throw new UsageError(`cannot write ${file}: permission denied`);
  }
  return resolved;
}

function serverUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--url must be an http:// or https:// address (got ${JSON.stringify(value)})`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`--url must be an http:// or https:// address (got ${value})`);
  return url.origin;
}

/** The server's counties on the period's last day; refuses a county it does not list. Also proves the server answers. */
async function checkCounty(origin: string, period: BriefingPeriod, county: string | undefined): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`${origin}/api/coverage?date=${period.to}`);
  } catch (error) {
    throw new Error(`could not reach ${origin}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) throw new Error(`${origin}/api/coverage answered ${response.status}`);
  const report = (await response.json()) as { counties: { code: string; name: string }[] };
  if (county !== undefined && !report.counties.some((entry) => entry.code === county)) {
    const known = report.counties.map((entry) => `${entry.code} ${entry.name}`).join(", ");
    throw new UsageError(`unknown county ${county}; the counties are: ${known}`);
  }
}

/** True when the built client in `clientDir` has the briefing's chunk (a build older than the page has not). */
function clientHasBriefing(clientDir: string | undefined): boolean {
  if (!clientDir) return false;
  const assets = path.join(clientDir, "assets");
  return fs.existsSync(path.join(clientDir, "index.html")) && fs.existsSync(assets) && fs.readdirSync(assets).some((name) => name.startsWith("briefing-page"));
}

async function printBriefing(origin: string, period: BriefingPeriod, county: string | undefined, out: string): Promise<void> {
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const context = await browser.newContext({ locale: "zh-CN", serviceWorkers: "block" });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") pageErrors.push(message.text());
    });
    const query = new URLSearchParams({ period: period.period, ...(county ? { county } : {}) });
    await page.goto(`${origin}/briefing?${query}`);
    const briefing = page.getByTestId("briefing");
    await page.waitForSelector('[data-testid="briefing"][data-ready]', { timeout: READY_TIMEOUT_MS }).catch((error: unknown) => {
      throw new Error(`the page did not get ready${pageErrors.length ? ` (${pageErrors.join("; ")})` : ""}: ${(error as Error).message}`);
    });
    if ((await briefing.getAttribute("data-ready")) !== "true") {
      throw new Error(`the page could not make the briefing: ${await page.getByTestId("briefing:error").textContent()}`);
    }
    // The fonts the page uses must be loaded before printing (a string: the scripts are type-checked without the DOM).
    await page.evaluate("document.fonts.ready.then(() => undefined)");
    const pdf = await page.pdf({
      format: "A4",
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: "<span></span>",
      footerTemplate: '<div style="width:100%;font-size:8pt;text-align:center;color:#51615a"><span class="pageNumber"></span> / <span class="totalPages"></span></div>',
    });
    fs.writeFileSync(out, pdf);
    console.log(`${path.relative(process.cwd(), out) || out}: briefing ${period.period}${county ? ` county ${county}` : ""}, ${(pdf.length / 1024).toFixed(0)} KB`);
  } finally {
    await browser?.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const parsed = parseCommandLine(
    "briefing",
    {
      args: argv,
      options: {
        period: { type: "string" },
        county: { type: "string" },
        out: { type: "string" },
        url: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    },
    USAGE,
  );
  if (typeof parsed === "number") return parsed;
  const { period: periodText, county, url } = parsed.values;
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  try {
    if (periodText === undefined) throw new UsageError("give the month with --period YYYY-MM");
    const period = parseBriefingPeriod(periodText, monthOf(jinchengToday()));
    if (!period.ok) throw new UsageError(period.reason);
    if (county !== undefined && !isCountyCode(county)) throw new UsageError(`unknown county ${county}: a county code has six digits (e.g. 140525)`);
    const out = writableOutput(parsed.values.out ?? `briefing-${period.value.period}${county ? `-${county}` : ""}.pdf`);

    let origin: string;
    if (url !== undefined) {
      origin = serverUrl(url);
    } else {
      const config = loadCommandConfig("briefing", { announce: true });
      if (!config) return EXIT_USAGE;
      if (!clientHasBriefing(config.clientDir)) {
        throw new UsageError(`the web client in ${config.clientDir ?? "(CLIENT_DIR is empty)"} has no briefing page: run npm run build:client first`);
      }
      const quiet = ["fatal", "error", "silent"].includes(config.logLevel) ? config.logLevel : "warn";
      app = await buildApp({ ...config, logLevel: quiet });
      origin = await app.listen({ host: "127.0.0.1", port: 0 });
    }
    await checkCounty(origin, period.value, county);
    await printBriefing(origin, period.value, county, out);
    return EXIT_OK;
  } catch (error) {
    console.error(`briefing: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof UsageError) {
      console.error("(npm run briefing -- --help for the usage)");
      return EXIT_USAGE;
    }
    return EXIT_FAILED;
  } finally {
    await app?.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
