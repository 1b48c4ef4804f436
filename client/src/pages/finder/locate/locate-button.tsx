import type { MessageKey } from "../../../lib/i18n.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import type { GeolocationFailure, GeolocationState } from "./use-geolocation.ts";

const FAILURE_KEYS: Record<GeolocationFailure, MessageKey> = {
  denied: "finder.locate.denied",
  unavailable: "finder.locate.unavailable",
  timeout: "finder.locate.timeout",
  unsupported: "finder.locate.unsupported",
};

interface LocateButtonProps {
  state: GeolocationState;
  onLocate(): void;
}

/** "Use my location": the button, then while locating a busy state, and on failure what happened and what else to do. */
export function LocateButton({ state, onLocate }: LocateButtonProps) {
  const { t } = useLanguage();
  const locating = state.status === "locating";
  return (
    <div className="locate">
      <button
        type="button"
        className="locate__button"
        aria-busy={locating}
        // Not `disabled`: that would throw keyboard focus off the button while the browser asks for the position.
        aria-disabled={locating}
        data-testid="locate:button"
        onClick={() => {
          if (!locating) onLocate();
        }}
      >
        <svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">
          <circle cx="9" cy="9" r="4" fill="currentColor" />
          <circle cx="9" cy="9" r="7" fill="none" stroke="currentColor" strokeWidth="1.6" />
          <path d="M9 0v3M9 15v3M0 9h3M15 9h3" stroke="currentColor" strokeWidth="1.6" />
        </svg>
        <span>{locating ? t("finder.locate.locating") : t("finder.locate.button")}</span>
      </button>
      <p className="locate__message" role="status" data-testid="locate:message">
        {state.status === "failed" ? t(FAILURE_KEYS[state.reason]) : ""}
      </p>
    </div>
  );
}
