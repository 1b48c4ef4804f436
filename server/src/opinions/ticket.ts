/**
 * Opinion tickets (查询码): 10 characters of Crockford base32 (digits and capitals without I, L, O, U), 50 random bits,
 * so that they are short to copy and cannot be guessed. What a person types back is read leniently: case, hyphens and
 * spaces do not matter, and I, L read as 1 and O as 0, as Crockford's alphabet intends.
 */
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const LENGTH = 10;

/** A new random ticket. */
export function newTicket(): string {
  const bytes = randomBytes(LENGTH);
  // Each byte's low 5 bits pick a character: uniform, as 32 divides 256.
  return Array.from(bytes, (byte) => ALPHABET[byte & 31]).join("");
}

/** The ticket a person typed, as stored; undefined when it cannot be one. */
export function normaliseTicket(typed: string): string | undefined {
  const ticket = typed.toUpperCase().replace(/[\s-]/g, "").replace(/[IL]/g, "1").replace(/O/g, "0");
  return /^[0-9A-HJKMNP-TV-Z]{10}$/.test(ticket) ? ticket : undefined;
}
