/**
 * The selected area's panel in the workspace, in a real Chromium on a fresh embedded database with the Jincheng
 * reference township boundaries: a bureau user composes a new area from two townships (after retiring their own
 * areas), with the judge's verdict as it grows; two users edit the same area and the second resolves the conflict;
 * undo (button and Ctrl+Z) restores the name and the members; a leader sees the panel read-only. The areas used are
 * picked from the database by what they are (vacant, with a boundary), never written here.
 */
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { requireReferenceData } from "../helpers/reference-data.ts";
import { AreaPanelDriver } from "./helpers/area-panel-driver.ts";
import { useAtlasServerAndBrowser, type AtlasServer } from "./helpers/atlas-server.ts";
import { makeWorkspaceAccount, WorkspacePage } from "./helpers/workspace-driver.ts";

// Absent reference data fails the run under REQUIRE_REFERENCE_DATA=1 (.ci/run) and is announced loudly otherwise.
const referenceFolder = requireReferenceData("the workspace's area panel with imported township boundaries");

/** A unit area of one township that has a boundary. */
interface UnitArea {
  id: number;
  code: string;
  name: string;
  divisionCode: string;
  divisionName: string;
}

let server: AtlasServer | undefined;
let browser: Browser;
/** Unit areas without any post, each of one township with a boundary that the judge accepts, in code order. */
let vacant: UnitArea[] = [];

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

async function areaRow(code: string) {
  const [row] = await server!.sql<{ name: string; version: number; description: string | null; members: string[] }[]>`
    select a.name, a.version, a.description, array(select division_code from area_divisions where area_id = a.id order by 1) as members
    from areas as a where a.code = ${code}`;
  return row!;
}

