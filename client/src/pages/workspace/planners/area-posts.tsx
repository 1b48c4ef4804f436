/**
 * The selected area's posts as a timeline over the years (2021 to the end of next year), with the bureau's actions:
 * appoint on a vacant post, and on a holder's bar renew, reassign (the old holder ends the day the new one starts, one
 * step) and end — each with the dates and reason the API asks for. A 409 names the holder in the way and outlines
 * that bar; a 412 reloads the appointments, says who changed it, and offers keep theirs / apply mine on top.
 * Rendered by the area panel; leaders see the same timeline without actions.
 */
import { useMemo, useState } from "react";
import { toApiProblem } from "../../../api/api-problem.ts";
import {
  createAppointment,
  endAppointment,
  listAreaAppointments,
  reassignAppointment,
  renewAppointment,
  type Appointment,
  type AppointmentRole,
  type AreaAppointment,
  type ConflictingAppointment,
} from "../../../api/appointments.ts";
import { getArea } from "../../../api/areas.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { useKeyedAnswer, useResource } from "../../../features/resource/use-resource.ts";
import { addMessages, type MessageKey } from "../../../lib/i18n.ts";
import { jinchengToday } from "../../../lib/calendar-dates.ts";
import { useWorkspace } from "../workspace-context.tsx";
import { ConflictNotice } from "./conflict-notice.tsx";
import { PLANNERS_EN, PLANNERS_ZH } from "./planner-messages.ts";
import { AppointForm, EndForm, ReassignForm, RenewForm } from "./post-forms.tsx";
import { gapStart, postRoles, postRows, timelineAxis, type Gap } from "./post-layout.ts";
import { datesText, PostTimeline } from "./post-timeline.tsx";
import "./planners.css";

addMessages(PLANNERS_ZH, PLANNERS_EN);

/** The form open under the timeline. */
type Action =
  | { kind: "appoint"; role: AppointmentRole; validFrom: string; validTo: string }
  | { kind: "renew" | "reassign" | "end"; appointment: AreaAppointment };

/** A change the server answered; what to say and which appointment to select after it. */
interface Done {
  message: string;
  select: number | null;
}

/** A change to send with the ETag it is based on (again, with the newer one, after a 412). */
type Attempt = (etag: string) => Promise<Done>;

const FIELD_KEYS: Readonly<Record<string, MessageKey>> = {
  plannerId: "workspace.posts.planner",
  validFrom: "workspace.posts.validFrom",
  validTo: "workspace.posts.endOn",
  status: "workspace.posts.endStatus",
  endReason: "workspace.posts.endReason",
  contractYears: "workspace.posts.contractYears",
  selectionMethod: "workspace.posts.selectionMethod",
  paid: "workspace.posts.paid",
};

const etagOf = (appointment: { version: number }) => `"${appointment.version}"`;

export function AreaPosts({ areaId }: { areaId: number }) {
  // Another area starts with nothing selected and no form open.
  return <Posts key={areaId} areaId={areaId} />;
}

