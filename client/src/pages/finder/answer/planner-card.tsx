import type { PublicPlanner } from "../../../api/lookup.ts";
import type { MessageKey } from "../../../lib/i18n.ts";
import { contactEntries, initialsOf, sameOriginPhotoUrl, type ContactKind } from "../../../lib/planner-contact.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";
import { TITLE_KEYS } from "./place-names.ts";

const CONTACT_KEYS: Record<Exclude<ContactKind, "other">, MessageKey> = {
  phone: "finder.contact.phone",
  email: "finder.contact.email",
  wechat: "finder.contact.wechat",
  website: "finder.contact.website",
};

interface PlannerCardProps {
  planner: PublicPlanner;
  /** Heading level of the name inside the panel's outline. */
  headingLevel: 3 | 4;
  /** e.g. "市局下派", shown above the name; none when the section heading already says the role. */
  roleLabel?: string | undefined;
  /** The appointment's area when it is not just the place asked about (one planner covering several townships). */
  areaName?: string | undefined;
  /** Date the appointment started, YYYY-MM-DD. */
  since?: string | null | undefined;
}

/**
 * A planner as the public sees them: photo (only from this server) or initials, name, professional title, registered
 * planner, organisation, the contact they agreed to publish (phone and e-mail as links) and office hours.
 */
export function PlannerCard({ planner, headingLevel, roleLabel, areaName, since }: PlannerCardProps) {
  const { t } = useLanguage();
  const Heading = headingLevel === 3 ? "h3" : "h4";
  const photo = sameOriginPhotoUrl(planner.photoUrl, window.location.origin);
  const contacts = contactEntries(planner.publicContact);
  const qualifications = [
    planner.title ? t(TITLE_KEYS[planner.title]) : null,
    planner.registeredPlanner ? t("finder.planner.registered") : null,
  ].filter((value): value is string => value !== null);
  return (
    <article className="planner-card" data-testid="planner-card">
      {photo ? (
        <img className="planner-card__photo" src={photo} alt="" width="56" height="56" />
      ) : (
        <span className="planner-card__initials" aria-hidden="true">
          {initialsOf(planner.name)}
        </span>
      )}
      <div className="planner-card__body">
        {roleLabel ? <p className="planner-card__role">{roleLabel}</p> : null}
        <Heading className="planner-card__name" data-testid="planner-card:name">
          {planner.name}
        </Heading>
        {qualifications.length > 0 ? <p className="planner-card__meta">{qualifications.join(" · ")}</p> : null}
        {planner.organisation ? <p className="planner-card__meta">{planner.organisation}</p> : null}
        {areaName ? <p className="planner-card__meta">{t("finder.planner.area", { area: areaName })}</p> : null}
        {since ? <p className="planner-card__meta">{t("finder.planner.since", { date: since })}</p> : null}
        {contacts.length > 0 || planner.officeHours ? (
          <dl className="planner-card__contact">
            {contacts.map((entry) => (
              <div key={`${entry.key}:${entry.value}`} className="planner-card__contact-row">
                <dt>{entry.kind === "other" ? entry.key : t(CONTACT_KEYS[entry.kind])}</dt>
                <dd>
                  {entry.href ? (
                    <a href={entry.href} data-testid={`planner-card:${entry.kind}`}>
                      {entry.value}
                    </a>
                  ) : (
                    entry.value
                  )}
                </dd>
              </div>
            ))}
            {planner.officeHours ? (
              <div className="planner-card__contact-row">
                <dt>{t("finder.contact.officeHours")}</dt>
                <dd>{planner.officeHours}</dd>
              </div>
            ) : null}
          </dl>
        ) : (
          <p className="planner-card__meta">{t("finder.contact.none")}</p>
        )}
      </div>
    </article>
  );
}
