/**
 * Export: one download link per dataset and format the API offers, as of a date (the day the workspace shows unless
 * changed here).
 * Plain links with `download`: the browser fetches the file itself, same origin, with the session cookie.
 */
import { useState } from "react";
import { EXPORT_CHOICES, exportHref } from "../../../api/export.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { jinchengToday } from "../../../lib/calendar-dates.ts";
import { useWorkspace } from "../workspace-context.tsx";

export function ExportLinks() {
  const { t } = useLanguage();
  const { viewDate } = useWorkspace();
  const [date, setDate] = useState(viewDate);
  // Another day viewed in the header becomes the export's date.
  const [followed, setFollowed] = useState(viewDate);
  if (followed !== viewDate) {
    setFollowed(viewDate);
    setDate(viewDate);
  }
  // An emptied date field means today, as the API's default.
  const asOf = date || jinchengToday();
  return (
    <section className="export-links" aria-labelledby="export-heading" data-testid="export">
      <h2 id="export-heading">{t("workspace.export.heading")}</h2>
      <label>
        {t("workspace.export.date")}
        <input type="date" value={date} onChange={(event) => setDate(event.target.value)} data-testid="export:date" />
      </label>
      <table>
        <tbody>
          {EXPORT_CHOICES.map(({ dataset, formats }) => (
            <tr key={dataset}>
              <th scope="row">{t(`workspace.export.dataset.${dataset}`)}</th>
              <td>
                {formats.map((format) => (
                  <a
                    key={format}
                    className="export-link"
                    href={exportHref(dataset, format, asOf)}
                    download
                    data-testid="export:link"
                    data-dataset={dataset}
                    data-format={format}
                    aria-label={t("workspace.export.link", {
                      dataset: t(`workspace.export.dataset.${dataset}`),
                      format: t(`workspace.export.format.${format}`),
                      date: asOf,
                    })}
                  >
                    {t(`workspace.export.format.${format}`)}
                  </a>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
