/**
 * Import and export in the bureau's workspace, in a real Chromium on the Jincheng reference data: a township's
 * boundary (taken from the server) as a zipped Shapefile in CGCS2000 Gauss–Krüger zone 38 with the zone number in the
 * easting (EPSG:4526, written by GDAL, GBK .dbf and .prj) is dropped on the map, previewed with its coordinate system
 * and match, drawn where the township is, and committed; the same file picked with the file input on a slow line shows
 * its progress and is cancelled; a loose .shp is refused in words; a leader sees the export links and no upload.
 */
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from "geojson";
import JSZip from "jszip";
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { ImportPreview } from "../../server/src/contracts/imports.ts";
import { MAP_TEST_HOOK_NAME, type MapTestHook, type OverlayTestHook } from "../../client/src/map/map-test-hook.ts";
import { requireReferenceData } from "../helpers/reference-data.ts";
import { useTemporaryFolder } from "../helpers/temporary-folder.ts";
import { useAtlasServerAndBrowser, type AtlasServer } from "./helpers/atlas-server.ts";
import { makeWorkspaceAccount, WorkspacePage } from "./helpers/workspace-driver.ts";

const referenceFolder = requireReferenceData("the workspace's import of a Gauss–Krüger Shapefile");

type Bounds = [number, number, number, number];
type TownshipFeature = Feature<Polygon | MultiPolygon, { code: string; name: string }>;

/** Zip name as the bureau's files are named. */
const ZIP_NAME = "乡镇界-38带.zip";

let server: AtlasServer | undefined;
let browser: Browser;
let township: TownshipFeature;
let zipBytes: Buffer;
/** The same with 1 MB of padding. */
let paddedZipBytes: Buffer;

const folder = useTemporaryFolder("planner-atlas-workspace-import-");

