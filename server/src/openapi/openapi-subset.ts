/**
 * The part of the app's OpenAPI document under one path prefix, re-rooted at that prefix: how the OGC API – Features
 * service describes itself (its service-desc). OGC clients look operations up by the path below the service root
 * (GDAL reads /collections/{id}/items to learn which property filters the server evaluates), so the paths lose the
 * prefix and the server URL gains it. Pure: the app's document is not modified.
 */

/** The few members of an OpenAPI 3.0 document that the subset touches; the rest are copied as they are. */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; description?: string; version: string };
  paths?: Record<string, unknown>;
  servers?: { url: string; description?: string }[];
  tags?: { name: string; description?: string }[];
  [member: string]: unknown;
}

/**
 * The operations of `document` whose path is `prefix` or starts with `prefix/`, with `serverUrl` as the only
 * server. Tags that no kept operation uses are dropped. With no matching path the result has empty paths.
 */
export function openApiSubset(document: OpenApiDocument, prefix: string, serverUrl: string, title: string): OpenApiDocument {
  const paths: Record<string, unknown> = {};
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    if (path === prefix) paths["/"] = item;
    else if (path.startsWith(`${prefix}/`)) paths[path.slice(prefix.length)] = item;
  }
  const usedTags = new Set<string>();
  for (const item of Object.values(paths)) {
    for (const operation of Object.values(item as Record<string, { tags?: string[] }>)) {
      for (const tag of operation?.tags ?? []) usedTags.add(tag);
    }
  }
  return {
    ...document,
    info: { ...document.info, title },
    servers: [{ url: serverUrl }],
    tags: (document.tags ?? []).filter((tag) => usedTags.has(tag.name)),
    paths,
  };
}
