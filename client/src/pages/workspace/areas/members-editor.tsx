/**
 * An area's member units (townships) by name, with their count; for the bureau a keyboard-accessible alternative to
 * composing on the map: remove a member, or pick a township-level unit from the list and add it. Writes go to the
 * caller (the workspace's draft), never to the server.
 */
import { useId, useState } from "react";
import type { Division } from "../../../api/divisions.ts";
import { useLanguage } from "../../../features/language/language-context.tsx";

interface MembersEditorProps {
  members: readonly string[];
  townships: Map<string, Division>;
  /** Absent: read-only. */
  onChange?: (members: string[]) => void;
}

export function MembersEditor({ members, townships, onChange }: MembersEditorProps) {
  const { t } = useLanguage();
  const pickerId = useId();
  const [picked, setPicked] = useState("");
  const nameOf = (code: string) => townships.get(code)?.name ?? code;
  const candidates = [...townships.values()].filter((division) => !members.includes(division.code));

  const add = () => {
    if (!onChange || picked === "" || members.includes(picked)) return;
    onChange([...members, picked]);
    setPicked("");
  };

  return (
    <div className="members-editor" data-testid="area:members">
      <h4>{t("workspace.area.members", { count: members.length })}</h4>
      {members.length === 0 && <p>{t("workspace.area.noMembers")}</p>}
      <ul className="member-items">
        {members.map((code) => (
          <li key={code} data-member-code={code}>
            {nameOf(code)}
            {onChange && (
              <button
                type="button"
                className="member-remove"
                aria-label={t("workspace.area.removeMember", { name: nameOf(code) })}
                onClick={() => onChange(members.filter((member) => member !== code))}
              >
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      {onChange && (
        <p className="member-add">
          <label htmlFor={pickerId}>{t("workspace.area.addMember")}</label>
          <select id={pickerId} value={picked} onChange={(event) => setPicked(event.target.value)} data-testid="area:member-picker">
            <option value="">—</option>
            {candidates.map((division) => (
              <option key={division.code} value={division.code}>
                {division.name} {division.code}
              </option>
            ))}
          </select>
          <button type="button" onClick={add} disabled={picked === ""} data-testid="area:member-add">
            {t("workspace.area.add")}
          </button>
        </p>
      )}
    </div>
  );
}
