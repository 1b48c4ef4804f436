/**
 * Frame times of the leadership dashboard (/dashboard) while panning and zooming over 10,000 project points drawn by
 * deck.gl, in a real Chromium (software WebGL), on a fresh embedded database with the Jincheng reference data. A
 * timing budget: it runs in `npm run test:perf` on a quiet machine, never in `npm test`.
 * After the test: no console error, no failed request, and no request left the server's origin.
 */
import os from "node:os";
import { describe, expect, it } from "vitest";
import type { AtlasServer } from "../browser/helpers/atlas-server.ts";
import { bestRound, DashboardDriver, type FrameTimes, useDashboardPage } from "../browser/helpers/dashboard-driver.ts";
import { requireReferenceData } from "../helpers/reference-data.ts";

const PROJECT_COUNT = 10_000;
/**
 * Frame-time bounds while panning and zooming over 10,000 project points, on SwiftShader (software WebGL2), 1280×800.
 * Absolute frame times swing threefold with the load other processes put on the machine, so the bound is relative to
 * MapLibre alone in the same run: deck.gl's share is what this test is about. A p95 within 2× MapLibre's p95 plus
 * 50 ms passes as shipped and fails when every site is drawn while moving or when deck.gl rebuilds its buffers on
 * every frame. A p95 over one second (under one frame a second) fails whatever the load.
 */
const RELATIVE_P95_FACTOR = 2;
const RELATIVE_P95_ALLOWANCE_MS = 50;
const ABSOLUTE_P95_BOUND_MS = 1000;
/** Rounds of each way, and seconds of panning and zooming in each (about 30 frames as shipped). */
const FRAME_TIME_ROUNDS = 3;
const FRAME_TIME_ROUND_SECONDS = 3;

let server: AtlasServer | undefined;
let page: DashboardDriver;

const referenceDir = requireReferenceData("the dashboard's frame times with the Jincheng reference boundaries");

describe.runIf(referenceDir)("the leadership dashboard's frame times", () => {
  useDashboardPage((opened, started) => {
    [page, server] = [opened, started];
  });

  it(`pans and zooms over ${PROJECT_COUNT.toLocaleString("en")} project points drawn by deck.gl within the frame-time bound`, async () => {
    const prefix = await page.given.manyProjects(PROJECT_COUNT);
    try {
      await page.given.theDashboardIsOpen();
      await page.then.projectsHaveLoaded(PROJECT_COUNT);
      const projects = await page.then.projectsOnTheMap();
      expect(projects.drawn, "sites started by today").toBeGreaterThanOrEqual(PROJECT_COUNT);

      // The three ways are measured in turns, three rounds over, and each is judged by its best round: a burst of load
      // from other processes on the machine's two cores lengthens the frames of whichever way is running, while a
      // slower way of drawing lengthens every round of its own.
      const runs: Record<"asShipped" | "everySite" | "noProjects", FrameTimes[]> = { asShipped: [], everySite: [], noProjects: [] };
      for (let round = 0; round < FRAME_TIME_ROUNDS; round++) {
        runs.asShipped.push(await page.when.iPanAndZoomFor(FRAME_TIME_ROUND_SECONDS));
        await page.when.iSetTheSamplingWhileMoving(false);
        runs.everySite.push(await page.when.iPanAndZoomFor(FRAME_TIME_ROUND_SECONDS));
        await page.when.iSetTheSamplingWhileMoving(true);
        await page.when.iFilterBy("role", "unit");
        runs.noProjects.push(await page.when.iPanAndZoomFor(FRAME_TIME_ROUND_SECONDS));
        await page.when.iFilterBy("role", "all");
      }
      const asShipped = bestRound(runs.asShipped);
      const everySite = bestRound(runs.everySite);
      const noProjects = bestRound(runs.noProjects);

      const line = (name: string, rounds: FrameTimes[], best: FrameTimes) =>
        `${name}: best round median ${best.medianMs.toFixed(1)} ms, p95 ${best.p95Ms.toFixed(1)} ms, max ${best.maxMs.toFixed(1)} ms (${best.frames} frames in ${best.seconds} s); p95 of the rounds ${rounds.map((round) => round.p95Ms.toFixed(1)).join(" / ")} ms`;
      console.log(
        [
          `[dashboard] frame times while panning and zooming, ${PROJECT_COUNT} projects, 1280×800, renderer ${projects.softwareRenderer ? "software" : "hardware"}, load average ${os.loadavg()[0]!.toFixed(2)} on ${os.cpus().length} cores`,
          line(`  as shipped (${projects.drawnWhileMoving} sites drawn while moving)`, runs.asShipped, asShipped),
          line(`  every site drawn while moving`, runs.everySite, everySite),
          line(`  projects hidden (MapLibre alone)`, runs.noProjects, noProjects),
        ].join("\n"),
      );
      expect(asShipped.frames).toBeGreaterThan(5);
      expect(asShipped.p95Ms).toBeLessThan(RELATIVE_P95_FACTOR * noProjects.p95Ms + RELATIVE_P95_ALLOWANCE_MS);
      expect(asShipped.p95Ms).toBeLessThan(ABSOLUTE_P95_BOUND_MS);
      await page.then.aScreenshotIsSaved("dashboard-10000-projects.png", { of: "map" });
    } finally {
      await page.given.projectsRemoved(prefix);
    }
  });
});
