/** The selected area: its form, the judge's verdict, its posts and its history (to be built). */
import { useLanguage } from "../../../features/language/language-context.tsx";
import { useWorkspace } from "../workspace-context.tsx";

export function AreaPanel() {
  const { t } = useLanguage();
  const { selectedAreaId } = useWorkspace();
  if (selectedAreaId === null) return <p>{t("workspace.area.none")}</p>;
  return <p data-area-id={selectedAreaId}>{t("workspace.loading")}</p>;
}
