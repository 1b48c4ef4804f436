/**
 * The forms of the post timeline's actions, each with the dates and the reason the API asks for: appoint a planner
 * to an empty post, renew a holder for one more contract year, reassign the post (the old holder ends the day the new
 * one starts) and end an appointment. They only collect and send; area-posts.tsx answers what the server says.
 */
import { useMemo, useState, type FormEvent, type ReactNode } from "react";
import type { AreaAppointment, AppointmentRole, CreateAppointmentBody, EndAppointmentBody, ReassignAppointmentBody } from "../../../api/appointments.ts";
import { listPlanners } from "../../../api/planners.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { useResource } from "../../../features/resource/use-resource.ts";
import { useWorkspace } from "../workspace-context.tsx";

const METHODS = ["open_recruitment", "directed_commission"] as const;
type Method = "" | (typeof METHODS)[number];

/** The terms every new appointment may carry: how the planner was chosen, contract years, whether paid. */
interface Terms {
  selectionMethod: Method;
  contractYears: string;
  paid: boolean;
}

const termsBody = (terms: Terms) => ({
  selectionMethod: terms.selectionMethod === "" ? null : terms.selectionMethod,
  contractYears: terms.contractYears === "" ? null : Number(terms.contractYears),
  paid: terms.paid,
});

interface FormFrameProps {
  title: string;
  busy: boolean;
  canSubmit: boolean;
  onSubmit(): void;
  onCancel(): void;
  children: ReactNode;
}

/** A titled form with confirm and cancel; Escape is left to the workspace (it leaves the map's mode). */
function FormFrame({ title, busy, canSubmit, onSubmit, onCancel, children }: FormFrameProps) {
  const { t } = useLanguage();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (canSubmit) onSubmit();
  };
  return (
    <form className="posts-form" onSubmit={submit} aria-label={title} data-testid="posts-form">
      <h4>{title}</h4>
      <fieldset disabled={busy}>{children}</fieldset>
      <div className="planners-actions">
        <button type="submit" disabled={busy || !canSubmit} data-testid="posts-form:submit">
          {busy ? t("workspace.posts.busy") : t("workspace.posts.submit")}
        </button>
        <button type="button" onClick={onCancel}>
          {t("workspace.posts.cancel")}
        </button>
      </div>
    </form>
  );
}

