/**
 * The rules for account names and passwords, shared by the API and `npm run user:create`. Pure: expected failures
 * are returned as { ok: false, reason }, in words fit to show the person who typed the value.
 */

export const PASSWORD_MIN_LENGTH = 10;
const NAME_MAX_LENGTH = 64;

export type RuleResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * A sign-in name as stored: trimmed (any Unicode white space) and NFC-normalised, so that 张三 typed on two
 * keyboards is one name; 1-64 characters, no control characters. The database checks the same (migration 0012).
 */
export function normaliseName(raw: string): RuleResult<string> {
  const name = raw.normalize("NFC").trim();
  const length = [...name].length;
  if (length === 0) return { ok: false, reason: "the name is empty" };
  if (length > NAME_MAX_LENGTH) return { ok: false, reason: `the name is longer than ${NAME_MAX_LENGTH} characters` };
  if (/\p{Cc}/u.test(name)) return { ok: false, reason: "the name contains a control character" };
  return { ok: true, value: name };
}

/** A new password: at least PASSWORD_MIN_LENGTH characters and not the account's own name (in any letter case). */
export function checkNewPassword(password: string, name: string): RuleResult<string> {
  if ([...password].length < PASSWORD_MIN_LENGTH) return { ok: false, reason: `the password must have at least ${PASSWORD_MIN_LENGTH} characters` };
  const folded = (text: string) => text.normalize("NFC").trim().toLowerCase();
  if (folded(password) === folded(name)) return { ok: false, reason: "the password must not be the account's name" };
  return { ok: true, value: password };
}
