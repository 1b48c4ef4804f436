/**
 * The chosen language for the whole page: Chinese unless the visitor switched, remembered in localStorage, and
 * mirrored to <html lang> (screen readers, CJK font fallback) and the document title.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { HTML_LANG, parseLanguage, translator, type Language, type MessageKey, type Translate } from "../../lib/i18n.ts";

const STORAGE_KEY = "planner-atlas:language";

function readStoredLanguage(): Language {
  try {
    return parseLanguage(window.localStorage.getItem(STORAGE_KEY));
  } catch {
    // Storage can be blocked (private mode, strict settings): fall back to Chinese rather than fail.
    return parseLanguage(null);
  }
}

function storeLanguage(language: Language): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not remembered across visits, but the switch still works for this page.
  }
}

interface LanguageContextValue {
  language: Language;
  t: Translate;
  setLanguage(language: Language): void;
  /** The page's own name, put before the site's in the document title (undefined: the site's name alone). */
  setTitleKey(key: MessageKey | undefined): void;
}

const LanguageContext = createContext<LanguageContextValue | null>(null);

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(readStoredLanguage);
  const [titleKey, setTitleKey] = useState<MessageKey | undefined>(undefined);
  const t = useMemo(() => translator(language), [language]);

  useEffect(() => {
    document.documentElement.lang = HTML_LANG[language];
    document.title = titleKey ? `${t(titleKey)} · ${t("app.title")}` : t("app.title");
  }, [language, t, titleKey]);

  const setLanguage = useCallback((next: Language) => {
    storeLanguage(next);
    setLanguageState(next);
  }, []);

  const value = useMemo(() => ({ language, t, setLanguage, setTitleKey }), [language, t, setLanguage]);
  return <LanguageContext value={value}>{children}</LanguageContext>;
}

/**
 * Names the page in the document title while the calling component is mounted. A lazily loaded page calls it from
 * its own chunk, after adding its words, so the title is never shown as a bare key.
 */
export function usePageTitle(key: MessageKey): void {
  const { setTitleKey } = useLanguage();
  useEffect(() => {
    setTitleKey(key);
    return () => setTitleKey(undefined);
  }, [key, setTitleKey]);
}

export function useLanguage(): LanguageContextValue {
  const value = useContext(LanguageContext);
  if (!value) throw new Error("useLanguage() needs a <LanguageProvider> above it");
  return value;
}
