/**
 * The button under an answer that opens the opinion form for that place. Small and in the answer panel's chunk; the
 * form itself (and its words, and the proof-of-work worker) loads only when the button is pressed.
 */
import { lazy, Suspense, useState } from "react";
import type { LonLat } from "../../../api/lookup.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";

const OpinionForm = lazy(() => import("./opinion-form.tsx").then((module) => ({ default: module.OpinionForm })));

export function OpinionEntry({ place, placeName }: { place: LonLat; placeName: string }) {
  const { t } = useLanguage();
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <p className="opinion-entry">
        <button type="button" className="finder-button" data-testid="opinion:open" onClick={() => setOpen(true)}>
          {t("finder.opinion.leave")}
        </button>
      </p>
    );
  }
  return (
    <section className="answer-section">
      <Suspense fallback={<p className="answer__loading" aria-hidden="true" />}>
        <OpinionForm place={place} placeName={placeName} onClose={() => setOpen(false)} />
      </Suspense>
    </section>
  );
}
