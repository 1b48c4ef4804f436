/**
 * The fields of POST /api/opinions (multipart/form-data, all text) checked and converted: place, category, text,
 * optional contact, the proof of work and confirmNew. Pure: expected failures are returned, with a path and message
 * for each field, as the schema validation of JSON routes reports them.
 */
import { OPINION_CATEGORY_KEYS, OPINION_TEXT_MAX, type OpinionCategory } from "../contracts/opinions.ts";

/** The form's text fields; photos are file parts. */
export const OPINION_FORM_FIELDS = ["lon", "lat", "category", "text", "contact", "challenge", "nonce", "confirmNew"] as const;

export interface OpinionForm {
  lon: number;
  lat: number;
  category: OpinionCategory;
  text: string;
  contact: string | null;
  challenge: string;
  nonce: string;
  confirmNew: boolean;
}

const CONTACT_MAX = 100;
/** C0 and C1 control characters but the line feed, which a multi-line text keeps. */
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

type Issue = { path: string; message: string };

function coordinate(raw: string | undefined, name: "lon" | "lat", limit: number, issues: Issue[]): number {
  const value = raw === undefined || raw.trim() === "" ? Number.NaN : Number(raw);
  if (!Number.isFinite(value) || Math.abs(value) > limit) issues.push({ path: `body.${name}`, message: `must be a number from -${limit} to ${limit} (WGS84 degrees)` });
  return value;
}

/** A text field: line breaks as \n, trimmed; an issue when it is empty, too long or holds control characters. */
function text(raw: string | undefined, name: string, max: number, multiline: boolean, issues: Issue[]): string {
  const value = (raw ?? "").replace(/\r\n?/g, "\n").trim();
  const length = [...value].length;
  if (length === 0 || length > max) issues.push({ path: `body.${name}`, message: `must have 1 to ${max} characters` });
  else if (CONTROL_BUT_NEWLINE.test(value) || (!multiline && value.includes("\n"))) {
    issues.push({ path: `body.${name}`, message: multiline ? "must not hold control characters (line breaks are fine)" : "must be one line without control characters" });
  }
  return value;
}

/** The form's fields checked; every issue at once when any is wrong. */
export function readOpinionForm(fields: Record<string, string>): { ok: true; form: OpinionForm } | { ok: false; issues: Issue[] } {
  const issues: Issue[] = [];
  const lon = coordinate(fields.lon, "lon", 180, issues);
  const lat = coordinate(fields.lat, "lat", 90, issues);
  const category = fields.category ?? "";
  if (!(OPINION_CATEGORY_KEYS as string[]).includes(category)) issues.push({ path: "body.category", message: `must be one of ${OPINION_CATEGORY_KEYS.join(", ")}` });
  const body = text(fields.text, "text", OPINION_TEXT_MAX, true, issues);
  const contact = fields.contact === undefined || fields.contact.trim() === "" ? null : text(fields.contact, "contact", CONTACT_MAX, false, issues);
  for (const name of ["challenge", "nonce"] as const) {
    if (!fields[name]) issues.push({ path: `body.${name}`, message: "is required: the proof of work (GET /api/opinions/challenge)" });
  }
  const confirmNew = fields.confirmNew ?? "false";
  if (confirmNew !== "true" && confirmNew !== "false") issues.push({ path: "body.confirmNew", message: "must be true or false" });
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    form: { lon, lat, category: category as OpinionCategory, text: body, contact, challenge: fields.challenge!, nonce: fields.nonce!, confirmNew: confirmNew === "true" },
  };
}
