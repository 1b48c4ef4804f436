/**
 * The one way a page holds a map: creates the map controller (map/map-controller.ts) when the component mounts, with
 * the page's layers, and removes it when it unmounts; puts the installation's basemap under it; keeps its words in
 * the chosen language. MapLibre is most of a page's JavaScript, so the controller is a chunk of its own, requested by
 * the first call of preloadMap (a page may call it while it first renders, before its first commit).
 */
import { useEffect, useRef, useState, type RefObject } from "react";
import { getClientConfig, type ClientConfig } from "../../api/client-config.ts";
import type { MapController, MapControllerOptions, MapLabels } from "../../map/map-controller.ts";
import { TEST_HOOKS_FLAG } from "../../map/map-test-hook.ts";

type MapModule = typeof import("../../map/map-controller.ts");
let mapModule: Promise<MapModule> | undefined;
let clientConfig: Promise<ClientConfig> | undefined;

/** Starts loading the map module (once); the promise of the module. */
export function preloadMap(): Promise<MapModule> {
  mapModule ??= import("../../map/map-controller.ts");
  return mapModule;
}

/** What a page's map is made of: read once, when the map is created (the labels follow the language later). */
export type MapSetup = Omit<MapControllerOptions, "container" | "exposeTestHook">;

export interface PageMap {
  /** Give it to the element the map fills. */
  containerRef: RefObject<HTMLDivElement | null>;
  /** Null until the map module has arrived and the map started. */
  controller: MapController | null;
  /** True when the map cannot start (no WebGL2, or its module failed to load): the page says so and works on without. */
  unavailable: boolean;
}

function testHooksRequested(): boolean {
  return (window as unknown as Record<string, unknown>)[TEST_HOOKS_FLAG] === true;
}

/** A ref that always holds the latest value: for callbacks handed once to the map but meant to call the latest props. */
export function useLatest<T>(value: T): RefObject<T> {
  const ref = useRef(value);
  useEffect(() => {
    ref.current = value;
  });
  return ref;
}

/** The page's map; `setup` is called once, when the map module has arrived. */
export function useMap(setup: () => MapSetup, labels: MapLabels): PageMap {
  const containerRef = useRef<HTMLDivElement>(null);
  const [controller, setController] = useState<MapController | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  const setupRef = useRef(setup);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let cancelled = false;
    let created: MapController | null = null;
    // No basemap unless the installation configures one; a failed config request means none, never a broken map.
    clientConfig ??= getClientConfig();
    preloadMap().then(
      ({ createMapController }) => {
        if (cancelled) return;
        try {
          created = createMapController({ ...setupRef.current(), container, exposeTestHook: testHooksRequested() });
          setController(created);
        } catch (error) {
          // No WebGL2 (old browser, blocked GPU): say so and keep the rest of the page usable.
          console.warn("the map could not start", error);
          setUnavailable(true);
        }
      },
      (error: unknown) => {
        console.warn("the map module could not be loaded", error);
        if (!cancelled) setUnavailable(true);
      },
    );
    return () => {
      cancelled = true;
      created?.destroy();
      setController(null);
    };
  }, []);

  useEffect(() => {
    let current = true;
    clientConfig?.then(
      (config) => {
        if (current) controller?.setBasemap(config.basemap ?? null);
      },
      () => {},
    );
    return () => {
      current = false;
    };
  }, [controller]);

  const { map, attribution, twoFingers } = labels;
  useEffect(() => controller?.setLabels({ map, attribution, twoFingers }), [controller, map, attribution, twoFingers]);

  return { containerRef, controller, unavailable };
}
