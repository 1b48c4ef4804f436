/**
 * Planners and appointments in the bureau's workspace, in a real Chromium on the Jincheng reference data (township
 * boundaries imported, so that the public page answers at township level): a bureau user creates a planner with a
 * published phone and an unpublished e-mail, appoints them to a unit area with no holder, and the public page shows
 * the planner and the phone at a point inside that township but never the e-mail; a reassignment in the timeline ends
 * one bar and starts the next; a renewal adds a contract year; an overlapping appointment is refused with the holder
 * named and outlined; an editor who saves after another user sees who changed what (412) and applies their own
 * change on top; a leader sees the timeline without actions. The tests run in order on one server, each going on
 * from the post the one before left.
 * After every page: no console or request errors.
 */
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { LookupResult } from "../../server/src/contracts/lookup.ts";
import { dateOfDay, dayNumber, jinchengToday } from "../../client/src/lib/calendar-dates.ts";
import { requireReferenceData } from "../helpers/reference-data.ts";
import { useAtlasServerAndBrowser, type AtlasServer } from "./helpers/atlas-server.ts";
import { FinderDriver, type LonLat } from "./helpers/finder-driver.ts";
import { PlannersDriver } from "./helpers/planners-driver.ts";
import { closeAndCheckPage } from "./helpers/page-checks.ts";
import { makeWorkspaceAccount, WorkspacePage } from "./helpers/workspace-driver.ts";

const referenceFolder = requireReferenceData("planners and appointments in the workspace, seen on the public page");

const BUREAU = "聘任测试规划局";
const OTHER_BUREAU = "聘任测试规划局二";
const LEADER = "聘任测试领导";
const PLANNER = "聘任测试规划师甲";
const NEXT_PLANNER = "聘任测试规划师乙";
const THIRD_PLANNER = "聘任测试规划师丙";
const PHONE = "0356-555-7301";
const EMAIL = "jia-private@example.invalid";

/** A unit area of one township with a boundary, holding no active appointment: where the test appoints. */
interface VacantUnit {
  areaId: number;
  areaCode: string;
  townshipCode: string;
  townshipName: string;
  inside: LonLat;
}

let server: AtlasServer | undefined;
let browser: Browser;
let unit: VacantUnit;
const today = jinchengToday();
const reassignOn = dateOfDay(dayNumber(today) + 30);

async function findVacantUnit(sql: AtlasServer["sql"]): Promise<VacantUnit> {
  const [row] = await sql<(Omit<VacantUnit, "inside"> & { lon: number; lat: number })[]>`
    select a.id as area_id, a.code as area_code, d.code as township_code, d.name as township_name,
      ST_X(ST_PointOnSurface(d.geom)) as lon, ST_Y(ST_PointOnSurface(d.geom)) as lat
    from areas a join area_divisions ad on ad.area_id = a.id join divisions d on d.code = ad.division_code
    where a.kind in ('subdistrict', 'township') and a.retired_on is null and d.geom is not null
      and (select count(*) from area_divisions other where other.area_id = a.id) = 1
      and not exists (select 1 from appointments p where p.area_id = a.id and p.status = 'active')
    order by exists (select 1 from appointments p where p.area_id = a.id) desc, a.code
    limit 1`;
  if (!row) throw new Error("no unit area of one township with a boundary and no holder");
  return { ...row, inside: { lon: row.lon, lat: row.lat } };
}

useAtlasServerAndBrowser({ referenceData: true }, async (started, launched) => {
  [server, browser] = [started, launched];
  if (!server) return;
  await makeWorkspaceAccount(server, BUREAU, "bureau");
  await makeWorkspaceAccount(server, OTHER_BUREAU, "bureau");
  await makeWorkspaceAccount(server, LEADER, "leader");
  unit = await findVacantUnit(server.sql);
});

