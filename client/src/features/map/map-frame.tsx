/**
 * The frame of a page's map: the element the map fills, its zoom and "whole city" buttons (a page may add its own
 * after them), and the message that replaces them when the map cannot start. Class names are the page's CSS block:
 * `block`, `block__canvas`, `block__unavailable`, `block__controls`.
 */
import type { ReactNode } from "react";
import type { PageMap } from "./use-map.ts";

/** The frame's words: the message when the map cannot start, the buttons' group (its accessible name) and the buttons. */
type MapFrameWord = "unavailable" | "controls" | "zoomIn" | "zoomOut" | "showWholeCity";

interface MapFrameProps {
  map: PageMap;
  block: string;
  /** data-testid of the element the map fills. */
  testId: string;
  /** The page's text of each of the frame's words. */
  wordOf(word: MapFrameWord): string;
  /** More buttons, after the frame's own. */
  children?: ReactNode;
  /** A word shown on the "whole city" button instead of its symbol (全市), which alone reads as "full screen". */
  wholeCityText?: string;
}

export function MapFrame({ map: { containerRef, controller, unavailable }, block, testId, wordOf, children, wholeCityText }: MapFrameProps) {
  return (
    <div className={block}>
      <div ref={containerRef} className={`${block}__canvas`} data-testid={testId} />
      {unavailable ? (
        <p className={`${block}__unavailable`} role="alert">
          {wordOf("unavailable")}
        </p>
      ) : (
        <div className={`${block}__controls`} role="group" aria-label={wordOf("controls")}>
          <button type="button" aria-label={wordOf("zoomIn")} title={wordOf("zoomIn")} onClick={() => controller?.zoomIn()}>
            <span aria-hidden="true">+</span>
          </button>
          <button type="button" aria-label={wordOf("zoomOut")} title={wordOf("zoomOut")} onClick={() => controller?.zoomOut()}>
            <span aria-hidden="true">−</span>
          </button>
          <button type="button" aria-label={wordOf("showWholeCity")} title={wordOf("showWholeCity")} data-testid="map:whole-city" onClick={() => controller?.showWholeCity()}>
            {wholeCityText ? (
              <span className={`${block}__word`} aria-hidden="true">
                {wholeCityText}
              </span>
            ) : (
              <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
                <path d="M2 6V2h4M10 2h4v4M14 10v4h-4M6 14H2v-4" fill="none" stroke="currentColor" strokeWidth="1.8" />
              </svg>
            )}
          </button>
          {children}
        </div>
      )}
    </div>
  );
}
