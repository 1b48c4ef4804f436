/**
 * The top of an answer: whom to contact (the unit planner, or the nearest filled post up the chain when it is
 * vacant), with a large call button and a copy button, then what is vacant on the way, then the share buttons. The
 * full chain follows below it.
 */
import { useState } from "react";
import type { PublicPlanner } from "../../../api/lookup.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { contactEntries } from "../../../lib/planner-contact.ts";
import { copyText } from "../share/copy-text.ts";
import { ShareBar } from "../share/share-bar.tsx";
import type { FirstContact } from "./first-contact.ts";
import { roleText } from "./place-names.ts";

function ContactPerson({ planner, role }: { planner: PublicPlanner; role: string }) {
  const { t } = useLanguage();
  const [feedback, setFeedback] = useState("");
  const entries = contactEntries(planner.publicContact);
  const phone = entries.find((entry) => entry.kind === "phone" && entry.href);
  const copyLines = [`${planner.name}（${role}）`, ...entries.map((entry) => entry.value), planner.officeHours ?? ""].filter(Boolean);
  const copy = async () => {
    const text = copyLines.join("\n");
    setFeedback((await copyText(text)) ? t("finder.contact.copied") : t("finder.contact.copyFailed", { text }));
  };
  return (
    <div className="answer-contact__person" data-testid="answer:contact-person">
      <p className="answer-contact__name" data-testid="answer:contact-name">
        {planner.name}
      </p>
      <p className="answer-contact__role">{role}</p>
      {entries.length > 0 ? (
        <div className="answer-contact__actions">
          {phone ? (
            <a className="answer-contact__call" href={phone.href} data-testid="answer:call">
              <span aria-hidden="true">☎ </span>
              {t("finder.contact.call", { phone: phone.value })}
            </a>
          ) : null}
          <button type="button" className="finder-button answer-contact__copy" data-testid="answer:copy-contact" onClick={() => void copy()}>
            {t("finder.contact.copy")}
          </button>
        </div>
      ) : (
        <p className="answer-contact__none">{t("finder.contact.none")}</p>
      )}
      <p className="answer-contact__feedback" role="status" data-testid="answer:copy-feedback">
        {feedback}
      </p>
    </div>
  );
}

/** The vacancies a resident is sent past, said after the contact. */
function Gaps({ contact }: { contact: FirstContact }) {
  const { t } = useLanguage();
  const lines: string[] = [];
  const gap = contact.unitGap;
  if (gap) {
    if (gap.post.status === "not_required") lines.push(t("finder.contact.unitNotRequired", { name: gap.name }));
    else lines.push(gap.post.vacantSince ? t("finder.unit.vacantSince", { name: gap.name, date: gap.post.vacantSince }) : t("finder.unit.vacant", { name: gap.name }));
  }
  if (contact.countyChiefsVacant && contact.level !== "unit" && contact.countyName) lines.push(t("finder.contact.chiefsVacant", { county: contact.countyName }));
  if (lines.length === 0) return null;
  return (
    <p className="answer-contact__gaps" data-testid="answer:contact-gaps">
      {lines.join(" ")}
    </p>
  );
}

export function AnswerContact({ contact, placeName }: { contact: FirstContact | null; placeName: string }) {
  const { t } = useLanguage();
  return (
    <section className="answer-contact" aria-label={t("finder.contact.lead.other")} data-testid="answer:contact" data-level={contact?.level ?? "none"}>
      {contact && contact.level !== "none" ? (
        <>
          <p className="answer-contact__lead">{contact.level === "unit" ? t("finder.contact.lead.unit") : t("finder.contact.lead.other")}</p>
          {contact.planners.map(({ planner, role }) => (
            <ContactPerson key={`${role}:${planner.name}`} planner={planner} role={roleText(t, role)} />
          ))}
        </>
      ) : contact ? (
        <p className="answer-contact__lead">{t("finder.contact.lead.none")}</p>
      ) : null}
      {contact ? <Gaps contact={contact} /> : null}
      <ShareBar key={window.location.href} placeName={placeName} />
    </section>
  );
}
