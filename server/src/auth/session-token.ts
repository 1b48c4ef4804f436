/** Session tokens: 32 random bytes in the cookie, only their SHA-256 in the database. */
import { createHash, randomBytes } from "node:crypto";

export const SESSION_COOKIE = "planner_atlas_session";

export function newSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

/** The key of the token's row in sessions; any text is accepted (a forged cookie simply matches no row). */
export function sessionTokenHash(token: string): Buffer {
  return createHash("sha256").update(token).digest();
}
