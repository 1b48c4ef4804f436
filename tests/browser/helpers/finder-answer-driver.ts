/**
 * The finder driver, with what the answer's top, the phone sheet, sharing and the poster need: the first contact, the
 * sheet's height, touch targets, the address, the share feedback, the QR code's pixels and the printed poster.
 */
import type { Page } from "playwright-core";
import { FinderDriver, type OpenOptions } from "./finder-driver.ts";

export interface ContactView {
  level: string;
  names: string[];
  gaps: string;
  callHref: string | null;
  /** Whether the contact comes before every grey note, vacancy row and county list in the panel. */
  comesFirst: boolean;
}

/** What a touch target is, for the size check: links, buttons and summaries that are visible. */
const TARGETS = "a[href], button, summary, input";

export class FinderAnswerDriver extends FinderDriver {
  override readonly when = {
    ...(this as FinderDriver).when,

    /** Opens an address of the page (with its query) and waits for the map. */
    iOpenTheAddress: async (path: string, options: OpenOptions = {}): Promise<void> => {
      await (this as FinderDriver).given.thePageIsOpen({ ...options, path });
    },

    /** Opens the folded map legend by its heading. */
    iOpenTheLegend: async (): Promise<void> => {
      await this.page.getByTestId("map:legend").locator("summary").click();
      await this.page.waitForFunction(() => (document.querySelector('[data-testid="map:legend"]') as HTMLDetailsElement | null)?.open === true);
    },

    /** Drags the sheet's handle by dy pixels (negative: up) with a touch-like pointer, in small steps. */
    iDragTheSheetHandle: async (dy: number): Promise<void> => {
      const box = await this.page.getByTestId("finder:panel-toggle").boundingBox();
      if (!box) throw new Error("the sheet handle is not laid out");
      const x = box.x + box.width / 2;
      const y = box.y + box.height / 2;
      await this.page.mouse.move(x, y);
      await this.page.mouse.down();
      await this.page.mouse.move(x, y + dy, { steps: 12 });
      await this.page.mouse.up();
    },

    /** Focuses the sheet's handle and presses a key on it. */
    iPressOnTheSheetHandle: async (key: string): Promise<void> => {
      await this.page.getByTestId("finder:panel-toggle").focus();
      await this.page.keyboard.press(key);
    },

    iPressTheSheetHandle: async (): Promise<void> => {
      await this.page.getByTestId("finder:panel-toggle").click();
    },

    iPressShare: async (): Promise<void> => {
      await this.page.getByTestId("share:button").click();
    },

    iOpenTheQrCode: async (): Promise<void> => {
      await this.page.getByTestId("share:more").click();
    },

    iCopyTheContact: async (): Promise<void> => {
      await this.page.getByTestId("answer:copy-contact").first().click();
    },

    iGoBack: async (): Promise<void> => {
      await this.page.goBack();
    },

    /** Hides navigator.share, as on a desktop browser without the Web Share API. */
    iUseABrowserWithoutWebShare: async (): Promise<void> => {
      await this.page.evaluate(() => Object.defineProperty(Navigator.prototype, "share", { value: undefined, configurable: true }));
    },
  };

