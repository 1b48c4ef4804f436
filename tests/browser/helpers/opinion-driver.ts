/**
 * Given/when/then driver of a resident's opinion on the public finder: the finder's own steps (tap, search, answer,
 * pin, the checks of every page) and those of the opinion form (with the server's answer to a submission, its
 * duplicate hint and refusals), the receipt and the opinion read by its ticket.
 */
import type { Browser } from "playwright-core";
import type { AtlasServer } from "./atlas-server.ts";
import { FinderDriver } from "./finder-driver.ts";

export interface OpinionInput {
  /** The category's key, e.g. public_space. */
  category: string;
  text: string;
  contact?: string;
  photos?: Array<{ name: string; mimeType: string; buffer: Buffer }>;
}

/** The receipt after a 201: the ticket, who received it and where to read it later. */
export interface ReceiptView {
  ticket: string;
  receivedBy: string;
  link: string;
}

/** The server's answer to one POST /api/opinions the page sent: its status and Retry-After header (null when none). */
export interface SubmissionAnswer {
  status: number;
  retryAfter: string | null;
}

/** An opinion as the ticket page shows it. */
export interface OpinionView {
  heading: string;
  /** The status key (new | acknowledged | answered | closed), or null for a hidden or unknown one. */
  status: string | null;
  /** Each step and its time as shown ("尚未" for one not reached). */
  steps: Array<{ step: string; time: string; done: boolean }>;
  text: string;
  receivedBy: string;
  answer: string;
  hidden: boolean;
  unknown: boolean;
}

export class OpinionDriver extends FinderDriver {
  constructor(browser: Browser, server: AtlasServer) {
    super(browser, server);
    Object.assign(this.when, this.opinionSteps);
    Object.assign(this.then, this.opinionChecks);
  }

  private readonly opinionSteps = {
    /** Presses "对这里提意见" under the answer and waits for the form (its chunk loads on the press). */
    iOpenTheOpinionForm: async (): Promise<void> => {
      await this.page.getByTestId("opinion:open").click();
      await this.page.getByTestId("opinion:form").waitFor();
    },

    iFillInTheOpinion: async (input: OpinionInput): Promise<void> => {
      await this.page.getByTestId("opinion:category").selectOption(input.category);
      await this.page.getByTestId("opinion:text").fill(input.text);
      if (input.photos) await this.page.getByTestId("opinion:photos").setInputFiles(input.photos);
      if (input.contact) await this.page.getByTestId("opinion:contact").fill(input.contact);
    },

    iSendTheOpinion: async (): Promise<void> => {
      await this.page.getByTestId("opinion:submit").click();
    },

    /** Sends the opinion and waits for the server's answer to it (after the proof of work). */
    iSendTheOpinionAndSeeTheAnswer: async (): Promise<SubmissionAnswer> => this.submissionAnswerTo(() => this.page.getByTestId("opinion:submit").click()),

    /** Answers the duplicate hint "no, send mine" and waits for the server's answer to the opinion sent again. */
    iSayItIsNotMine: async (): Promise<SubmissionAnswer> => this.submissionAnswerTo(() => this.page.getByTestId("opinion:send-anyway").click()),

    /** Follows the receipt's link to the opinion's own address. */
    iFollowTheTicketLink: async (): Promise<void> => {
      await this.page.getByTestId("opinion:ticket-link").click();
      await this.page.waitForURL(/\?ticket=/);
    },

    /** Types a ticket in the "查询意见" box and looks it up. */
    iLookUpTheTicket: async (ticket: string): Promise<void> => {
      await this.page.getByTestId("ticket-lookup:input").fill(ticket);
      await this.page.getByTestId("ticket-lookup:submit").click();
      await this.page.waitForURL((url) => url.searchParams.get("ticket") === ticket);
    },
  };

  /** The answer to the next POST /api/opinions, which `act` makes the page send. */
  private async submissionAnswerTo(act: () => Promise<void>): Promise<SubmissionAnswer> {
    const answered = this.page.waitForResponse(
      (response) => new URL(response.url()).pathname === "/api/opinions" && response.request().method() === "POST",
      { timeout: 60_000 },
    );
    await act();
    const response = await answered;
    return { status: response.status(), retryAfter: (await response.allHeaders())["retry-after"] ?? null };
  }

  private readonly opinionChecks = {
    /** The photos previewed in the form. */
    thePhotoPreviews: async (): Promise<number> => this.page.getByTestId("opinion:preview").count(),

    /** What the form says of the text becoming public once answered. */
    thePublicHint: async (): Promise<string> => this.page.getByTestId("opinion:public-hint").innerText(),

    /** The "is this yours?" hint after a duplicate answer, as shown. */
    theDuplicateHint: async (): Promise<string> => {
      await this.page.getByTestId("opinion:duplicate").waitFor();
      return this.page.getByTestId("opinion:duplicate").innerText();
    },

    /** The form's message after a refused submission, as shown. */
    theFormError: async (): Promise<string> => {
      await this.page.getByTestId("opinion:error").waitFor();
      return this.page.getByTestId("opinion:error").innerText();
    },

    /** The receipt once the opinion is sent (the proof of work and the upload come first). */
    theReceipt: async (): Promise<ReceiptView> => {
      await this.page.getByTestId("opinion:receipt").waitFor({ timeout: 60_000 });
      return {
        ticket: await this.page.getByTestId("opinion:ticket").innerText(),
        receivedBy: await this.page.getByTestId("opinion:received-by").innerText(),
        link: (await this.page.getByTestId("opinion:ticket-link").getAttribute("href")) ?? "",
      };
    },

    /** Waits for the ticket page to have its answer (or to say the ticket is unknown) and reads it. */
    theOpinion: async (): Promise<OpinionView> => {
      const view = this.page.locator('[data-testid="opinion-view"][data-status="success"], [data-testid="opinion-view"][data-status="error"]');
      await view.waitFor({ timeout: 30_000 });
      const textOf = async (testId: string) => {
        const locator = view.getByTestId(testId);
        return (await locator.count()) > 0 ? locator.innerText() : "";
      };
      const status = view.getByTestId("opinion-view:status");
      return {
        heading: await view.locator("h2").innerText(),
        status: (await status.count()) > 0 ? await status.getAttribute("data-status") : null,
        steps: await view.locator("[data-step]").evaluateAll((items) =>
          items.map((item) => ({
            step: item.getAttribute("data-step") ?? "",
            time: item.querySelector("time")?.textContent ?? "",
            done: item.classList.contains("is-done"),
          })),
        ),
        text: await textOf("opinion-view:text"),
        receivedBy: await textOf("opinion-view:received-by"),
        answer: await textOf("opinion-view:answer"),
        hidden: (await view.getByTestId("opinion-view:hidden").count()) > 0,
        unknown: (await view.getByTestId("opinion-view:unknown").count()) > 0,
      };
    },
  };

  // The finder's steps and checks with these added (by the constructor): declared only, so no field resets them.
  declare readonly when: FinderDriver["when"] & OpinionDriver["opinionSteps"];
  declare readonly then: FinderDriver["then"] & OpinionDriver["opinionChecks"];
}
