/**
 * Password hashing with argon2id (@node-rs/argon2, its default cost: 19 MiB, 2 passes, OWASP's recommendation).
 * Hashing runs on libuv's thread pool, so the event loop keeps serving while a sign-in is checked.
 */
import { randomBytes } from "node:crypto";
import type { Algorithm } from "@node-rs/argon2";

// Loaded at the first sign-in, not at start: a native module the server's cold start need not wait for.
const argon2 = () => import("@node-rs/argon2");

// Algorithm.Argon2id; the package declares its enums `const`, which a transpile-only build cannot inline.
const ARGON2ID = 2 as Algorithm;

export async function hashPassword(password: string): Promise<string> {
  return (await argon2()).hash(password, { algorithm: ARGON2ID });
}

let dummyHash: Promise<string> | undefined;

/**
 * Whether `password` matches `passwordHash`. Without a hash (unknown name, account without password) it still
 * verifies against a hash of a random password, so that the time taken does not tell which names exist; false then.
 */
export async function verifyPassword(passwordHash: string | null | undefined, password: string): Promise<boolean> {
  if (!passwordHash) {
    dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
    await (await argon2()).verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return (await argon2()).verify(passwordHash, password).catch(() => false);
}
