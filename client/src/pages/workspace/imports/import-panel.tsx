/** Import (drop a file, preview, commit or cancel) and export (to be built). */
import { useLanguage } from "../../../features/language/language-context.tsx";

export function ImportPanel() {
  const { t } = useLanguage();
  return <p>{t("workspace.loading")}</p>;
}