/** A planner chosen from the list, narrowed by a name typed above it. */
function PlannerPicker({ value, onChange, exclude }: { value: string; onChange(value: string, name: string): void; exclude?: number }) {
  const { t } = useLanguage();
  const { dataVersion } = useWorkspace();
  const planners = useResource(`post-planners:${dataVersion}`, (signal) => listPlanners(signal));
  const [query, setQuery] = useState("");
  const options = useMemo(() => {
    if (planners.status !== "success") return [];
    const text = query.trim().toLowerCase();
    return planners.data
      .filter((planner) => planner.id !== exclude && (text === "" || planner.name.toLowerCase().includes(text) || String(planner.id) === value))
      .sort((a, b) => a.name.localeCompare(b.name, "zh-CN"));
  }, [planners, query, exclude, value]);
  return (
    <>
      <label>
        {t("workspace.posts.findPlanner")}
        <input type="search" value={query} onChange={(event) => setQuery(event.target.value)} data-testid="posts-form:find-planner" />
      </label>
      <label>
        {t("workspace.posts.planner")}
        <select
          required
          value={value}
          onChange={(event) => onChange(event.target.value, event.target.selectedOptions[0]?.value ? (event.target.selectedOptions[0].textContent ?? "") : "")}
          data-testid="posts-form:planner"
        >
          <option value="">{t("workspace.posts.choosePlanner")}</option>
          {options.map((planner) => (
            <option key={planner.id} value={String(planner.id)}>
              {planner.name}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}

function DateInput({ label, value, onChange, required = true, testId }: { label: string; value: string; onChange(value: string): void; required?: boolean; testId: string }) {
  return (
    <label>
      {label}
      <input type="date" required={required} value={value} onChange={(event) => onChange(event.target.value)} data-testid={testId} />
    </label>
  );
}

function ReasonInput({ value, onChange }: { value: string; onChange(value: string): void }) {
  const { t } = useLanguage();
  return (
    <label>
      {t("workspace.posts.reason")}
      <textarea required rows={2} maxLength={1000} value={value} onChange={(event) => onChange(event.target.value)} data-testid="posts-form:reason" />
    </label>
  );
}

function TermsInputs({ terms, onChange }: { terms: Terms; onChange(terms: Terms): void }) {
  const { t } = useLanguage();
  return (
    <>
      <label>
        {t("workspace.posts.selectionMethod")}
        <select value={terms.selectionMethod} onChange={(event) => onChange({ ...terms, selectionMethod: event.target.value as Method })}>
          <option value="">{t("workspace.posts.method.none")}</option>
          {METHODS.map((method) => (
            <option key={method} value={method}>
              {t(`workspace.posts.method.${method}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("workspace.posts.contractYears")}
        <input type="number" min={1} max={10} step={1} value={terms.contractYears} onChange={(event) => onChange({ ...terms, contractYears: event.target.value })} />
      </label>
      <label className="planners-check">
        <input type="checkbox" checked={terms.paid} onChange={(event) => onChange({ ...terms, paid: event.target.checked })} />
        {t("workspace.posts.paid")}
      </label>
    </>
  );
}

const NEW_TERMS: Terms = { selectionMethod: "", contractYears: "1", paid: true };

interface AppointFormProps {
  areaId: number;
  role: AppointmentRole;
  validFrom: string;
  validTo: string;
  busy: boolean;
  /** The body, and the chosen planner's name for what the page says after. */
  onSubmit(body: CreateAppointmentBody, plannerName: string): void;
  onCancel(): void;
}

/** The chosen planner: id (as the select holds it, "" for none) and name. */
function usePlannerChoice() {
  const [choice, setChoice] = useState({ id: "", name: "" });
  return { ...choice, choose: (id: string, name: string) => setChoice({ id, name }) };
}

export function AppointForm({ areaId, role, busy, onSubmit, onCancel, ...dates }: AppointFormProps) {
  const { t } = useLanguage();
  const planner = usePlannerChoice();
  const [validFrom, setValidFrom] = useState(dates.validFrom);
  const [validTo, setValidTo] = useState(dates.validTo);
  const [terms, setTerms] = useState(NEW_TERMS);
  return (
    <FormFrame
      title={t("workspace.posts.appointTo", { role: t(`workspace.posts.role.${role}`) })}
      busy={busy}
      canSubmit={planner.id !== "" && validFrom !== ""}
      onCancel={onCancel}
      onSubmit={() =>
        onSubmit({ plannerId: Number(planner.id), areaId, role, validFrom, validTo: validTo === "" ? null : validTo, ...termsBody(terms) }, planner.name)
      }
    >
      <PlannerPicker value={planner.id} onChange={planner.choose} />
      <DateInput label={t("workspace.posts.validFrom")} value={validFrom} onChange={setValidFrom} testId="posts-form:valid-from" />
      <DateInput label={t("workspace.posts.validTo")} value={validTo} onChange={setValidTo} required={false} testId="posts-form:valid-to" />
      <TermsInputs terms={terms} onChange={setTerms} />
    </FormFrame>
  );
}

interface ActionFormProps<Body> {
  appointment: AreaAppointment;
  today: string;
  busy: boolean;
  /** The body, and the new holder's name where there is one (reassign). */
  onSubmit(body: Body, plannerName: string): void;
  onCancel(): void;
}

export function ReassignForm({ appointment, today, busy, onSubmit, onCancel }: ActionFormProps<ReassignAppointmentBody>) {
  const { t } = useLanguage();
  const planner = usePlannerChoice();
  const [validFrom, setValidFrom] = useState(today > appointment.validFrom ? today : "");
  const [reason, setReason] = useState("");
  const [terms, setTerms] = useState<Terms>({ ...NEW_TERMS, paid: appointment.paid, selectionMethod: appointment.selectionMethod ?? "" });
  return (
    <FormFrame
      title={`${t("workspace.posts.reassign")} · ${appointment.plannerName}`}
      busy={busy}
      canSubmit={planner.id !== "" && validFrom !== "" && reason.trim() !== ""}
      onCancel={onCancel}
      onSubmit={() => onSubmit({ plannerId: Number(planner.id), validFrom, reason: reason.trim(), ...termsBody(terms) }, planner.name)}
    >
      <PlannerPicker value={planner.id} onChange={planner.choose} exclude={appointment.plannerId} />
      <DateInput label={t("workspace.posts.reassignFrom")} value={validFrom} onChange={setValidFrom} testId="posts-form:valid-from" />
      <ReasonInput value={reason} onChange={setReason} />
      <TermsInputs terms={terms} onChange={setTerms} />
    </FormFrame>
  );
}

export function EndForm({ appointment, today, busy, onSubmit, onCancel }: ActionFormProps<EndAppointmentBody>) {
  const { t } = useLanguage();
  const [validTo, setValidTo] = useState(appointment.validTo ?? (today > appointment.validFrom ? today : ""));
  const [reason, setReason] = useState("");
  const [status, setStatus] = useState<"ended" | "dismissed">("ended");
  return (
    <FormFrame
      title={`${t("workspace.posts.end")} · ${appointment.plannerName}`}
      busy={busy}
      canSubmit={validTo !== "" && reason.trim() !== ""}
      onCancel={onCancel}
      onSubmit={() => onSubmit({ validTo, reason: reason.trim(), status }, appointment.plannerName)}
    >
      <DateInput label={t("workspace.posts.endOn")} value={validTo} onChange={setValidTo} testId="posts-form:valid-to" />
      <ReasonInput value={reason} onChange={setReason} />
      <label>
        {t("workspace.posts.endStatus")}
        <select value={status} onChange={(event) => setStatus(event.target.value as "ended" | "dismissed")}>
          <option value="ended">{t("workspace.posts.status.ended")}</option>
          <option value="dismissed">{t("workspace.posts.status.dismissed")}</option>
        </select>
      </label>
    </FormFrame>
  );
}

export function RenewForm({ appointment, busy, onSubmit, onCancel }: Omit<ActionFormProps<void>, "today">) {
  const { t } = useLanguage();
  const years = appointment.contractYears ?? 0;
  return (
    <FormFrame title={`${t("workspace.posts.renew")} · ${appointment.plannerName}`} busy={busy} canSubmit onCancel={onCancel} onSubmit={() => onSubmit(undefined, appointment.plannerName)}>
      <p>{t("workspace.posts.renewConfirm", { name: appointment.plannerName, from: years, to: years + 1 })}</p>
    </FormFrame>
  );
}
