/**
 * Steps of the workspace's planners tab and an area's post timeline (client/src/pages/workspace/planners/) for the
 * browser tests: create a planner, open a profile, appoint from a vacant part of a post, reassign, renew, end, and
 * what the timeline then shows. The selectors live here; each step waits for what it causes.
 */
import type { Locator, Page } from "playwright-core";
import { jinchengToday } from "../../../client/src/lib/calendar-dates.ts";

/** What the tests do in the workspace's planners tab and an area's post timeline; the selectors live here. */
export class PlannersDriver {
  constructor(readonly page: Page) {}

  private posts(): Locator {
    return this.page.getByTestId("area-posts");
  }

  bar(plannerName: string): Locator {
    return this.posts().locator(`[data-testid="posts-bar"][data-planner="${plannerName}"]`);
  }

  readonly when = {
    iOpenThePlannersTab: async () => {
      await this.page.locator('[role="tab"][data-tab="planners"]').click();
      await this.page.getByTestId("planners-panel").waitFor();
    },

    iCreateAPlanner: async (name: string, contacts: { key: string; value: string; publish: boolean }[]) => {
      await this.page.locator('input[name="newPlannerName"]').fill(name);
      await this.page.getByTestId("planners:create").click();
      await this.page.getByRole("heading", { name: `${name} 的资料` }).waitFor();
      const profile = this.page.getByTestId("planner-profile");
      for (const contact of contacts) {
        await profile.getByRole("button", { name: "添加联系方式" }).click();
        const row = profile.getByTestId("contacts-editor:row").last();
        await row.getByTestId("contact:key").fill(contact.key);
        await row.getByTestId("contact:value").fill(contact.value);
        if (contact.publish) await row.getByTestId("contact:publish").check();
      }
      if (contacts.length > 0) {
        await profile.getByTestId("planner-profile:save").click();
        await this.page.getByTestId("workspace-status").filter({ hasText: `已保存 ${name} 的资料。` }).waitFor();
      }
    },

    iOpenTheProfileOf: async (name: string) => {
      await this.page.locator('[data-testid="planner-items"] button', { hasText: name }).click();
      await this.page.getByRole("heading", { name: `${name} 的资料` }).waitFor();
    },

    iTypeInTheProfile: async (field: "organisation" | "education", value: string) => {
      await this.page.getByTestId("planner-profile").locator(`input[name="${field}"]`).fill(value);
    },

    iSaveTheProfile: async () => {
      await this.page.getByTestId("planner-profile:save").click();
    },

    iApplyMineOnTop: async () => {
      await this.page.getByTestId("conflict-notice:apply-mine").click();
    },

    iOpenTheArea: async (areaCode: string) => {
      await this.page.locator('[role="tab"][data-tab="area"]').click();
      await this.page.locator(`[data-area-code="${areaCode}"]`).click();
      await this.posts().getByTestId("posts-timeline").waitFor();
    },

    /** Clicks the vacant part of the unit post that ends at `to` (exclusive), which opens the appoint form. */
    iClickTheVacantUnitPostUntil: async (to: string) => {
      await this.posts().locator(`[data-testid="posts-row"][data-role="unit"] [data-testid="posts-gap"][data-to="${to}"]`).click();
      await this.posts().getByTestId("posts-form").waitFor();
    },

    iClickTheVacantUnitPostFromToday: async () => {
      const today = jinchengToday();
      const gaps = this.posts().locator('[data-testid="posts-row"][data-role="unit"] [data-testid="posts-gap"]');
      const ranges = await gaps.evaluateAll((elements) => elements.map((element) => [element.getAttribute("data-from")!, element.getAttribute("data-to")!]));
      const index = ranges.findIndex(([from, to]) => from! <= today && today < to!);
      if (index < 0) throw new Error(`no vacant part of the unit post holds ${today}: ${JSON.stringify(ranges)}`);
      await gaps.nth(index).click();
      await this.posts().getByTestId("posts-form").waitFor();
    },

    iChooseThePlanner: async (name: string) => {
      await this.posts().getByTestId("posts-form:planner").selectOption({ label: name });
    },

    iFillTheDate: async (which: "valid-from" | "valid-to", date: string) => {
      await this.posts().getByTestId(`posts-form:${which}`).fill(date);
    },

    iGiveTheReason: async (reason: string) => {
      await this.posts().getByTestId("posts-form:reason").fill(reason);
    },

    iSubmitTheForm: async () => {
      await this.posts().getByTestId("posts-form:submit").click();
    },

    iSelectTheBar: async (plannerName: string) => {
      await this.bar(plannerName).click();
      await this.posts().getByTestId("appointment-details").waitFor();
    },

    iChooseTheAction: async (action: "renew" | "reassign" | "end") => {
      await this.posts().getByTestId(`posts:${action}`).click();
      await this.posts().getByTestId("posts-form").waitFor();
    },
  };

  readonly then = {
    theStatusSays: async (text: string) => {
      await this.page.getByTestId("workspace-status").filter({ hasText: text }).waitFor();
    },

    theBar: async (plannerName: string) => {
      const bar = this.bar(plannerName);
      await bar.waitFor();
      return {
        validFrom: await bar.getAttribute("data-valid-from"),
        validTo: await bar.getAttribute("data-valid-to"),
        status: await bar.getAttribute("data-status"),
        conflict: await bar.getAttribute("data-conflict"),
        id: Number(await bar.getAttribute("data-appointment-id")),
      };
    },

    theConflictNotice: async () => {
      const notice = this.page.getByTestId("conflict-notice");
      await notice.getByTestId("conflict-notice:who").filter({ hasText: "修改了此记录" }).waitFor();
      return notice.innerText();
    },

    theProfileField: (field: "organisation" | "education") => this.page.getByTestId("planner-profile").locator(`input[name="${field}"]`).inputValue(),

    theOverlapAlert: async () => {
      const alert = this.posts().getByTestId("posts:overlap");
      await alert.waitFor();
      return alert.innerText();
    },

    theActionsOffered: async () => ({
      gapButtons: await this.posts().locator('button[data-testid="posts-gap"]').count(),
      appoint: await this.posts().getByTestId("posts:appoint").count(),
      renew: await this.posts().getByTestId("posts:renew").count(),
      reassign: await this.posts().getByTestId("posts:reassign").count(),
      end: await this.posts().getByTestId("posts:end").count(),
    }),
  };
}
