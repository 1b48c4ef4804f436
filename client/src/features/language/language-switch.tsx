import { HTML_LANG } from "../../lib/i18n.ts";
import { useLanguage } from "./language-context.tsx";

/** One button that switches between Chinese and English; its text is in the language it switches to. */
export function LanguageSwitch() {
  const { language, t, setLanguage } = useLanguage();
  const next = language === "zh" ? "en" : "zh";
  return (
    <button
      type="button"
      className="language-switch"
      lang={HTML_LANG[next]}
      aria-label={t("language.switchLabel")}
      data-testid="app:language-switch"
      onClick={() => setLanguage(next)}
    >
      {t("language.switch")}
    </button>
  );
}
