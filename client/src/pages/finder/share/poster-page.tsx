/**
 * The printable A4 poster of an answer (/?place=…&poster=1 or /?at=…&poster=1), for a village or community
 * noticeboard: the area, whom to contact (only the contacts the planners agreed to publish, as the answer shows them),
 * and a QR code of the answer's address. A chunk of its own, with the QR code library.
 */
import { useEffect, useMemo, useState } from "react";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { contactEntries } from "../../../lib/planner-contact.ts";
import { areaNameOf, firstContactOf } from "../answer/first-contact.ts";
import { roleText } from "../answer/place-names.ts";
import { useAnswer } from "../answer/use-answer.ts";
import type { FinderRequest } from "../finder-request.ts";
import { QrCode } from "./qr-code.tsx";
import { questionOfAddress } from "./resolve-address.ts";
import { readAddress, withoutPoster } from "./share-address.ts";
import "./share-messages.ts";
import "./share.css";

type Resolving = { status: "resolving" } | { status: "none" } | { status: "ready"; request: FinderRequest };

export function PosterPage() {
  const { t } = useLanguage();
  const link = useMemo(() => withoutPoster(window.location.href), []);
  const [resolving, setResolving] = useState<Resolving>({ status: "resolving" });
  useEffect(() => {
    const controller = new AbortController();
    questionOfAddress(readAddress(window.location.search), controller.signal).then(
      (question) => {
        if (controller.signal.aborted) return;
        setResolving(question ? { status: "ready", request: { ...question, id: 1 } as FinderRequest } : { status: "none" });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setResolving({ status: "none" });
        console.warn("the poster's place could not be read", error);
      },
    );
    return () => controller.abort();
  }, []);
  const answer = useAnswer(resolving.status === "ready" ? resolving.request : null);

  let body;
  if (resolving.status === "none") body = <p data-testid="poster:message">{t("finder.poster.noPlace")}</p>;
  else if (answer.status === "error") body = <p data-testid="poster:message">{t("finder.poster.failed", { title: answer.problem.detail ?? answer.problem.title })}</p>;
  else if (answer.status !== "success") body = <p data-testid="poster:message">{t("finder.poster.loading")}</p>;
  else {
    const area = areaNameOf(answer.answer) ?? "";
    const contact = firstContactOf(answer.answer);
    const date = answer.answer.kind === "chain" ? answer.answer.lookup.date : null;
    body = (
      <>
        <h1 className="poster__title" data-testid="poster:title">
          {t("finder.poster.heading", { area })}
        </h1>
        {contact && contact.planners.length > 0 ? (
          <>
            <p className="poster__intro">{t("finder.poster.intro")}</p>
            {contact.planners.map(({ planner, role }) => {
              const entries = contactEntries(planner.publicContact);
              return (
                <section key={`${role}:${planner.name}`} className="poster__person" data-testid="poster:person">
                  <p className="poster__name" data-testid="poster:name">
                    {planner.name}
                  </p>
                  <p className="poster__role">{roleText(t, role)}</p>
                  {entries.length > 0 ? (
                    <ul className="poster__contacts">
                      {entries.map((entry) => (
                        <li key={`${entry.key}:${entry.value}`} data-testid="poster:contact">
                          {entry.value}
                        </li>
                      ))}
                      {planner.officeHours ? <li>{planner.officeHours}</li> : null}
                    </ul>
                  ) : (
                    <p className="poster__role">{t("finder.poster.noContact")}</p>
                  )}
                </section>
              );
            })}
          </>
        ) : (
          <p className="poster__intro">{t("finder.poster.vacant")}</p>
        )}
        <div className="poster__qr-block">
          <QrCode url={link} label={t("finder.shareSheet.qrLabel", { url: link })} className="poster__qr" />
          <div>
            <p className="poster__scan">{t("finder.poster.scan")}</p>
            <p className="poster__link" translate="no" data-testid="poster:link">
              {link}
            </p>
          </div>
        </div>
        {date ? <p className="poster__date">{t("finder.poster.asOf", { date })}</p> : null}
        <p className="poster__site">
          {t("app.title")} · {t("finder.title")}
        </p>
      </>
    );
  }

  return (
    <div className="poster-page" data-testid="poster" data-status={resolving.status === "none" ? "none" : answer.status}>
      <div className="poster-page__tools">
        <button type="button" className="finder-button" onClick={() => window.print()}>
          {t("finder.poster.print")}
        </button>
        <a className="finder-button" href={link}>
          {t("finder.poster.back")}
        </a>
      </div>
      <article className="poster">{body}</article>
    </div>
  );
}