function Posts({ areaId }: { areaId: number }) {
  const { t } = useLanguage();
  const { canEdit, dataVersion, dataChanged, notify, asOf } = useWorkspace();
  const [reloads, setReloads] = useState(0);
  const area = useResource(`posts-area:${areaId}`, async (signal) => (await getArea(areaId, signal)).data);
  const prefix = `posts:${areaId}:`;
  const { current, last } = useKeyedAnswer(`${prefix}${dataVersion}:${reloads}`, (signal) => listAreaAppointments(areaId, signal));
  // While reading again after a change, the timeline stays as it was.
  const appointments = current?.ok ? current.data : last?.key.startsWith(prefix) ? last.data : null;

  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [action, setAction] = useState<Action | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [overlap, setOverlap] = useState<ConflictingAppointment | null>(null);
  const [stale, setStale] = useState<{ current: Appointment; attempt: Attempt } | null>(null);

  const today = jinchengToday();
  const axis = useMemo(() => timelineAxis(today), [today]);
  const kind = area.status === "success" ? area.data.kind : undefined;
  const rows = useMemo(() => {
    if (!appointments) return [];
    return postRows(axis, postRoles(kind, appointments.map((appointment) => appointment.role)), appointments);
  }, [axis, kind, appointments]);
  const selected = appointments?.find((appointment) => appointment.id === selectedId) ?? null;
  const roleName = (role: AppointmentRole) => t(`workspace.posts.role.${role}`);

  const clearOutcome = () => {
    setProblem(null);
    setOverlap(null);
    setStale(null);
  };

  const open = (next: Action | null) => {
    clearOutcome();
    setAction(next);
  };

  const run = async (attempt: Attempt, etag: string) => {
    setBusy(true);
    clearOutcome();
    try {
      const done = await attempt(etag);
      setAction(null);
      setSelectedId(done.select);
      notify(done.message);
      dataChanged();
    } catch (error) {
      const refused = toApiProblem(error);
      const currentRecord = refused.body.current as Appointment | undefined;
      if (refused.type === "/problems/appointment-overlaps") {
        const conflicting = (refused.body.conflictingAppointment as ConflictingAppointment | undefined) ?? null;
        setOverlap(conflicting);
        if (!conflicting) setProblem(refused.detail ?? refused.title);
      } else if (refused.status === 412 && currentRecord) {
        setStale({ current: currentRecord, attempt });
        setReloads((count) => count + 1);
        notify(t("workspace.posts.stale"));
      } else {
        setProblem(refused.detail ?? refused.title);
      }
    } finally {
      setBusy(false);
    }
  };

  const appointFrom = (role: AppointmentRole, gap: Gap) =>
    open({ kind: "appoint", role, validFrom: gapStart(gap, today), validTo: gap.to < axis.to ? gap.to : "" });

  /** The form of the open action, wired to the API. */
  const form = () => {
    if (!action) return null;
    const cancel = () => open(null);
    if (action.kind === "appoint") {
      return (
        <AppointForm
          key={`${action.role}:${action.validFrom}`}
          areaId={areaId}
          role={action.role}
          validFrom={action.validFrom}
          validTo={action.validTo}
          busy={busy}
          onCancel={cancel}
          onSubmit={(body, plannerName) =>
            void run(async () => {
              const created = (await createAppointment(body)).data;
              return { message: t("workspace.posts.appointed", { name: plannerName, role: roleName(created.role), from: created.validFrom }), select: created.id };
            }, "")
          }
        />
      );
    }
    const { appointment } = action;
    const props = { appointment, today, busy, onCancel: cancel };
    switch (action.kind) {
      case "renew":
        return (
          <RenewForm
            {...props}
            onSubmit={() =>
              void run(async (etag) => {
                const renewed = (await renewAppointment(appointment.id, etag)).data;
                return { message: t("workspace.posts.renewed", { name: appointment.plannerName, years: renewed.contractYears ?? 1 }), select: renewed.id };
              }, etagOf(appointment))
            }
          />
        );
      case "reassign":
        return (
          <ReassignForm
            {...props}
            onSubmit={(body, plannerName) =>
              void run(async (etag) => {
                const { started } = (await reassignAppointment(appointment.id, etag, body)).data;
                return { message: t("workspace.posts.reassigned", { old: appointment.plannerName, from: started.validFrom, name: plannerName }), select: started.id };
              }, etagOf(appointment))
            }
          />
        );
      case "end":
        return (
          <EndForm
            {...props}
            onSubmit={(body) =>
              void run(async (etag) => {
                const ended = (await endAppointment(appointment.id, etag, body)).data;
                return { message: t("workspace.posts.ended", { name: appointment.plannerName, to: ended.validTo ?? body.validTo }), select: ended.id };
              }, etagOf(appointment))
            }
          />
        );
    }
  };

  if (current && !current.ok) return <p role="alert">{t("workspace.loadFailed", { title: current.problem.detail ?? current.problem.title })}</p>;
  if (!appointments) return <p>{t("workspace.loading")}</p>;

  return (
    <section className="area-posts" aria-labelledby="area-posts-heading" data-testid="area-posts" data-area-id={areaId}>
      <h3 id="area-posts-heading">{t("workspace.posts.heading")}</h3>
      <p className="area-posts__legend">{t("workspace.posts.legend")}</p>
      {rows.length === 0 ? (
        <p>{t("workspace.posts.noPosts")}</p>
      ) : (
        <PostTimeline
          axis={axis}
          today={today}
          viewDate={asOf}
          rows={rows}
          selectedId={selectedId}
          conflictId={overlap?.id ?? null}
          onSelect={(appointment) => {
            setSelectedId(appointment.id);
            // The form of another holder's bar closes; an appoint form and what the server last said stay.
            if (action && action.kind !== "appoint" && action.appointment.id !== appointment.id) setAction(null);
          }}
          onAppoint={canEdit ? appointFrom : undefined}
        />
      )}
      {canEdit && rows.length > 0 && (
        <div className="planners-actions">
          {rows.map((row) => {
            const vacantToday = row.gaps.find((gap) => gap.from <= today && today < gap.to);
            if (!vacantToday && row.role !== "project") return null;
            return (
              <button
                key={row.role}
                type="button"
                data-testid="posts:appoint"
                data-role={row.role}
                onClick={() => open({ kind: "appoint", role: row.role, validFrom: today, validTo: vacantToday && vacantToday.to < axis.to ? vacantToday.to : "" })}
              >
                {t("workspace.posts.appointTo", { role: roleName(row.role) })}
              </button>
            );
          })}
        </div>
      )}
      {overlap && (
        <div role="alert" className="planners-problem" data-testid="posts:overlap">
          <p>{t("workspace.posts.overlap", { name: overlap.plannerName, dates: datesText(t, overlap) })}</p>
          <button type="button" onClick={() => setSelectedId(overlap.id)} data-testid="posts:show-conflict">
            {t("workspace.posts.showConflict", { name: overlap.plannerName })}
          </button>
        </div>
      )}
      {problem && (
        <p role="alert" className="planners-problem" data-testid="posts:problem">
          {t("workspace.planners.problem", { detail: problem })}
        </p>
      )}
      {stale && (
        <ConflictNotice
          resource="appointments"
          id={stale.current.id}
          version={stale.current.version}
          differences={[]}
          fieldLabel={(field) => (FIELD_KEYS[field] ? t(FIELD_KEYS[field]) : field)}
          busy={busy}
          onKeepTheirs={() => open(null)}
          onApplyMine={() => void run(stale.attempt, etagOf(stale.current))}
        />
      )}
      {selected && <AppointmentDetails appointment={selected} canAct={canEdit && selected.status === "active"} onAction={(kind) => open({ kind, appointment: selected })} />}
      {form()}
    </section>
  );
}