describe.runIf(referenceFolder)("planners and appointments in the workspace", () => {
  it("creates a planner, appoints them to a vacant unit, and the public page shows them there with the published phone only", async () => {
    const before = await server!.getJson<LookupResult>(`/api/lookup?lon=${unit.inside.lon}&lat=${unit.inside.lat}`);
    expect(before.township).toMatchObject({ code: unit.townshipCode, unit: { status: "vacant" } });

    const workspace = await WorkspacePage.signIn(browser, server!, BUREAU);
    const planners = new PlannersDriver(workspace.page);
    await planners.when.iOpenThePlannersTab();
    await planners.when.iCreateAPlanner(PLANNER, [
      { key: "phone", value: PHONE, publish: true },
      { key: "email", value: EMAIL, publish: false },
    ]);
    await expect(workspace.page.getByTestId("contacts-editor:note").innerText()).resolves.toContain("只有勾选“公开”的联系方式会在公众页面上显示");

    await planners.when.iOpenTheArea(unit.areaCode);
    await planners.when.iClickTheVacantUnitPostFromToday();
    await planners.when.iChooseThePlanner(PLANNER);
    await planners.when.iSubmitTheForm();
    await planners.then.theStatusSays(`已任命 ${PLANNER}`);
    await expect(planners.then.theBar(PLANNER)).resolves.toMatchObject({ validFrom: today, validTo: "", status: "active" });
    await workspace.closeAndCheck();

    const finder = new FinderDriver(browser, server!);
    await finder.given.thePageIsOpen();
    await finder.when.iTapTheMapAt(unit.inside, 11);
    const answer = await finder.then.theAnswerAbout(unit.townshipName);
    expect(answer.unitStatus).toBe("covered");
    expect(answer.unitPlanner).toBe(PLANNER);
    expect(answer.unitText).toContain(PHONE);
    expect(answer.text).not.toContain(EMAIL);
    await closeAndCheckPage(finder);
  });

  it("reassigns the post in the timeline: one bar ends the day the next one starts; a renewal adds a contract year", async () => {
    const workspace = await WorkspacePage.signIn(browser, server!, BUREAU);
    const planners = new PlannersDriver(workspace.page);
    await planners.when.iOpenThePlannersTab();
    await planners.when.iCreateAPlanner(NEXT_PLANNER, []);
    await planners.when.iOpenTheArea(unit.areaCode);

    await planners.when.iSelectTheBar(PLANNER);
    await planners.when.iChooseTheAction("reassign");
    await planners.when.iChooseThePlanner(NEXT_PLANNER);
    await planners.when.iFillTheDate("valid-from", reassignOn);
    await planners.when.iGiveTheReason("工作调动");
    await planners.when.iSubmitTheForm();
    await planners.then.theStatusSays(`${NEXT_PLANNER} 自当天起任职`);

    const next = await planners.then.theBar(NEXT_PLANNER);
    expect(next).toMatchObject({ validFrom: reassignOn, validTo: "", status: "active" });
    await expect(planners.then.theBar(PLANNER)).resolves.toMatchObject({ validFrom: today, validTo: reassignOn, status: "ended" });

    await planners.when.iSelectTheBar(NEXT_PLANNER);
    await planners.when.iChooseTheAction("renew");
    await planners.when.iSubmitTheForm();
    await planners.then.theStatusSays(`已为 ${NEXT_PLANNER} 续聘，合同共 2 年。`);
    const [stored] = await server!.sql<{ contractYears: number }[]>`select contract_years from appointments where id = ${next.id}`;
    expect(stored!.contractYears).toBe(2);
    await workspace.closeAndCheck();
  });

  it("refuses an overlapping appointment in words, naming the holder and outlining their bar", async () => {
    const workspace = await WorkspacePage.signIn(browser, server!, BUREAU);
    const planners = new PlannersDriver(workspace.page);
    await planners.when.iOpenThePlannersTab();
    await planners.when.iCreateAPlanner(THIRD_PLANNER, []);
    await planners.when.iOpenTheArea(unit.areaCode);

    // From the vacancy before the first holder, open-ended: it runs into the current holder's term.
    await planners.when.iClickTheVacantUnitPostUntil(today);
    await planners.when.iChooseThePlanner(THIRD_PLANNER);
    await planners.when.iFillTheDate("valid-to", "");
    await planners.when.iSubmitTheForm();

    const alert = await planners.then.theOverlapAlert();
    expect(alert).toContain(`已有人任职：${NEXT_PLANNER}（${reassignOn} 起）`);
    await expect(planners.then.theBar(NEXT_PLANNER)).resolves.toMatchObject({ conflict: "true" });
    await expect(planners.bar(THIRD_PLANNER).count()).resolves.toBe(0);
    await workspace.closeAndCheck();
  });

  it("tells an editor who changed a planner since it was read, and applies their change on top of it", async () => {
    const first = await WorkspacePage.signIn(browser, server!, BUREAU);
    const second = await WorkspacePage.signIn(browser, server!, OTHER_BUREAU);
    const mine = new PlannersDriver(first.page);
    const theirs = new PlannersDriver(second.page);
    for (const editor of [mine, theirs]) {
      await editor.when.iOpenThePlannersTab();
      await editor.when.iOpenTheProfileOf(PLANNER);
    }

    await theirs.when.iTypeInTheProfile("organisation", "晋城市城乡规划设计研究院");
    await theirs.when.iSaveTheProfile();
    await theirs.then.theStatusSays(`已保存 ${PLANNER} 的资料。`);

    await mine.when.iTypeInTheProfile("education", "硕士研究生");
    await mine.when.iSaveTheProfile();
    const notice = await mine.then.theConflictNotice();
    expect(notice).toContain(`${OTHER_BUREAU} 于`);
    expect(notice).toContain("工作单位");
    expect(notice).toContain("硕士研究生");

    await mine.when.iApplyMineOnTop();
    await mine.then.theStatusSays(`已保存 ${PLANNER} 的资料。`);
    await expect(mine.then.theProfileField("organisation")).resolves.toBe("晋城市城乡规划设计研究院");
    await expect(mine.then.theProfileField("education")).resolves.toBe("硕士研究生");
    const [stored] = await server!.sql<{ organisation: string; education: string }[]>`select organisation, education from planners where name = ${PLANNER}`;
    expect(stored).toEqual({ organisation: "晋城市城乡规划设计研究院", education: "硕士研究生" });
    await first.closeAndCheck();
    await second.closeAndCheck();
  });

  it("shows a leader the timeline and the profiles without any action", async () => {
    const workspace = await WorkspacePage.signIn(browser, server!, LEADER);
    const planners = new PlannersDriver(workspace.page);
    await planners.when.iOpenTheArea(unit.areaCode);
    await planners.when.iSelectTheBar(NEXT_PLANNER);
    await expect(planners.then.theActionsOffered()).resolves.toEqual({ gapButtons: 0, appoint: 0, renew: 0, reassign: 0, end: 0 });

    await planners.when.iOpenThePlannersTab();
    expect(await workspace.page.getByTestId("planners:create").count()).toBe(0);
    await planners.when.iOpenTheProfileOf(PLANNER);
    const profile = workspace.page.getByTestId("planner-profile");
    await expect(profile.locator('input[name="name"]').isDisabled()).resolves.toBe(true);
    expect(await profile.getByTestId("planner-profile:save").count()).toBe(0);
    await workspace.closeAndCheck();
  });
});
