/** The QR code of the answer's link, the link itself, and the way to its printable poster. A chunk of its own. */
import { useLanguage } from "../../../features/language/language-context.tsx";
import { QrCode } from "./qr-code.tsx";
import { posterAddress } from "./share-address.ts";
import "./share-messages.ts";
import "./share.css";

export function ShareSheet({ url }: { url: string }) {
  const { t } = useLanguage();
  return (
    <div className="share-sheet" data-testid="share:sheet">
      <QrCode url={url} label={t("finder.shareSheet.qrLabel", { url })} className="share-sheet__qr" />
      <p className="share-sheet__scan">{t("finder.shareSheet.scan")}</p>
      <p className="share-sheet__link">
        {t("finder.shareSheet.link")}：
        <a href={url} data-testid="share:link" translate="no">
          {url}
        </a>
      </p>
      <a className="finder-button share-sheet__poster" href={posterAddress(url)} target="_blank" rel="noopener" data-testid="share:poster">
        {t("finder.shareSheet.poster")}
      </a>
    </div>
  );
}
