/**
 * Files dragged onto the workspace while the hook is mounted (the bureau's import tab is open): dropped on the drop
 * zone or on the map (the workspace's centre column) they are handed to `onFiles`; dropped anywhere else they are
 * refused, and the browser is kept from opening the file in place of the workspace (which would lose unsaved work).
 * Window-level listeners, so the map needs to know nothing about imports.
 */
import { useEffect, useRef, useState, type RefObject } from "react";

/** The map's column of the workspace layout (workspace-page.tsx). */
const CENTRE_SELECTOR = ".workspace-centre";

export interface FileDrag {
  /** True while files are dragged over the page. */
  dragging: boolean;
  /** Where the map column is on screen while dragging (to mark it as a drop target); null when not dragging. */
  centre: DOMRect | null;
}

function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes("Files") ?? false;
}

export function useFileDrop(zone: RefObject<HTMLElement | null>, onFiles: (files: File[]) => void): FileDrag {
  const [drag, setDrag] = useState<FileDrag>({ dragging: false, centre: null });
  const onFilesRef = useRef(onFiles);
  useEffect(() => {
    onFilesRef.current = onFiles;
  });

  useEffect(() => {
    const accepts = (target: EventTarget | null): boolean => {
      const element = target instanceof Element ? target : target instanceof Node ? target.parentElement : null;
      return element !== null && ((zone.current?.contains(element) ?? false) || element.closest(CENTRE_SELECTOR) !== null);
    };
    const stop = () => setDrag({ dragging: false, centre: null });
    const onDragEnter = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      setDrag((current) => (current.dragging ? current : { dragging: true, centre: document.querySelector(CENTRE_SELECTOR)?.getBoundingClientRect() ?? null }));
    };
    const onDragOver = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = accepts(event.target) ? "copy" : "none";
    };
    // relatedTarget is null only when the drag leaves the window (moving between elements names the next one).
    const onDragLeave = (event: DragEvent) => {
      if (event.relatedTarget === null) stop();
    };
    const onDrop = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      stop();
      const files = [...(event.dataTransfer?.files ?? [])];
      if (files.length > 0 && accepts(event.target)) onFilesRef.current(files);
    };
    window.addEventListener("dragenter", onDragEnter);
    window.addEventListener("dragover", onDragOver);
    window.addEventListener("dragleave", onDragLeave);
    window.addEventListener("drop", onDrop);
    window.addEventListener("dragend", stop);
    return () => {
      window.removeEventListener("dragenter", onDragEnter);
      window.removeEventListener("dragover", onDragOver);
      window.removeEventListener("dragleave", onDragLeave);
      window.removeEventListener("drop", onDrop);
      window.removeEventListener("dragend", stop);
    };
  }, [zone]);

  return drag;
}
