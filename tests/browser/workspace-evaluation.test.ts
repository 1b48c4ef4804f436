/**
 * The yearly evaluation in the workspace, in a real Chromium on the Jincheng reference data: the bureau opens the
 * current year's round, records a fail for a demo unit planner from today, and the unit is vacant from that day in
 * GET /api/coverage/units (covered the day before) and in the area list; a pass on another unit appointment offers
 * the renewal, which raises its contract years. A leader sees the round without any form. The bureau closes the
 * round after confirming, and it then reads as closed, without a control to rate or record.
 */
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { UnitCoverageList } from "../../server/src/contracts/coverage.ts";
import { requireReferenceData } from "../helpers/reference-data.ts";
import { useAtlasServerAndBrowser, type AtlasServer } from "./helpers/atlas-server.ts";
import { makeWorkspaceAccount, WorkspacePage } from "./helpers/workspace-driver.ts";

const referenceFolder = requireReferenceData("the yearly evaluation in the workspace");

const BUREAU = "考核测试规划局";
const LEADER = "考核测试领导";
const REASON = "年度考核不合格：全年未开展现场走访";

/** A demo unit appointment in force today on a one-township unit area. */
interface HeldUnit {
  appointmentId: number;
  plannerName: string;
  areaCode: string;
  townshipCode: string;
  contractYears: number;
}

let server: AtlasServer | undefined;
let browser: Browser;
let failing: HeldUnit;
let passing: HeldUnit;
let today: string;

async function heldUnits(sql: AtlasServer["sql"]): Promise<HeldUnit[]> {
  return sql<HeldUnit[]>`
    select ap.id as appointment_id, p.name as planner_name, a.code as area_code, d.code as township_code,
      ap.contract_years::int as contract_years
    from appointments ap
    join planners p on p.id = ap.planner_id
    join areas a on a.id = ap.area_id
    join area_divisions ad on ad.area_id = a.id
    join divisions d on d.code = ad.division_code
    where ap.role = 'unit' and ap.status = 'active' and api.in_force(ap.valid_from, ap.valid_to, api.today())
      and ap.valid_from < api.today() and ap.contract_years < 9
      and a.kind in ('township', 'subdistrict') and api.area_in_force(a.retired_on, api.today())
      and (select count(*) from area_divisions other where other.area_id = a.id) = 1
    order by a.code
    limit 2`;
}

/** The evaluation tab: the selectors live here; each step waits for what it causes. */
class EvaluationDriver {
  constructor(readonly page: Page) {}

  item(appointmentId: number) {
    return this.page.locator(`[data-testid="evaluation:item"][data-appointment-id="${appointmentId}"]`);
  }

  async openTheTab(): Promise<void> {
    await this.page.locator('[role="tab"][data-tab="evaluation"]').click();
    await this.page.getByTestId("evaluation-panel").waitFor();
  }

  async openTheRound(): Promise<void> {
    await this.page.getByTestId("evaluation:open").click();
    await this.page.locator('[data-testid="evaluation:round"][data-status="open"]').waitFor();
  }

  async recordFail(appointmentId: number, reason: string, from: string): Promise<void> {
    const item = this.item(appointmentId);
    await item.getByTestId("evaluation:verdict").selectOption("fail");
    await item.getByTestId("evaluation:reason").fill(reason);
    await item.getByTestId("evaluation:effective-from").fill(from);
    await item.getByTestId("evaluation:record").click();
    await this.page.locator(`[data-testid="evaluation:item"][data-appointment-id="${appointmentId}"][data-status="dismissed"]`).waitFor();
  }

  /** Closes the round through its confirmation and waits for it to read as closed. */
  async closeTheRound(): Promise<void> {
    await this.page.getByTestId("evaluation:close").click();
    await this.page.getByTestId("evaluation:close-confirm").click();
    await this.page.locator('[data-testid="evaluation:round"][data-status="closed"]').waitFor();
  }

  /** The controls in the panel that would change the round: forms, fields and its buttons but the year's select. */
  async writeControls(): Promise<number> {
    return this.page.getByTestId("evaluation-panel").locator("form, input, textarea, button").count();
  }

  async recordPassAndRenew(appointmentId: number, years: number): Promise<void> {
    const item = this.item(appointmentId);
    await item.getByTestId("evaluation:verdict").selectOption("pass");
    await item.getByTestId("evaluation:record").click();
    await item.locator('[data-testid="evaluation:result"][data-result="pass"]').waitFor();
    await item.getByTestId("evaluation:renew").click();
    await item.locator(`[data-testid="evaluation:contract-years"][data-years="${years}"]`).waitFor();
  }
}

