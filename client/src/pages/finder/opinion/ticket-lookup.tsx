/**
 * "My opinion": a box for a ticket, under the answer. A plain GET form to /?ticket=…, the same address the receipt
 * links to, so it needs no script of its own beyond this markup.
 */
import { useId } from "react";
import { useLanguage } from "../../../features/language/language-context.tsx";
import "./ticket-lookup.css";

export function TicketLookup() {
  const { t } = useLanguage();
  const id = useId();
  return (
    <form className="ticket-lookup" method="get" action="/" aria-labelledby={`${id}-heading`} data-testid="ticket-lookup">
      <h2 id={`${id}-heading`} className="ticket-lookup__heading">
        {t("finder.opinion.lookup.heading")}
      </h2>
      <label htmlFor={`${id}-ticket`} className="visually-hidden">
        {t("finder.opinion.lookup.label")}
      </label>
      <input
        id={`${id}-ticket`}
        name="ticket"
        required
        maxLength={24}
        autoComplete="off"
        spellCheck={false}
        placeholder={t("finder.opinion.lookup.label")}
        data-testid="ticket-lookup:input"
      />
      <button type="submit" className="finder-button" data-testid="ticket-lookup:submit">
        {t("finder.opinion.lookup.submit")}
      </button>
    </form>
  );
}
