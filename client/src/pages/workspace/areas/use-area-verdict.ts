/**
 * The judge's verdict (POST /api/areas/check) on the draft while it changes: asked a moment after the last change
 * (debounced, so painting ten townships asks once), the earlier question aborted. Nothing is saved.
 */
import { useEffect, useMemo, useState } from "react";
import { toApiProblem, type ApiProblem } from "../../../api/api-problem.ts";
import { checkArea, type AreaCheckBody, type AreaVerdict } from "../../../api/areas.ts";
import type { AreaDraft } from "../workspace-context.tsx";

const DEBOUNCE_MS = 400;

type Answer = { proposal: AreaCheckBody } & ({ ok: true; verdict: AreaVerdict } | { ok: false; problem: ApiProblem });

/**
 * The verdict on `proposal` (a new object means a new question: memoize it on what it is made of); null while there
 * is no proposal or while its verdict is awaited (checking).
 */
function useAreaVerdict(proposal: AreaCheckBody | null): { verdict: AreaVerdict | null; checking: boolean; problem: ApiProblem | null } {
  const [answer, setAnswer] = useState<Answer | null>(null);
  useEffect(() => {
    if (!proposal) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      checkArea(proposal, controller.signal).then(
        (verdict) => setAnswer({ proposal, ok: true, verdict }),
        (error: unknown) => {
          if (!controller.signal.aborted) setAnswer({ proposal, ok: false, problem: toApiProblem(error) });
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [proposal]);
  const current = proposal && answer?.proposal === proposal ? answer : null;
  return {
    verdict: current?.ok ? current.verdict : null,
    checking: proposal !== null && current === null,
    problem: current && !current.ok ? current.problem : null,
  };
}

/** The verdict on a draft of an area of `kind` (replacing `areaId`, null for a new one) while `active`. */
export function useDraftVerdict(kind: AreaCheckBody["kind"], areaId: number | null, draft: AreaDraft | null, active: boolean) {
  const members = draft?.members;
  const geometry = draft?.geometry;
  const proposal = useMemo<AreaCheckBody | null>(
    () =>
      active && members
        ? { kind, members, ...(areaId === null ? {} : { areaId }), ...(geometry ? { geometry: geometry as AreaCheckBody["geometry"] & object } : {}) }
        : null,
    [active, kind, areaId, members, geometry],
  );
  return useAreaVerdict(proposal);
}
