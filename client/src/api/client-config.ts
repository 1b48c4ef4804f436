/** Installation settings the page reads once at start: today only the optional official basemap. */
import type { ClientConfig } from "@contracts/client-config.ts";
import { getJson } from "./http.ts";

export type { ClientConfig };
export type BasemapConfig = NonNullable<ClientConfig["basemap"]>;

export function getClientConfig(signal?: AbortSignal): Promise<ClientConfig> {
  return getJson<ClientConfig>("/api/client-config", {}, signal);
}
