/**
 * The answer as a bottom sheet on a phone: three heights (peek, half, full), dragged by its handle with pointer events
 * (mouse, touch, pen) or moved with the handle's keys (Enter/Space: open or fold; Arrow Up/Down: one height up or
 * down). While dragged the sheet follows the finger; on release it settles at the nearest height. From the wide
 * layout on, app.css ignores all of this (the answer is a column).
 */
import { useCallback, useRef, useState, type KeyboardEvent, type PointerEvent, type RefObject } from "react";

type SheetHeight = "peek" | "half" | "full";
const HEIGHTS: SheetHeight[] = ["peek", "half", "full"];

/** The peek height in px and the half height as a share of the window: the same figures as app.css. */
const PEEK_PX = 176;
const HALF_SHARE = 0.5;
/** A press that moves less than this is a press (the button toggles), not a drag. */
const DRAG_THRESHOLD_PX = 8;

interface Drag {
  pointerId: number;
  startY: number;
  startHeight: number;
  maxHeight: number;
  moved: boolean;
}

export interface AnswerSheet {
  height: SheetHeight;
  /** True while a finger drags the sheet (the page drops the height transition then). */
  dragging: boolean;
  setHeight(height: SheetHeight): void;
  handleProps: {
    onPointerDown(event: PointerEvent<HTMLElement>): void;
    onPointerMove(event: PointerEvent<HTMLElement>): void;
    onPointerUp(event: PointerEvent<HTMLElement>): void;
    onPointerCancel(event: PointerEvent<HTMLElement>): void;
    onClick(): void;
    onKeyDown(event: KeyboardEvent<HTMLElement>): void;
  };
}

/** The sheet's height state and its handle's events; `panel` is the sheet, `top` the element it may grow up to. */
export function useAnswerSheet(panel: RefObject<HTMLElement | null>, top: RefObject<HTMLElement | null>, initial: SheetHeight): AnswerSheet {
  const [height, setHeight] = useState<SheetHeight>(initial);
  const [dragging, setDragging] = useState(false);
  const drag = useRef<Drag | null>(null);
  // A drag ends with a click on the handle: that click must not fold the sheet again.
  const swallowClick = useRef(false);

  const endDrag = useCallback(
    (event: PointerEvent<HTMLElement>, settle: boolean) => {
      const current = drag.current;
      const element = panel.current;
      if (!current || current.pointerId !== event.pointerId || !element) return;
      drag.current = null;
      if (!current.moved) return;
      swallowClick.current = true;
      const reached = element.getBoundingClientRect().height;
      element.style.removeProperty("height");
      setDragging(false);
      if (!settle) return;
      const targets: Record<SheetHeight, number> = { peek: PEEK_PX, half: window.innerHeight * HALF_SHARE, full: current.maxHeight };
      const nearest = HEIGHTS.reduce((best, candidate) => (Math.abs(targets[candidate] - reached) < Math.abs(targets[best] - reached) ? candidate : best));
      setHeight(nearest);
    },
    [panel],
  );

  const handleProps: AnswerSheet["handleProps"] = {
    onPointerDown(event) {
      const element = panel.current;
      if (!element || (event.pointerType === "mouse" && event.button !== 0)) return;
      swallowClick.current = false;
      const bottom = element.getBoundingClientRect().bottom;
      const topEdge = top.current?.getBoundingClientRect().bottom ?? 0;
      drag.current = {
        pointerId: event.pointerId,
        startY: event.clientY,
        startHeight: element.getBoundingClientRect().height,
        maxHeight: Math.max(PEEK_PX, bottom - topEdge),
        moved: false,
      };
      event.currentTarget.setPointerCapture(event.pointerId);
    },
    onPointerMove(event) {
      const current = drag.current;
      const element = panel.current;
      if (!current || current.pointerId !== event.pointerId || !element) return;
      const delta = current.startY - event.clientY;
      if (!current.moved && Math.abs(delta) < DRAG_THRESHOLD_PX) return;
      if (!current.moved) {
        current.moved = true;
        setDragging(true);
      }
      const next = Math.min(current.maxHeight, Math.max(PEEK_PX / 2, current.startHeight + delta));
      element.style.height = `${Math.round(next)}px`;
    },
    onPointerUp: (event) => endDrag(event, true),
    onPointerCancel: (event) => endDrag(event, false),
    onClick() {
      if (swallowClick.current) {
        swallowClick.current = false;
        return;
      }
      setHeight((current) => (current === "peek" ? "half" : "peek"));
    },
    onKeyDown(event) {
      const step = event.key === "ArrowUp" ? 1 : event.key === "ArrowDown" ? -1 : 0;
      if (step === 0) return;
      event.preventDefault();
      setHeight((current) => HEIGHTS[Math.min(HEIGHTS.length - 1, Math.max(0, HEIGHTS.indexOf(current) + step))]!);
    },
  };

  return { height, dragging, setHeight, handleProps };
}
