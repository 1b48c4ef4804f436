/**
 * Sharing an answer: its address (the page keeps it in the address bar) through the phone's share sheet when the
 * browser has one (Web Share API), else copied to the clipboard, with a word of feedback either way; and the QR code
 * and printable poster, a chunk of their own loaded with the first press.
 */
import { lazy, Suspense, useState } from "react";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { copyText } from "./copy-text.ts";

const ShareSheet = lazy(() => import("./share-sheet.tsx").then((module) => ({ default: module.ShareSheet })));

/** The share buttons for the answer about `placeName`; nothing while the address names no answer. */
export function ShareBar({ placeName }: { placeName: string }) {
  const { t } = useLanguage();
  const [feedback, setFeedback] = useState("");
  const [sheetOpen, setSheetOpen] = useState(false);
  const url = window.location.href;

  const share = async () => {
    setFeedback("");
    if (typeof navigator.share === "function") {
      try {
        await navigator.share({ title: `${placeName} · ${t("finder.title")}`, url });
        return;
      } catch (error) {
        // The visitor closed the share sheet: nothing to say.
        if (error instanceof DOMException && error.name === "AbortError") return;
      }
    }
    setFeedback((await copyText(url)) ? t("finder.share.copied") : t("finder.share.copyFailed", { url }));
  };

  return (
    <div className="share-bar" data-testid="share:bar">
      <div className="share-bar__buttons">
        <button type="button" className="finder-button" data-testid="share:button" onClick={() => void share()}>
          {t("finder.share.button")}
        </button>
        <button
          type="button"
          className="finder-button"
          aria-expanded={sheetOpen}
          data-testid="share:more"
          onClick={() => setSheetOpen((open) => !open)}
        >
          {t("finder.share.more")}
        </button>
      </div>
      <p className="share-bar__feedback" role="status" data-testid="share:feedback">
        {feedback}
      </p>
      {sheetOpen ? (
        <Suspense fallback={null}>
          <ShareSheet url={url} />
        </Suspense>
      ) : null}
    </div>
  );
}
