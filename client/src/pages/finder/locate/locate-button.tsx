import type { MessageKey } from "../../../lib/i18n.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import "../map/map-messages.ts";
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

/**
 * The one "where am I" button, on the map under its zoom buttons, with the symbol Chinese map apps use for it; while
 * locating a busy state, and on failure what happened and what else to do, beside it. It stays when the map cannot
 * start: the position still finds the planner.
 */
export function LocateButton({ state, onLocate }: LocateButtonProps) {
  const { t } = useLanguage();
  const locating = state.status === "locating";
  const label = locating ? t("finderMap.locating") : t("finderMap.locate");
  return (
    <div className="map-locate">
      <button
        type="button"
        className="map-locate__button"
        aria-label={label}
        title={label}
        aria-busy={locating}
        // Not `disabled`: that would throw keyboard focus off the button while the browser asks for the position.
        aria-disabled={locating}
        data-testid="locate:button"
        onClick={() => {
          if (!locating) onLocate();
        }}
      >
        <svg width="22" height="22" viewBox="0 0 22 22" aria-hidden="true">
          <circle cx="11" cy="11" r="3.5" fill="currentColor" />
          <circle cx="11" cy="11" r="7" fill="none" stroke="currentColor" strokeWidth="1.8" />
          <path d="M11 1v3.5M11 17.5V21M1 11h3.5M17.5 11H21" stroke="currentColor" strokeWidth="1.8" />
        </svg>
      </button>
      <p className="map-locate__message" role="status" data-testid="locate:message">
        {state.status === "failed" ? t(FAILURE_KEYS[state.reason]) : ""}
      </p>
    </div>
  );
}