/** Closes the page and expects no problem but the round's 404 before it is opened (how the page learns there is none). */
async function closeExpectingOnlyTheUnopenedRound(workspace: WorkspacePage): Promise<void> {
  const problems = workspace.then.problems().filter((problem) => !/status of 404/.test(problem));
  const others = workspace.then.requestsToOtherOrigins();
  await workspace.close();
  expect(problems).toEqual([]);
  expect(others).toEqual([]);
}

useAtlasServerAndBrowser({ referenceData: true }, async (started, launched) => {
  [server, browser] = [started, launched];
  if (!server) return;
  const units = await heldUnits(server.sql);
  if (units.length < 2) throw new Error("the demo data has fewer than two unit appointments on one-township areas today");
  [failing, passing] = units as [HeldUnit, HeldUnit];
  today = (await server.sql<{ today: string }[]>`select api.today()::text as today`)[0]!.today;
  await makeWorkspaceAccount(server, BUREAU, "bureau");
  await makeWorkspaceAccount(server, LEADER, "leader");
});

describe.runIf(referenceFolder)("the yearly evaluation in the workspace", () => {
  it("opens the round; a fail makes the unit vacant from its date, and a pass renews the appointment", async () => {
    const workspace = await WorkspacePage.signIn(browser, server!, BUREAU);
    const evaluation = new EvaluationDriver(workspace.page);
    await evaluation.openTheTab();
    await evaluation.openTheRound();
    await evaluation.item(failing.appointmentId).waitFor();

    await evaluation.recordFail(failing.appointmentId, REASON, today);
    await expect(evaluation.item(failing.appointmentId).getByTestId("evaluation:result").innerText()).resolves.toContain(`自 ${today} 起解聘`);
    const unitOn = async (date: string) =>
      (await server!.getJson<UnitCoverageList>(`/api/coverage/units?date=${date}`)).units.find((unit) => unit.code === failing.townshipCode)?.status;
    const [yesterday] = (await server!.sql<{ day: string }[]>`select (api.today() - 1)::text as day`).map((row) => row.day);
    await expect(unitOn(today)).resolves.toBe("vacant");
    await expect(unitOn(yesterday!)).resolves.toBe("covered");
    const listed = workspace.page.locator(`[data-testid="area-items"] button[data-area-code="${failing.areaCode}"] .area-holders`);
    await workspace.page.waitForFunction((element) => element?.textContent === "空缺", await listed.elementHandle());

    await evaluation.recordPassAndRenew(passing.appointmentId, passing.contractYears + 1);
    const [stored] = await server!.sql<{ contractYears: number }[]>`select contract_years from appointments where id = ${passing.appointmentId}`;
    expect(stored!.contractYears).toBe(passing.contractYears + 1);
    await closeExpectingOnlyTheUnopenedRound(workspace);
  });

  it("shows a leader the round and its results without any form", async () => {
    const workspace = await WorkspacePage.signIn(browser, server!, LEADER);
    const evaluation = new EvaluationDriver(workspace.page);
    await evaluation.openTheTab();
    const item = evaluation.item(failing.appointmentId);
    await item.locator('[data-testid="evaluation:result"][data-result="fail"]').waitFor();
    expect(await workspace.page.getByTestId("evaluation-panel").locator("form, input, textarea, [data-testid='evaluation:open']").count()).toBe(0);
    expect(await workspace.page.getByTestId("evaluation:close").count(), "only the bureau closes a round").toBe(0);
    await workspace.closeAndCheck();
  });

  it("closes the round after a confirmation, and then shows it closed and read-only", async () => {
    const workspace = await WorkspacePage.signIn(browser, server!, BUREAU);
    const evaluation = new EvaluationDriver(workspace.page);
    await evaluation.openTheTab();
    await evaluation.item(passing.appointmentId).waitFor();
    expect(await evaluation.item(passing.appointmentId).locator("form").count(), "an open round takes ratings").toBeGreaterThan(0);

    await evaluation.closeTheRound();
    await workspace.page.getByTestId("evaluation:closed").waitFor();
    await evaluation.item(passing.appointmentId).waitFor();
    expect(await evaluation.writeControls()).toBe(0);
    const [stored] = await server!.sql<{ status: string }[]>`
      select status from evaluation_rounds where year = ${Number(today.slice(0, 4))}`;
    expect(stored!.status).toBe("closed");
    await workspace.closeAndCheck();
  });
});
