/**
 * The street-map choice on the finder's map, shown only when the installation has a basemap (TIANDITU_TOKEN): off at
 * first, so that no request goes to 天地图 until the visitor asks for its streets and place names. A chunk of its own.
 */
import { useLanguage } from "../../../features/language/language-context.tsx";
import "./map-messages.ts";

interface BasemapChoiceProps {
  shown: boolean;
  onChange(shown: boolean): void;
}

export function BasemapChoice({ shown, onChange }: BasemapChoiceProps) {
  const { t } = useLanguage();
  return (
    <button
      type="button"
      className="map-basemap"
      aria-pressed={shown}
      title={t("finderMap.streetMapHint")}
      data-testid="map:basemap-choice"
      onClick={() => onChange(!shown)}
    >
      <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
        <path d="M1 3.5l4.5-2 5 2 4.5-2v11l-4.5 2-5-2-4.5 2z M5.5 1.5v11 M10.5 3.5v11" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" />
      </svg>
      {t("finderMap.streetMap")}
      <span className="map-basemap__state" aria-hidden="true">
        {shown ? "✓" : ""}
      </span>
    </button>
  );
}
