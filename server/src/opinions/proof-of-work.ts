/**
 * A cheap check that a submission cost its sender some work, needing no third-party service: the server hands out a
 * random challenge, signed with a key made at start and kept in memory, with its difficulty and expiry inside; the
 * client finds a nonce such that sha256(challenge + nonce) starts with that many zero bits (2^bits hashes on
 * average) and sends both back. Each challenge is accepted once: used ones are remembered until they expire. A
 * restart makes a new key, which voids the challenges handed out before it. Per server process, like the rate limit.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** How long a challenge may be used after it is handed out. */
const CHALLENGE_LIFETIME_MS = 10 * 60 * 1000;
/** The longest nonce accepted: a counter's digits, or any text. */
const MAX_NONCE_LENGTH = 64;

export interface Challenge {
  challenge: string;
  bits: number;
  expiresAt: Date;
}

/** Why a proof was refused, in words a client can show. */
export type ProofFailure = { ok: false; reason: string };

/** Leading zero bits of a digest. */
function leadingZeroBits(digest: Buffer): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

/** Whether sha256(challenge + nonce) has `bits` leading zero bits; what a client must make true. */
export function proofHolds(challenge: string, nonce: string, bits: number): boolean {
  return leadingZeroBits(createHash("sha256").update(challenge + nonce, "utf8").digest()) >= bits;
}

export class ProofOfWork {
  private readonly key = randomBytes(32);
  /** Used challenges with their expiry, until then. */
  private readonly used = new Map<string, number>();

  constructor(
    private readonly bits: number,
    private readonly now: () => number = Date.now,
  ) {}

  private sign(body: string): string {
    return createHmac("sha256", this.key).update(body).digest("base64url");
  }

  /** A new challenge: `<bits>.<expiry ms>.<random>.<signature>`. */
  issue(): Challenge {
    const expires = this.now() + CHALLENGE_LIFETIME_MS;
    const body = `${this.bits}.${expires}.${randomBytes(16).toString("base64url")}`;
    return { challenge: `${body}.${this.sign(body)}`, bits: this.bits, expiresAt: new Date(expires) };
  }

  /** Whether the proof is good, without using the challenge up (see use()). */
  check(challenge: string, nonce: string): { ok: true } | ProofFailure {
    const match = /^(\d{1,2})\.(\d{1,15})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/.exec(challenge);
    if (!match) return { ok: false, reason: "the challenge is not one this server handed out: ask GET /api/opinions/challenge for one" };
    const [, bits, expires, , signature] = match;
    const expected = Buffer.from(this.sign(challenge.slice(0, challenge.lastIndexOf("."))));
    if (!timingSafeEqual(expected, Buffer.from(signature!))) {
      return { ok: false, reason: "the challenge is not one this server handed out (or the server restarted since): ask for a new one" };
    }
    if (Number(expires) <= this.now()) return { ok: false, reason: "the challenge has expired: ask for a new one" };
    this.forgetExpired();
    if (this.used.has(challenge)) return { ok: false, reason: "the challenge was already used: ask for a new one" };
    if (nonce.length === 0 || nonce.length > MAX_NONCE_LENGTH || !proofHolds(challenge, nonce, Number(bits))) {
      return { ok: false, reason: `the nonce does not solve the challenge: sha256(challenge + nonce) must start with ${bits} zero bits` };
    }
    return { ok: true };
  }

  /** Marks a checked challenge as used, so that it is refused from now on; false when it already was. */
  use(challenge: string): boolean {
    if (this.used.has(challenge)) return false;
    this.used.set(challenge, Number(challenge.split(".")[1]));
    return true;
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [challenge, expires] of this.used) if (expires <= now) this.used.delete(challenge);
  }
}

/** Finds a nonce for a challenge, as a client does (tests and scripts; a browser does the same with SubtleCrypto). */
export function solveChallenge(challenge: string, bits: number): string {
  for (let counter = 0; ; counter++) {
    const nonce = counter.toString(36);
    if (proofHolds(challenge, nonce, bits)) return nonce;
  }
}
