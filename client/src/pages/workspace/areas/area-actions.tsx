/**
 * The bureau's actions on the whole area: lock (a finished area is protected from accidental edits; a locked one
 * offers only unlock) and retire (from a date, with a reason; its posts held past it end with it).
 */
import { useId, useState, type FormEvent } from "react";
import type { Area } from "../../../api/areas.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import type { AreaChange } from "./use-area-writes.ts";

interface ActionProps {
  area: Area;
  busy: boolean;
  send(change: AreaChange): Promise<boolean>;
}

export function LockControl({ area, busy, send }: ActionProps) {
  const { t } = useLanguage();
  return (
    <p className="area-lock">
      {area.locked && <span className="area-locked-hint">{t("workspace.area.lockedHint")} </span>}
      <button type="button" disabled={busy} onClick={() => void send({ kind: "update", body: { locked: !area.locked } })} data-testid="area:lock">
        {area.locked ? t("workspace.area.unlock") : t("workspace.area.lock")}
      </button>
    </p>
  );
}

/** Today in China time, YYYY-MM-DD. */
function todayInChina(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export function RetireForm({ busy, send }: Omit<ActionProps, "area">) {
  const { t } = useLanguage();
  const id = useId();
  const [on, setOn] = useState(todayInChina);
  const [reason, setReason] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim() === "") return;
    void send({ kind: "retire", body: { on, reason: reason.trim() } });
  };
  return (
    <details className="area-retire" data-testid="area:retire">
      <summary>{t("workspace.area.retire")}</summary>
      <form onSubmit={submit}>
        <label htmlFor={`${id}-on`}>{t("workspace.area.retireOn")}</label>
        <input id={`${id}-on`} type="date" required min="2000-01-01" max="2100-12-31" value={on} onChange={(event) => setOn(event.target.value)} />
        <label htmlFor={`${id}-reason`}>{t("workspace.area.retireReason")}</label>
        <textarea id={`${id}-reason`} required maxLength={1000} value={reason} onChange={(event) => setReason(event.target.value)} />
        <button type="submit" disabled={busy || reason.trim() === ""}>
          {t("workspace.area.retireSubmit")}
        </button>
      </form>
    </details>
  );
}
