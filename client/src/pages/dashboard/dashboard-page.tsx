/**
 * The leadership dashboard at /dashboard. Loaded lazily from main.tsx, so deck.gl and the chart code it pulls in
 * never reach the public page's bundle.
 */
import { useLanguage } from "../../features/language/language-context.tsx";

export default function DashboardPage() {
  const { t } = useLanguage();
  return (
    <div className="app" data-testid="dashboard">
      <h1>{t("dashboard.title")}</h1>
    </div>
  );
}
