/**
 * On a phone the sections under the map (rollout, vacant posts, counties, units, work) are tabs, one shown at a time,
 * so that the page stays a few screens long; on a wider screen the tab bar is hidden and every section shows
 * (dashboard.css). Arrow keys move between the tabs, as the WAI-ARIA tabs pattern has it.
 */
import type { KeyboardEvent } from "react";
import { useLanguage } from "../../features/language/language-context.tsx";

const PHONE_TABS = ["rollout", "vacancies", "counties", "units", "work"] as const;
export type PhoneTab = (typeof PHONE_TABS)[number];

export function PhoneTabs({ selected, onSelect }: { selected: PhoneTab; onSelect(tab: PhoneTab): void }) {
  const { t } = useLanguage();
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = PHONE_TABS[(PHONE_TABS.indexOf(selected) + step + PHONE_TABS.length) % PHONE_TABS.length]!;
    onSelect(next);
    document.getElementById(`dashboard-tab-${next}`)?.focus();
  };
  return (
    <div className="dashboard-tabs" role="tablist" aria-label={t("dashboard.tabs.label")} data-testid="dashboard:tabs" onKeyDown={onKeyDown}>
      {PHONE_TABS.map((tab) => (
        <button
          key={tab}
          type="button"
          role="tab"
          id={`dashboard-tab-${tab}`}
          aria-selected={tab === selected}
          aria-controls={`dashboard-tabpanel-${tab}`}
          tabIndex={tab === selected ? 0 : -1}
          data-testid={`dashboard:tab-${tab}`}
          onClick={() => onSelect(tab)}
        >
          {t(`dashboard.tabs.${tab}`)}
        </button>
      ))}
    </div>
  );
}
