import { useLanguage } from "../language/language-context.tsx";
import type { Resource } from "./use-resource.ts";

/** The loading line or the error with a retry button, for a resource that has not (yet) succeeded. */
export function ResourceStatus({ resource }: { resource: Resource<unknown> & { retry(): void } }) {
  const { t } = useLanguage();
  if (resource.status === "error") {
    return (
      <div className="resource-error" role="alert">
        <p>{t("status.loadFailed", { title: resource.problem.detail ?? resource.problem.title })}</p>
        <button type="button" onClick={resource.retry}>
          {t("status.retry")}
        </button>
      </div>
    );
  }
  if (resource.status === "loading") {
    return (
      <p className="resource-loading" role="status">
        {t("status.loading")}
      </p>
    );
  }
  return null;
}