  override readonly then = {
    ...(this as FinderDriver).then,

    /** The first contact at the top of the answer, once an answer is there. */
    theContact: async (): Promise<ContactView> => {
      await (this as FinderDriver).then.theAnswer();
      const contact = this.page.getByTestId("answer:contact");
      await contact.waitFor();
      const call = contact.getByTestId("answer:call");
      const comesFirst = await this.page.evaluate(() => {
        const top = document.querySelector('[data-testid="answer:contact"]');
        const later = document.querySelectorAll(
          '[data-testid="answer"] .answer__note, [data-testid="answer"] .answer-section, [data-testid="notes"] .note, [data-testid="answer:county-unit"]',
        );
        return top !== null && [...later].every((element) => (top.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0);
      });
      return {
        level: (await contact.getAttribute("data-level")) ?? "",
        names: await contact.getByTestId("answer:contact-name").allInnerTexts(),
        gaps: (await contact.getByTestId("answer:contact-gaps").count()) > 0 ? await contact.getByTestId("answer:contact-gaps").innerText() : "",
        callHref: (await call.count()) > 0 ? await call.first().getAttribute("href") : null,
        comesFirst,
      };
    },

    /** The one line the vacant units of a county-level answer fold into, or null. */
    theVacantGroup: async (): Promise<string | null> => {
      const group = this.page.getByTestId("answer:county-group-vacant").locator("summary").first();
      return (await group.count()) > 0 ? group.innerText() : null;
    },

    /** The sheet's named height and its height in pixels, once its height has settled. */
    theSheet: async (): Promise<{ height: string; px: number; mapPx: number }> => {
      await this.page.waitForFunction(() => document.querySelector('[data-testid="finder"]')?.getAttribute("data-dragging") === null);
      return this.page.evaluate(() => {
        const panel = document.querySelector('[data-testid="finder:panel"]')!;
        const map = document.querySelector(".finder-map")!;
        return {
          height: panel.getAttribute("data-sheet") ?? "",
          px: panel.getBoundingClientRect().height,
          mapPx: map.getBoundingClientRect().height,
        };
      });
    },

    /** Waits until the sheet is at this height (its transition has ended) and returns its pixels. */
    theSheetSettlesAt: async (height: string): Promise<number> => {
      await this.page.waitForFunction((wanted) => document.querySelector('[data-testid="finder:panel"]')?.getAttribute("data-sheet") === wanted, height);
      return this.page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const panel = document.querySelector('[data-testid="finder:panel"]') as HTMLElement;
            // Two frames with the same height: the sheet has stopped moving.
            let last = -1;
            const check = () => {
              const now = panel.getBoundingClientRect().height;
              if (now === last) resolve(now);
              else {
                last = now;
                requestAnimationFrame(check);
              }
            };
            requestAnimationFrame(check);
          }),
      );
    },

    /** Visible touch targets of the answer and the sheet's handle smaller than min px in height or width, described. */
    smallTouchTargets: async (min: number): Promise<string[]> =>
      this.page.evaluate(
        ({ selector, least }) =>
          [...document.querySelectorAll<HTMLElement>(`[data-testid="answer"] :is(${selector}), [data-testid="finder:panel-toggle"]`)]
            .filter((element) => {
              const box = element.getBoundingClientRect();
              return box.width > 0 && box.height > 0 && element.closest("details:not([open]) > :not(summary)") === null;
            })
            .filter((element) => {
              const box = element.getBoundingClientRect();
              return box.height < least || box.width < least;
            })
            .map((element) => `${element.tagName.toLowerCase()} "${(element.textContent ?? "").trim().slice(0, 30)}" ${Math.round(element.getBoundingClientRect().width)}×${Math.round(element.getBoundingClientRect().height)}`),
        { selector: TARGETS, least: min },
      ),

    /** Whether the map legend is open, and where its box ends. */
    theLegend: async (): Promise<{ open: boolean; bottom: number }> =>
      this.page.getByTestId("map:legend").evaluate((legend) => ({ open: (legend as HTMLDetailsElement).open, bottom: legend.getBoundingClientRect().bottom })),

    theSearchText: async (): Promise<string> => this.page.getByTestId("search:input").inputValue(),

    /** The page's address (path and query). */
    theAddress: async (): Promise<string> => this.page.evaluate(() => window.location.pathname + window.location.search),

    theBadAddressNote: async (): Promise<string> => {
      await this.page.getByTestId("finder:bad-address").waitFor();
      return this.page.getByTestId("finder:bad-address").innerText();
    },

    theShareFeedback: async (): Promise<string> => {
      await this.page.waitForFunction(() => (document.querySelector('[data-testid="share:feedback"]')?.textContent ?? "") !== "");
      return this.page.getByTestId("share:feedback").innerText();
    },

    theCopyFeedback: async (): Promise<string> => {
      await this.page.waitForFunction(() => (document.querySelector('[data-testid="answer:copy-feedback"]')?.textContent ?? "") !== "");
      return this.page.getByTestId("answer:copy-feedback").first().innerText();
    },

    theClipboard: async (): Promise<string> => this.page.evaluate(() => navigator.clipboard.readText()),

    /**
     * The QR code on the page, drawn into a canvas at `size` pixels: its link (data-url) and its RGBA pixels, for a
     * decoder in the test.
     */
    theQrCode: async (size = 400): Promise<{ url: string; width: number; height: number; rgba: number[] }> => {
      await this.page.locator('[data-testid="share:qr"][data-ready="true"]').first().waitFor();
      return this.page.evaluate(async (pixels) => {
        const element = document.querySelector('[data-testid="share:qr"][data-ready="true"]')!;
        const svg = element.querySelector("svg")!;
        const image = new Image();
        image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(svg))}`;
        await image.decode();
        const canvas = document.createElement("canvas");
        canvas.width = pixels;
        canvas.height = pixels;
        const context = canvas.getContext("2d")!;
        context.fillStyle = "#fff";
        context.fillRect(0, 0, pixels, pixels);
        context.drawImage(image, 0, 0, pixels, pixels);
        return { url: element.getAttribute("data-url") ?? "", width: pixels, height: pixels, rgba: [...context.getImageData(0, 0, pixels, pixels).data] };
      }, size);
    },

    /** The poster once its answer is there: title, names, contacts, the link printed under the QR code. */
    thePoster: async (): Promise<{ title: string; names: string[]; contacts: string[]; link: string }> => {
      await this.page.locator('[data-testid="poster"][data-status="success"]').waitFor({ timeout: 30_000 });
      return {
        title: await this.page.getByTestId("poster:title").innerText(),
        names: await this.page.getByTestId("poster:name").allInnerTexts(),
        contacts: await this.page.getByTestId("poster:contact").allInnerTexts(),
        link: await this.page.getByTestId("poster:link").innerText(),
      };
    },

    /** The page printed (print media) as PDF bytes, and how many A4 pages it has. */
    thePrintedPdf: async (options: Parameters<Page["pdf"]>[0] = {}): Promise<{ bytes: Buffer; pages: number }> => {
      await this.page.emulateMedia({ media: "print" });
      const bytes = await this.page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true, ...options });
      await this.page.emulateMedia({ media: "screen" });
      const pages = (bytes.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      return { bytes, pages };
    },

    /** Whether an element with this test id is visible under print media. */
    isVisibleInPrint: async (selector: string): Promise<boolean> => {
      await this.page.emulateMedia({ media: "print" });
      const visible = await this.page.locator(selector).first().isVisible();
      await this.page.emulateMedia({ media: "screen" });
      return visible;
    },
  };

  /** Metadata of the page for link cards: name → content of every meta[name] and meta[property]. */
  async theMetadata(): Promise<Record<string, string>> {
    return this.page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll("meta[name], meta[property]")].map((meta) => [meta.getAttribute("property") ?? meta.getAttribute("name") ?? "", meta.getAttribute("content") ?? ""]),
      ),
    );
  }
}
