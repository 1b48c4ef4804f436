/**
 * The API docs page at /api/docs: Swagger UI from the swagger-ui-dist package's own files (no CDN, no outside
 * request), reading the app's OpenAPI document from beside the page. The page and its start script are ours; the
 * UI's files are sent from the package folder, which is looked up on the first request for one, not at start.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/** The files of swagger-ui-dist the page uses, by the name they are served under, with their media type. */
const DOCS_ASSETS: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "swagger-ui-standalone-preset.js": "text/javascript; charset=utf-8",
  "favicon-32x32.png": "image/png",
};

let assetFolder: string | undefined;

/** The folder of the swagger-ui-dist package, found once. */
function docsAssetFolder(): string {
  assetFolder ??= path.dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
  return assetFolder;
}

/** A readable stream of one allowlisted asset; undefined for a name that is not one. */
export function openDocsAsset(name: string): { stream: fs.ReadStream; type: string } | undefined {
  const type = Object.hasOwn(DOCS_ASSETS, name) ? DOCS_ASSETS[name] : undefined;
  if (type === undefined) return undefined;
  return { stream: fs.createReadStream(path.join(docsAssetFolder(), name)), type };
}

/** The page: every URL in it is under `prefix`, so it works behind any host. */
export function docsPageHtml(prefix: string, title: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)}</title>
  <link rel="icon" type="image/png" href="${prefix}/static/favicon-32x32.png">
  <link rel="stylesheet" href="${prefix}/static/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="${prefix}/static/swagger-ui-bundle.js"></script>
  <script src="${prefix}/static/swagger-ui-standalone-preset.js"></script>
  <script src="${prefix}/start.js"></script>
</body>
</html>
`;
}

/** The page's start script: Swagger UI on the document at `${prefix}/json`. */
export function docsStartScript(prefix: string): string {
  const options = {
    url: `${prefix}/json`,
    dom_id: "#swagger-ui",
    deepLinking: true,
    docExpansion: "list",
    defaultModelsExpandDepth: 0,
    layout: "BaseLayout",
  };
  return `window.ui = SwaggerUIBundle(Object.assign(${JSON.stringify(options)}, { presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset] }));\n`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (character) => `&#${character.charCodeAt(0)};`);
}
