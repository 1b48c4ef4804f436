/**
 * The dashboard's export buttons, for the date shown: the page as an image (PNG); print, or save as PDF through the
 * browser's print dialog (the print stylesheet lays the page out for A4, the map as a still image: text stays text,
 * and no CJK font has to be shipped as a PDF library would need); the tables as CSV or one XLSX workbook.
 */
import { useState } from "react";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { downloadCsv, downloadPng, downloadXlsx, type ExportTable } from "./dashboard-export.ts";

interface ExportMenuProps {
  date: string;
  /** The tables as shown (null until their data has arrived). */
  tables: { counties: ExportTable; units: ExportTable; vacancies: ExportTable } | null;
  /** The element to capture as an image, and what to do just before (draw the map's still). */
  capture(): { element: HTMLElement; prepare(): void } | null;
}

export function ExportMenu({ date, tables, capture }: ExportMenuProps) {
  const { t } = useLanguage();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const name = (part: string, extension: string): string => `${t("dashboard.export.filePrefix")}-${part}-${date}.${extension}`;
  const run = (action: () => Promise<void>): void => {
    setBusy(true);
    setFailed(false);
    action()
      .catch((error: unknown) => {
        console.warn("the export failed", error);
        setFailed(true);
      })
      .finally(() => setBusy(false));
  };
  return (
    <div className="dashboard-export" role="group" aria-label={t("dashboard.export.label")} data-testid="dashboard:export" aria-busy={busy}>
      <button
        type="button"
        data-testid="dashboard:export-png"
        disabled={busy}
        onClick={() => {
          const target = capture();
          if (target) run(() => downloadPng(target.element, target.prepare, name(t("dashboard.export.page"), "png")));
        }}
      >
        {t("dashboard.export.png")}
      </button>
      <button type="button" data-testid="dashboard:export-print" onClick={() => window.print()}>
        {t("dashboard.export.print")}
      </button>
      <button
        type="button"
        data-testid="dashboard:export-csv-counties"
        disabled={!tables}
        onClick={() => tables && downloadCsv(tables.counties, name(t("dashboard.export.counties"), "csv"))}
      >
        {t("dashboard.export.countiesCsv")}
      </button>
      <button
        type="button"
        data-testid="dashboard:export-csv-units"
        disabled={!tables}
        onClick={() => tables && downloadCsv(tables.units, name(t("dashboard.export.units"), "csv"))}
      >
        {t("dashboard.export.unitsCsv")}
      </button>
      <button
        type="button"
        data-testid="dashboard:export-xlsx"
        disabled={!tables || busy}
        onClick={() => tables && run(() => downloadXlsx([tables.counties, tables.units, tables.vacancies], name(t("dashboard.export.tables"), "xlsx")))}
      >
        {t("dashboard.export.xlsx")}
      </button>
      {failed ? (
        <span className="dashboard-export__failed" role="alert">
          {t("dashboard.export.failed")}
        </span>
      ) : null}
    </div>
  );
}
