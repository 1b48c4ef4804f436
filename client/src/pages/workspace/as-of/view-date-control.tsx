/**
 * The header's date control: the day the workspace's map and lists show (today in Jincheng by default), any day from
 * the programme's first year to today, and a way back to today. A past day is read-only, and it says so.
 */
import { useLanguage } from "../../../features/language/language-context.tsx";
import { addMessages } from "../../../lib/i18n.ts";
import { isIsoDate, jinchengToday } from "../../../lib/calendar-dates.ts";
import { useWorkspace } from "../workspace-context.tsx";
import { AS_OF_EN, AS_OF_ZH } from "./as-of-messages.ts";

addMessages(AS_OF_ZH, AS_OF_EN);

/** The first day worth asking about: the programme was prepared in 2021 (the posts timeline starts there too). */
const FIRST_DAY = "2021-01-01";

export function ViewDateControl() {
  const { t } = useLanguage();
  const { viewDate, setViewDate, asOf } = useWorkspace();
  const today = jinchengToday();
  return (
    <div className="workspace-as-of" data-testid="as-of">
      <label>
        {t("workspace.asOf.label")}{" "}
        <input
          type="date"
          min={FIRST_DAY}
          max={today}
          value={viewDate}
          data-testid="as-of:date"
          onChange={(event) => {
            const value = event.currentTarget.value;
            if (isIsoDate(value) && value >= FIRST_DAY) setViewDate(value <= today ? value : today);
          }}
        />
      </label>
      {asOf !== null && (
        <>
          <span className="workspace-read-only" role="status" data-testid="as-of:past">
            {t("workspace.asOf.past", { date: asOf })}
          </span>
          <button type="button" onClick={() => setViewDate(today)} data-testid="as-of:today">
            {t("workspace.asOf.today")}
          </button>
        </>
      )}
    </div>
  );
}
