/** The workspace's map, through the one map module, with its modes (to be built). */
import { useLanguage } from "../../../features/language/language-context.tsx";

export function WorkspaceMapView() {
  const { t } = useLanguage();
  return <div className="workspace-map">{t("workspace.loading")}</div>;
}
