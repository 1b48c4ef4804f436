/**
 * What every browser test checks when its page closes, whichever page it drove: the page made requests, all of them to
 * the server under test, and nothing went wrong in the console, the page or the network.
 */
import { expect } from "vitest";

/** The part of a page driver (finder-driver.ts, dashboard-driver.ts) that these checks read. */
export interface CheckedPage {
  then: { problems(): string[]; requestsToOtherOrigins(): string[]; requestCount(): number };
  close(): Promise<void>;
}

/** Closes the page, then expects requests, none to another origin, and no console, page or request errors. */
export async function closeAndCheckPage(page: CheckedPage): Promise<void> {
  const problems = page.then.problems();
  const elsewhere = page.then.requestsToOtherOrigins();
  const requests = page.then.requestCount();
  await page.close();
  expect(requests, "requests recorded (the origin check below means nothing without them)").toBeGreaterThan(0);
  expect(problems, "console errors, page errors or failed requests").toEqual([]);
  expect(elsewhere, "requests to another origin than the server").toEqual([]);
}

/**
 * As closeAndCheckPage, for a test that makes the server refuse on purpose: Chromium logs each 4xx answer as a
 * console error, so exactly one such line per status in `refusedWith` is expected (and must be there); any other
 * problem still fails the test.
 */
export async function closeAndCheckPageRefusedWith(page: CheckedPage, refusedWith: readonly number[]): Promise<void> {
  const problems = page.then.problems();
  for (const status of refusedWith) {
    const index = problems.findIndex((problem) => problem.startsWith(`console error: Failed to load resource: the server responded with a status of ${status} `));
    expect(index, `Chromium's console line for the expected ${status} answer`).toBeGreaterThanOrEqual(0);
    problems.splice(index, 1);
  }
  await closeAndCheckPage({ then: { ...page.then, problems: () => problems }, close: () => page.close() });
}
