/** Planners: the list, a profile with per-field consent to publish contacts (to be built). */
import { useLanguage } from "../../../features/language/language-context.tsx";

export function PlannersPanel() {
  const { t } = useLanguage();
  return <p>{t("workspace.loading")}</p>;
}