function boundsOf(geometry: Polygon | MultiPolygon): Bounds {
  const points = (geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates).flat(2);
  const xs = points.map(([x]) => x!);
  const ys = points.map(([, y]) => y!);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/**
 * The township's boundary as GDAL writes it in EPSG:4526 (zone number in the easting), GBK .dbf and .prj, zipped;
 * `paddingBytes` of random notes beside it make an upload long enough to watch (the import leaves them unread).
 */
async function gaussKrugerShapefile(feature: TownshipFeature, paddingBytes = 0): Promise<Buffer> {
  const work = fs.mkdtempSync(path.join(folder.path, "ogr-"));
  const source = path.join(work, "township.geojson");
  const properties = { code: feature.properties.code, name: feature.properties.name };
  fs.writeFileSync(source, JSON.stringify({ type: "FeatureCollection", features: [{ type: "Feature", properties, geometry: feature.geometry }] }));
  const out = path.join(work, "out");
  execFileSync("ogr2ogr", ["-f", "ESRI Shapefile", "-s_srs", "EPSG:4326", "-t_srs", "EPSG:4526", "-lco", "ENCODING=GBK", out, source, "-nln", "乡镇界"]);
  const zip = new JSZip();
  for (const file of fs.readdirSync(out)) zip.file(file, fs.readFileSync(path.join(out, file)));
  expect(Object.keys(zip.files).map((name) => path.extname(name)).sort()).toEqual([".cpg", ".dbf", ".prj", ".shp", ".shx"]);
  if (paddingBytes > 0) zip.file("说明.bin", crypto.randomBytes(paddingBytes));
  return zip.generateAsync({ type: "nodebuffer" });
}

/** Signs `name` in to the workspace and opens its import tab. */
async function importTabOf(name: string): Promise<{ workspace: WorkspacePage; page: Page }> {
  const workspace = await WorkspacePage.signIn(browser, server!, name);
  await workspace.page.locator('[role="tab"][data-tab="import"]').click();
  await workspace.page.getByTestId("import-panel").waitFor();
  return { workspace, page: workspace.page };
}

/** Drops files on the element at the middle of the map's column, as a drag from the desktop would. */
async function dropOnTheMap(page: Page, files: { name: string; bytes: Buffer }[]): Promise<void> {
  await page.evaluate(
    (given) => {
      const transfer = new DataTransfer();
      for (const file of given) {
        const bytes = Uint8Array.from(atob(file.base64), (character) => character.charCodeAt(0));
        transfer.items.add(new File([bytes], file.name));
      }
      const centre = document.querySelector(".workspace-centre")!.getBoundingClientRect();
      const target = document.elementFromPoint(centre.left + centre.width / 2, centre.top + centre.height / 2)!;
      for (const type of ["dragenter", "dragover", "drop"]) {
        target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
      }
    },
    files.map((file) => ({ name: file.name, base64: file.bytes.toString("base64") })),
  );
}

/** The preview's answer to the upload the page makes next. */
function nextUpload(page: Page): Promise<ImportPreview> {
  return page
    .waitForResponse((response) => new URL(response.url()).pathname === "/api/imports" && response.request().method() === "POST")
    .then((response) => response.json() as Promise<ImportPreview>);
}

/** Waits until the workspace's status line says exactly `text`. */
async function statusLineSays(page: Page, text: string): Promise<void> {
  const line = page.getByTestId("workspace-status");
  await line.filter({ hasText: text }).waitFor();
  await expect(line.textContent()).resolves.toBe(text);
}

/** GET /api/imports/{id} with the page's session. */
async function importStatus(page: Page, importId: number): Promise<string> {
  const response = await page.context().request.get(`${server!.origin}/api/imports/${importId}`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as ImportPreview).status;
}

/** What the workspace map's overlay shows once the map has settled: features given, drawn, and the camera's centre. */
async function overlayOnTheMap(page: Page): Promise<{ given: number; drawn: number; centre: [number, number] }> {
  await page.waitForFunction((name) => (window as unknown as Record<string, MapTestHook | undefined>)[name]?.isReady === true, MAP_TEST_HOOK_NAME);
  await page.waitForFunction(
    (name) => ((window as unknown as Record<string, (MapTestHook & OverlayTestHook) | undefined>)[name]?.overlayFeatureCount() ?? 0) > 0,
    MAP_TEST_HOOK_NAME,
  );
  return page.evaluate(async (name) => {
    const hook = (window as unknown as Record<string, MapTestHook & OverlayTestHook>)[name]!;
    await hook.idle();
    return {
      given: hook.overlayFeatureCount(),
      drawn: hook.queryRenderedFeatures([hook.layerIds.overlayFill!, hook.layerIds.overlayLine!]).length,
      centre: hook.view().center,
    };
  }, MAP_TEST_HOOK_NAME);
}

describe.runIf(referenceFolder)("import and export in the workspace", () => {
  useAtlasServerAndBrowser({ referenceData: true }, async (started, launched) => {
    [server, browser] = [started, launched];
    if (!server) return;
    await makeWorkspaceAccount(server, "导入规划局", "bureau");
    await makeWorkspaceAccount(server, "导入领导", "leader");
    const boundaries = await server.getJson<FeatureCollection<Polygon | MultiPolygon, { code: string; name: string }>>("/api/boundaries?level=township");
    township = boundaries.features.find((feature) => /[镇乡]$/.test(feature.properties.name))!;
    zipBytes = await gaussKrugerShapefile(township);
    paddedZipBytes = await gaussKrugerShapefile(township, 1024 * 1024);
  });

  it("previews a Gauss–Krüger zone 38 Shapefile dropped on the map where the township is, and commits it", async () => {
    const { workspace, page } = await importTabOf("导入规划局");

    const uploaded = nextUpload(page);
    await dropOnTheMap(page, [{ name: ZIP_NAME, bytes: zipBytes }]);
    const preview = await uploaded;
    const shown = page.getByTestId("import:preview");
    await shown.waitFor();

    // The coordinate system found from the .prj, in words.
    const coordinates = shown.getByTestId("import:file-coordinates");
    await expect(coordinates.getAttribute("data-how")).resolves.toBe("prj");
    await expect(coordinates.textContent()).resolves.toMatch(/^EPSG:4526 .*zone 38.*由 \.prj 读出$/);
    // The feature matched to the township by its code, its GBK name read right.
    const record = shown.getByTestId("import:record");
    await expect(record.getAttribute("data-status")).resolves.toBe("matched");
    await expect(record.getAttribute("data-division-code")).resolves.toBe(township.properties.code);
    await expect(record.textContent()).resolves.toContain(`${township.properties.name} (${township.properties.code}) → ${township.properties.name}`);
    await shown.getByTestId("import:can-commit").waitFor();

    // Where it lands: the overlay's box is the township's (outlines simplified to about 10 m), and the map draws it there.
    const [west, south, east, north] = boundsOf(township.geometry);
    const overlayBounds = JSON.parse((await shown.getAttribute("data-bounds"))!) as Bounds;
    overlayBounds.forEach((edge, index) => expect(Math.abs(edge - [west, south, east, north][index]!)).toBeLessThan(0.0005));
    const onTheMap = await overlayOnTheMap(page);
    expect(onTheMap.given).toBe(preview.geometry.features.length);
    expect(onTheMap.drawn).toBeGreaterThan(0);
    expect(onTheMap.centre[0]).toBeGreaterThan(west);
    expect(onTheMap.centre[0]).toBeLessThan(east);
    expect(onTheMap.centre[1]).toBeGreaterThan(south);
    expect(onTheMap.centre[1]).toBeLessThan(north);

    await shown.getByTestId("import:commit").click();
    await statusLineSays(page, `已导入 1 条（边界 1，驻地 0）：导入 ${preview.id}`);
    await expect(importStatus(page, preview.id)).resolves.toBe("committed");
    expect(await page.getByTestId("import:preview").count()).toBe(0);
    await workspace.closeAndCheck();
  });

  it("takes the file from the file input with a progress bar, shows it again after leaving the tab, and cancels it", async () => {
    const { workspace, page } = await importTabOf("导入规划局");

    // A slow line (256 KB/s up), so that the progress bar shows part of the upload; then full speed again.
    const network = await page.context().newCDPSession(page);
    await network.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 256 * 1024 });
    const uploaded = nextUpload(page);
    await page.getByTestId("import:file-input").setInputFiles({ name: ZIP_NAME, mimeType: "application/zip", buffer: paddedZipBytes });
    await page.getByTestId("import:progress").getByText(/^正在上传 ([1-9]|[1-9]\d)%$/).waitFor();
    const partly = Number(await page.getByTestId("import:progress").locator("progress").getAttribute("value"));
    expect(partly).toBeGreaterThan(0);
    expect(partly).toBeLessThan(100);
    // The page answers meanwhile: the export date can be changed, and its links follow.
    await page.getByTestId("export:date").fill("2024-01-01");
    await expect(page.getByTestId("export:link").first().getAttribute("href")).resolves.toContain("date=2024-01-01");
    await network.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    const preview = await uploaded;
    await page.getByTestId("import:preview").waitFor();
    await expect(page.getByTestId("import:status").textContent()).resolves.toBe("待提交");
    // Leaving the tab and coming back shows the pending import again (read from the server).
    await page.locator('[role="tab"][data-tab="area"]').click();
    await page.getByTestId("import-panel").waitFor({ state: "detached" });
    const readAgain = page.waitForResponse((response) => new URL(response.url()).pathname === `/api/imports/${preview.id}`);
    await page.locator('[role="tab"][data-tab="import"]').click();
    expect((await readAgain).status()).toBe(200);
    await page.getByTestId("import:preview").waitFor();

    await page.getByTestId("import:cancel").click();
    await statusLineSays(page, `已取消导入 ${preview.id}`);
    await expect(importStatus(page, preview.id)).resolves.toBe("cancelled");
    await workspace.closeAndCheck();
  });

  it("says in words why a loose .shp dropped on the drop zone cannot be read", async () => {
    const { workspace, page } = await importTabOf("导入规划局");

    const refused = page.waitForResponse((response) => new URL(response.url()).pathname === "/api/imports");
    const transfer = await page.evaluateHandle(() => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(100)], "乡镇界.shp"));
      return data;
    });
    await page.getByTestId("import:drop-zone").dispatchEvent("drop", { dataTransfer: transfer });
    expect((await refused).status()).toBe(422);
    await expect(page.getByRole("alert").textContent()).resolves.toMatch(/^不能导入：乡镇界\.shp: a Shapefile is read zipped/);
    expect(await page.getByTestId("import:preview").count()).toBe(0);
    await workspace.closeAndCheck();
  });

  it("shows a leader the export links and no upload", async () => {
    const { workspace, page } = await importTabOf("导入领导");

    await page.getByTestId("import:read-only").waitFor();
    expect(await page.getByTestId("import:drop-zone").count()).toBe(0);
    expect(await page.locator('input[type="file"]').count()).toBe(0);
    const today = await page.getByTestId("export:date").inputValue();
    const links = page.getByTestId("export:link");
    const offered = await links.evaluateAll((anchors) =>
      anchors.map((anchor) => `${anchor.getAttribute("data-dataset")}.${anchor.getAttribute("data-format")} ${new URL((anchor as HTMLAnchorElement).href).search}`),
    );
    expect(offered).toHaveLength(12);
    expect(offered[0]).toBe(`areas.csv ?format=csv&date=${today}`);
    expect(offered.filter((link) => link.startsWith("planners.") || link.startsWith("appointments.")).map((link) => link.split(" ")[0])).toEqual([
      "appointments.csv",
      "appointments.xlsx",
      "planners.csv",
      "planners.xlsx",
    ]);
    // The link downloads with the leader's session.
    const download = await page.context().request.get((await links.first().getAttribute("href"))!.replace(/^\//, `${server!.origin}/`));
    expect(download.status()).toBe(200);
    expect(download.headers()["content-disposition"]).toMatch(/^attachment;/);
    await workspace.closeAndCheck();
  });
});