function AppointmentDetails({ appointment, canAct, onAction }: { appointment: AreaAppointment; canAct: boolean; onAction(kind: "renew" | "reassign" | "end"): void }) {
  const { t } = useLanguage();
  const rows: [string, string][] = [
    [t("workspace.posts.planner"), appointment.plannerName],
    [t(`workspace.posts.role.${appointment.role}`), datesText(t, appointment)],
    [t("workspace.posts.status"), t(`workspace.posts.status.${appointment.status}`)],
    [t("workspace.posts.selectionMethod"), t(`workspace.posts.method.${appointment.selectionMethod ?? "none"}`)],
    [t("workspace.posts.contractYears"), appointment.contractYears === null ? "—" : String(appointment.contractYears)],
    [t("workspace.posts.paid"), t(appointment.paid ? "workspace.planners.yes" : "workspace.planners.no")],
  ];
  if (appointment.endReason) rows.push([t("workspace.posts.endReason"), appointment.endReason]);
  return (
    <div className="appointment-details" data-testid="appointment-details" data-appointment-id={appointment.id}>
      <dl>
        {rows.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {canAct && (
        <div className="planners-actions">
          <button type="button" onClick={() => onAction("renew")} data-testid="posts:renew">
            {t("workspace.posts.renew")}
          </button>
          <button type="button" onClick={() => onAction("reassign")} data-testid="posts:reassign">
            {t("workspace.posts.reassign")}
          </button>
          <button type="button" onClick={() => onAction("end")} data-testid="posts:end">
            {t("workspace.posts.end")}
          </button>
        </div>
      )}
    </div>
  );
}
