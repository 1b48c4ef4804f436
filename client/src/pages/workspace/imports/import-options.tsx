/**
 * The upload's options, as POST /api/imports takes them: the boundaries' provenance, the coordinate system (detected,
 * a named one, or an EPSG code), whether to repair invalid polygons and to skip features that match no division.
 */
import type { ImportOptions } from "../../../api/imports.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";

const PROVENANCES = ["official", "approximate", "imported"] as const;
const NAMED_SYSTEMS = ["wgs84", "cgcs2000", "gcj02", "bd09"] as const;
/** The systems the bureau's files come in (Jincheng: Gauss-Krüger zones 37/38 with and without the zone number). */
const COMMON_EPSG_CODES = ["4525", "4526", "4546", "4547", "4490", "3857"] as const;

/** What the form holds: "" for "as the file says"; coordinates "epsg" takes the code from `epsgCode`. */
export interface ImportOptionsForm {
  provenance: "" | (typeof PROVENANCES)[number];
  coordinates: "" | (typeof NAMED_SYSTEMS)[number] | "epsg";
  epsgCode: string;
  repair: boolean;
  skipUnmatched: boolean;
}

export const DEFAULT_IMPORT_OPTIONS: ImportOptionsForm = { provenance: "", coordinates: "", epsgCode: "", repair: false, skipUnmatched: false };

/** The options to send; an EPSG choice without a code is left to the file (the server checks the code itself). */
export function importOptionsOf(form: ImportOptionsForm): ImportOptions {
  const code = form.epsgCode.trim();
  const coordinates = form.coordinates === "epsg" ? (code ? `epsg:${code}` : undefined) : form.coordinates || undefined;
  return {
    ...(form.provenance ? { provenance: form.provenance } : {}),
    ...(coordinates ? { coordinates } : {}),
    repair: form.repair,
    skipUnmatched: form.skipUnmatched,
  };
}

export function ImportOptionsFields({ value, onChange, disabled }: { value: ImportOptionsForm; onChange(next: ImportOptionsForm): void; disabled: boolean }) {
  const { t } = useLanguage();
  const set = (change: Partial<ImportOptionsForm>) => onChange({ ...value, ...change });
  return (
    <fieldset className="import-options" disabled={disabled}>
      <legend>{t("workspace.import.options")}</legend>
      <label>
        {t("workspace.import.provenance")}
        <select value={value.provenance} onChange={(event) => set({ provenance: event.target.value as ImportOptionsForm["provenance"] })}>
          <option value="">{t("workspace.import.provenance.file")}</option>
          {PROVENANCES.map((provenance) => (
            <option key={provenance} value={provenance}>
              {t(`workspace.import.provenance.${provenance}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("workspace.import.coordinates")}
        <select
          value={value.coordinates}
          data-testid="import:coordinates-choice"
          onChange={(event) => set({ coordinates: event.target.value as ImportOptionsForm["coordinates"] })}
        >
          <option value="">{t("workspace.import.coordinates.auto")}</option>
          {NAMED_SYSTEMS.map((system) => (
            <option key={system} value={system}>
              {t(`workspace.import.coordinates.${system}`)}
            </option>
          ))}
          <option value="epsg">{t("workspace.import.coordinates.epsg")}</option>
        </select>
      </label>
      {value.coordinates === "epsg" && (
        <label>
          {t("workspace.import.epsgCode")}
          <input
            inputMode="numeric"
            pattern="[0-9]{4,5}"
            list="import-epsg-codes"
            value={value.epsgCode}
            onChange={(event) => set({ epsgCode: event.target.value })}
          />
          <datalist id="import-epsg-codes">
            {COMMON_EPSG_CODES.map((code) => (
              <option key={code} value={code} />
            ))}
          </datalist>
        </label>
      )}
      <label className="import-check">
        <input type="checkbox" checked={value.repair} onChange={(event) => set({ repair: event.target.checked })} />
        {t("workspace.import.repair")}
      </label>
      <label className="import-check">
        <input type="checkbox" checked={value.skipUnmatched} onChange={(event) => set({ skipUnmatched: event.target.checked })} />
        {t("workspace.import.skipUnmatched")}
      </label>
    </fieldset>
  );
}
