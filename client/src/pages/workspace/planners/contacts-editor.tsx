/**
 * A planner's contacts as rows — kind (phone, email, wechat or any other), value, and the planner's consent to
 * publish that one contact — with the plain rule above them: only the ticked ones reach the public page.
 */
import { useLanguage } from "../../../features/language/language-context.tsx";
import type { ContactRow } from "./planner-draft.ts";

/** The API takes at most ten contacts. */
const MAX_CONTACTS = 10;

export function ContactsEditor({ rows, onChange }: { rows: ContactRow[]; onChange(rows: ContactRow[]): void }) {
  const { t } = useLanguage();
  const update = (index: number, patch: Partial<ContactRow>) => onChange(rows.map((row, at) => (at === index ? { ...row, ...patch } : row)));
  return (
    <fieldset className="contacts-editor" data-testid="contacts-editor">
      <legend>{t("workspace.planners.contacts")}</legend>
      <p className="contacts-editor__note" data-testid="contacts-editor:note">
        {t("workspace.planners.contactsNote")}
      </p>
      {rows.length === 0 && <p>{t("workspace.planners.noContacts")}</p>}
      {rows.map((row, index) => (
        <div className="contacts-editor__row" key={index} data-testid="contacts-editor:row">
          <label>
            {t("workspace.planners.contactKey")}
            <input
              value={row.key}
              maxLength={40}
              list="contact-kinds"
              placeholder={t("workspace.planners.contactKeyHint")}
              onChange={(event) => update(index, { key: event.target.value })}
              data-testid="contact:key"
            />
          </label>
          <label>
            {t("workspace.planners.contactValue")}
            <input value={row.value} maxLength={200} onChange={(event) => update(index, { value: event.target.value })} data-testid="contact:value" />
          </label>
          <label className="planners-check">
            <input type="checkbox" checked={row.publish} onChange={(event) => update(index, { publish: event.target.checked })} data-testid="contact:publish" />
            {t("workspace.planners.publish")}
          </label>
          <button
            type="button"
            className="contacts-editor__remove"
            aria-label={t("workspace.planners.removeContact", { key: row.key })}
            onClick={() => onChange(rows.filter((_, at) => at !== index))}
          >
            ×
          </button>
        </div>
      ))}
      <datalist id="contact-kinds">
        {["phone", "email", "wechat", "website", "座机"].map((kind) => (
          <option key={kind} value={kind} />
        ))}
      </datalist>
      <button type="button" disabled={rows.length >= MAX_CONTACTS} onClick={() => onChange([...rows, { key: "", value: "", publish: false }])}>
        {t("workspace.planners.addContact")}
      </button>
    </fieldset>
  );
}
