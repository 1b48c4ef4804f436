import { getHealth } from "../../api/health.ts";
import { useLanguage } from "../language/language-context.tsx";
import { useResource } from "../common/use-resource.ts";

/** A quiet footer line naming the database the server runs on, or saying it is unavailable. */
export function DatabaseStatus() {
  const { t } = useLanguage();
  const health = useResource("health", getHealth);
  if (health.status === "loading" || health.status === "idle") return null;
  const text =
    health.status === "error"
      ? t("health.unavailable")
      : t("health.database", { database: t(health.data.database === "pglite" ? "health.pglite" : "health.postgis"), postgis: health.data.postgis });
  return (
    <p className="database-status" data-testid="app:database-status">
      {text}
    </p>
  );
}
