/**
 * An area's posts drawn over the years: a row per post, a bar per holder (a button that selects the appointment),
 * the vacant gaps dashed (a button that appoints from there, for the bureau), the years and today marked, and the
 * past day the workspace shows, when it shows one. The bar of an appointment that refused a change (409) is outlined.
 */
import type { AreaAppointment } from "../../../api/appointments.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import type { Translate } from "../../../lib/i18n.ts";
import { axisPercent, type Axis, type Gap, type PostRow } from "./post-layout.ts";

interface PostTimelineProps {
  axis: Axis;
  today: string;
  /** The past day the workspace shows, marked on every row; null on today's view. */
  viewDate?: string | null;
  rows: PostRow<AreaAppointment>[];
  selectedId: number | null;
  /** The appointment in the way of the last change (409), outlined. */
  conflictId: number | null;
  onSelect(appointment: AreaAppointment): void;
  /** Appoint from a vacant gap; absent when the user may not (leader). */
  onAppoint?: ((role: PostRow<AreaAppointment>["role"], gap: Gap) => void) | undefined;
}

/** An appointment's dates in words: "2023-06-01 至 2024-06-01", or "2023-06-01 起" while open-ended. */
export function datesText(t: Translate, span: { validFrom: string; validTo: string | null }): string {
  return span.validTo === null ? t("workspace.posts.datesOpen", { from: span.validFrom }) : t("workspace.posts.dates", { from: span.validFrom, to: span.validTo });
}

/** Height of one lane, in rem. */
const LANE_REM = 1.75;

export function PostTimeline({ axis, today, viewDate = null, rows, selectedId, conflictId, onSelect, onAppoint }: PostTimelineProps) {
  const { t } = useLanguage();
  const todayLeft = axisPercent(axis, today);
  const viewedLeft = viewDate === null ? null : axisPercent(axis, viewDate);
  return (
    <div className="posts-timeline" data-testid="posts-timeline">
      <div className="posts-axis" aria-hidden="true">
        {axis.years.map(({ year, date }) => (
          <span key={year} className="posts-axis__year" style={{ left: `${axisPercent(axis, date)}%` }}>
            {year}
          </span>
        ))}
      </div>
      {rows.map((row) => {
        const roleName = t(`workspace.posts.role.${row.role}`);
        return (
          <div key={row.role} className="posts-row" data-testid="posts-row" data-role={row.role}>
            <div className="posts-row__label" id={`posts-row-${row.role}`}>
              {roleName}
            </div>
            <div className="posts-row__track" role="group" aria-labelledby={`posts-row-${row.role}`} style={{ height: `${row.lanes * LANE_REM}rem` }}>
              {axis.years.map(({ year, date }) => (
                <span key={year} className="posts-row__tick" style={{ left: `${axisPercent(axis, date)}%` }} aria-hidden="true" />
              ))}
              {row.gaps.map((gap) => {
                const label = t("workspace.posts.vacantRange", { from: gap.from, to: gap.to });
                const style = { left: `${gap.left}%`, width: `${gap.width}%`, height: `${row.lanes * LANE_REM}rem` };
                return onAppoint ? (
                  <button
                    key={gap.from}
                    type="button"
                    className="posts-gap"
                    style={style}
                    title={`${label} · ${t("workspace.posts.appoint")}`}
                    aria-label={`${roleName}：${label} · ${t("workspace.posts.appoint")}`}
                    data-testid="posts-gap"
                    data-from={gap.from}
                    data-to={gap.to}
                    onClick={() => onAppoint(row.role, gap)}
                  />
                ) : (
                  <span key={gap.from} className="posts-gap" style={style} title={label} data-testid="posts-gap" data-from={gap.from} data-to={gap.to} />
                );
              })}
              {row.bars.map(({ item, lane, left, width, open }) => (
                <button
                  key={item.id}
                  type="button"
                  className={`posts-bar posts-bar--${item.status}${open ? " posts-bar--open" : ""}${item.id === conflictId ? " posts-bar--conflict" : ""}`}
                  style={{ left: `${left}%`, width: `${width}%`, top: `${lane * LANE_REM}rem`, height: `${LANE_REM - 0.25}rem` }}
                  aria-pressed={item.id === selectedId}
                  aria-label={t("workspace.posts.barLabel", { name: item.plannerName, role: roleName, dates: datesText(t, item) })}
                  title={`${item.plannerName} · ${datesText(t, item)}`}
                  data-testid="posts-bar"
                  data-appointment-id={item.id}
                  data-planner={item.plannerName}
                  data-valid-from={item.validFrom}
                  data-valid-to={item.validTo ?? ""}
                  data-status={item.status}
                  data-conflict={item.id === conflictId ? "true" : undefined}
                  onClick={() => onSelect(item)}
                >
                  {item.plannerName}
                </button>
              ))}
              <span className="posts-row__today" style={{ left: `${todayLeft}%` }} aria-hidden="true" />
              {viewedLeft !== null && (
                <span className="posts-row__viewed" style={{ left: `${viewedLeft}%` }} title={viewDate!} aria-hidden="true" data-testid="posts-viewed" data-date={viewDate} />
              )}
            </div>
          </div>
        );
      })}
    </div>
  );
}