describe.skipIf(!referenceFolder)("the area panel of the workspace", () => {
  useAtlasServerAndBrowser({ referenceData: true }, async (started, launched) => {
    [server, browser] = [started, launched];
    if (!server) return;
    await makeWorkspaceAccount(server, "责任区甲", "bureau");
    await makeWorkspaceAccount(server, "责任区乙", "bureau");
    await makeWorkspaceAccount(server, "责任区领导", "leader");
    vacant = await server.sql<UnitArea[]>`
      select a.id, a.code, a.name, d.code as division_code, d.name as division_name
      from areas as a join area_divisions as ad on ad.area_id = a.id join divisions as d on d.code = ad.division_code
      where a.kind in ('subdistrict', 'township') and d.geom is not null
        and (select count(*) from area_divisions where area_id = a.id) = 1
        and not exists (select from appointments as p where p.area_id = a.id)
        and api.judge_area(a.kind, null, array[d.code], a.id) -> 'problems' = '[]'::jsonb
      order by a.code limit 4`;
    expect(vacant).toHaveLength(4);
  });

  it("lets a bureau user compose a new area from two townships, with the judge's verdict before saving", async () => {
    const workspace = await WorkspacePage.signIn(browser, server!, "责任区甲");
    const panel = new AreaPanelDriver(workspace);
    const [first, second, taken] = vacant as [UnitArea, UnitArea, UnitArea];

    // Their own areas end today, so that their townships are free to group.
    for (const area of [first, second]) {
      await panel.selectArea(area.code);
      expect(await panel.when.retire(today(), "并入新的组合责任区")).toBe(200);
      await panel.then.status("没有需要结束的任职");
    }

    await panel.when.startNewArea("browser-composed-1", "组合测试责任区", "township");
    await panel.when.addMember(first.divisionCode);
    const verdict = await panel.then.verdict();
    expect(verdict.problems, verdict.rows.join(" / ")).toBe("");
    expect(verdict.rows).toEqual(expect.arrayContaining(["✓ 几何有效", "✓ 在市域内", "✓ 与其他单元责任区无重叠"]));
    // A township of another unit area in force is a member conflict, named with that area; saving waits for it to go.
    await panel.when.addMember(taken.divisionCode);
    expect(await panel.then.verdictProblem("member-conflict")).toBe(`⚠ ${taken.divisionName} 已属于${taken.name}`);
    await panel.when.removeMember(taken.divisionName);
    await panel.when.addMember(second.divisionCode);
    expect(await panel.then.verdict()).toMatchObject({ problems: "" });
    expect(await panel.when.create("browser-composed-1")).toBe(201);

    expect(await panel.then.name()).toBe("组合测试责任区");
    expect(await panel.then.membersHeading()).toBe("组成单元（2 个）");
    expect((await panel.then.members()).sort()).toEqual([first.divisionCode, second.divisionCode].sort());
    const facts = await panel.then.facts();
    expect(facts.geometry).toBe("组成单元合并");
    expect(facts.area).toMatch(/^\d+\.\d\d km²$/);
    await workspace.page.locator('[data-area-code="browser-composed-1"]').waitFor();
    expect((await areaRow("browser-composed-1")).members).toEqual([first.divisionCode, second.divisionCode].sort());
    await workspace.closeAndCheck();
  });

  it("shows the second of two editors who changed what, and saves theirs on top with the new version", async () => {
    const area = vacant[3]!;
    const [one, two] = await Promise.all([WorkspacePage.signIn(browser, server!, "责任区甲"), WorkspacePage.signIn(browser, server!, "责任区乙")]);
    const [first, second] = [new AreaPanelDriver(one), new AreaPanelDriver(two)];
    await first.selectArea(area.code);
    await second.selectArea(area.code);
    const version = await first.given.version();

    await first.when.rename(`${area.name}（甲改）`);
    expect(await first.when.save()).toBe(200);

    await second.when.rename(`${area.name}（乙改）`);
    await second.when.describe("乙的说明");
    expect(await second.when.save()).toBe(412);
    const conflict = await second.then.conflict();
    expect(conflict.who).toMatch(new RegExp(`^责任区甲 于 \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d 修改了「${area.name}（甲改）」：修改了名称$`));
    expect(conflict.current).toBe(`现在的记录：${area.name}（甲改） · 组成单元 1 个 · 版本 ${version + 1}`);
    expect(conflict.mine).toBe("我的修改：修改了名称、说明");
    // Their extent (the area's one township) is drawn dashed on the map while the dialog is open, and cleared after.
    await second.then.overlayFeatures(1);

    expect(await second.when.applyMine()).toBe(200);
    await second.then.conflictClosed();
    await second.then.overlayFeatures(0);
    await second.then.version(version + 2);
    expect(await second.then.name()).toBe(`${area.name}（乙改）`);
    expect(await areaRow(area.code)).toMatchObject({ name: `${area.name}（乙改）`, description: "乙的说明", version: version + 2 });
    await Promise.all([one.closeAndCheck(), two.closeAndCheck()]);
  });

  it("undoes the last change: the name with the button, then the members with Ctrl+Z", async () => {
    // The area the first test composed of two townships (the tests of this file run in order).
    const composed = await areaRow("browser-composed-1");
    const [kept, removed] = [vacant[0]!, vacant[1]!];
    const workspace = await WorkspacePage.signIn(browser, server!, "责任区甲");
    const panel = new AreaPanelDriver(workspace);
    await panel.selectArea("browser-composed-1");
    const version = await panel.given.version();

    await panel.when.rename("将被撤销的名称");
    expect(await panel.when.save()).toBe(200);
    await panel.then.latestChange("修改了名称");
    expect(await panel.when.undo()).toBe(200);
    await panel.then.version(version + 2);
    expect(await panel.then.name()).toBe(composed.name);
    expect(await panel.then.status("已撤销：责任区甲")).toMatch(/修改了名称$/);

    await panel.when.removeMember(removed.divisionName);
    expect(await panel.then.verdict()).toMatchObject({ problems: "" });
    expect(await panel.when.save()).toBe(200);
    await panel.then.latestChange(`组成单元 −1（${removed.divisionName}）`);
    expect(await panel.then.members()).toEqual([kept.divisionCode]);
    expect(await panel.when.undoWithKeyboard()).toBe(200);
    await panel.then.version(version + 4);
    expect((await panel.then.members()).sort()).toEqual(composed.members);
    await panel.then.status(`组成单元 −1（${removed.divisionName}）`);
    expect(await areaRow("browser-composed-1")).toMatchObject({ name: composed.name, members: composed.members });
    await workspace.closeAndCheck();
  });

  it("offers only unlock on a locked area, and the form again once unlocked", async () => {
    const area = vacant[2]!;
    const workspace = await WorkspacePage.signIn(browser, server!, "责任区乙");
    const panel = new AreaPanelDriver(workspace);
    await panel.selectArea(area.code);
    const version = await panel.given.version();

    expect(await panel.when.toggleLock()).toBe(200);
    await panel.then.version(version + 1);
    expect(await panel.then.lockButton()).toBe("解锁");
    expect(await panel.then.controls()).toMatchObject({ form: 0, save: 0, lock: 1, retire: 0, picker: 0 });
    await panel.then.status(`已锁定「${area.name}」`);

    expect(await panel.when.toggleLock()).toBe(200);
    await panel.then.version(version + 2);
    expect(await panel.then.lockButton()).toBe("锁定");
    expect(await panel.then.controls()).toMatchObject({ form: 1, save: 1, lock: 1, retire: 1, picker: 1 });
    await workspace.closeAndCheck();
  });

  it("shows a leader the area and its history read-only: no form, save, lock, retire or undo", async () => {
    const area = vacant[3]!;
    const workspace = await WorkspacePage.signIn(browser, server!, "责任区领导");
    const panel = new AreaPanelDriver(workspace);
    await panel.selectArea(area.code);
    await panel.then.history();
    expect(await panel.then.name()).toBe(`${area.name}（乙改）`);
    expect(await panel.then.members()).toEqual([area.divisionCode]);
    expect(await panel.then.controls()).toEqual({ form: 0, save: 0, lock: 0, retire: 0, undo: 0, newArea: 0, picker: 0 });
    expect(await workspace.page.getByRole("button", { name: `移除 ${area.divisionName}` }).count()).toBe(0);
    await workspace.closeAndCheck();
  });
});
