/**
 * How a planner's published details become something a resident can use: contact entries with a link where one makes
 * sense (tel:, mailto:, https:), the initials shown when there is no photo, and whether a photo may be shown at all.
 * Pure: no DOM, no fetch.
 */

/** What kind of contact an entry is; the page names each kind in the current language. */
export type ContactKind = "phone" | "email" | "wechat" | "website" | "other";

export interface ContactEntry {
  kind: ContactKind;
  /** The key as the planner published it (e.g. "phone", "座机"), shown as the label of an "other" entry. */
  key: string;
  value: string;
  /** Where a tap leads; undefined when the value is not safely linkable (plain text then). */
  href: string | undefined;
}

const KIND_BY_KEY: Record<string, ContactKind> = {
  phone: "phone",
  tel: "phone",
  telephone: "phone",
  mobile: "phone",
  电话: "phone",
  手机: "phone",
  email: "email",
  mail: "email",
  邮箱: "email",
  wechat: "wechat",
  weixin: "wechat",
  微信: "wechat",
  website: "website",
  url: "website",
  网站: "website",
};

const ORDER: ContactKind[] = ["phone", "email", "wechat", "website", "other"];

/** Digits with an optional leading + and the separators people write (spaces, dashes, brackets, dots). */
const PHONE = /^\+?[0-9][0-9 ().-]{2,30}$/;
/** Deliberately plain: something@host.tld, no spaces, nothing a mailto: link could be abused with. */
const EMAIL = /^[^\s@<>"'?&]+@[^\s@<>"'?&]+\.[^\s@<>"'?&]+$/;

function hrefFor(kind: ContactKind, value: string): string | undefined {
  if (kind === "phone" && PHONE.test(value)) return `tel:${value.replace(/[^0-9+]/g, "")}`;
  if (kind === "email" && EMAIL.test(value)) return `mailto:${value}`;
  if (kind === "website") {
    try {
      const url = new URL(value);
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * The published contact as entries, phones first, then e-mail, WeChat, websites and anything else in the order given;
 * blank values are left out. An empty array when the planner published nothing.
 */
export function contactEntries(publicContact: Readonly<Record<string, string>>): ContactEntry[] {
  const entries: ContactEntry[] = [];
  for (const [key, rawValue] of Object.entries(publicContact)) {
    const value = rawValue.trim();
    if (value === "") continue;
    const kind = KIND_BY_KEY[key.trim().toLowerCase()] ?? "other";
    entries.push({ kind, key, value, href: hrefFor(kind, value) });
  }
  // Array.prototype.sort is stable, so entries of one kind keep the planner's order.
  return entries.sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
}

const HAN = /\p{Script=Han}/u;

/**
 * One or two characters for the round badge shown instead of a photo: the surname (first Han character) of a Chinese
 * name, the initials of the first two words of any other name. "?" when the name is blank.
 */
export function initialsOf(name: string): string {
  const trimmed = name.trim();
  if (trimmed === "") return "?";
  const firstHan = [...trimmed].find((character) => HAN.test(character));
  if (firstHan) return firstHan;
  const words = trimmed.split(/\s+/).filter((word) => /\p{L}/u.test(word));
  const initials = words
    .slice(0, 2)
    .map((word) => [...word].find((character) => /\p{L}/u.test(character)) ?? "")
    .join("")
    .toUpperCase();
  return initials || [...trimmed][0]!;
}

/**
 * The photo URL when the page may load it: a path on the page's own server (relative, or absolute on the same origin).
 * Undefined for a missing photo or one on another host, because the public page makes no request to any other host.
 */
export function sameOriginPhotoUrl(photoUrl: string | null, pageOrigin: string): string | undefined {
  if (!photoUrl || photoUrl.trim() === "") return undefined;
  try {
    const url = new URL(photoUrl, pageOrigin);
    if (url.origin !== pageOrigin || (url.protocol !== "https:" && url.protocol !== "http:")) return undefined;
    return url.href;
  } catch {
    return undefined;
  }
}
