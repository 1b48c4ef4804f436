/**
 * Solves an opinion's proof of work off the main thread (server/src/opinions/proof-of-work.ts): finds a nonce, a
 * counter in base 36 as the server's own solver writes it, such that SHA-256(challenge + nonce) starts with `bits`
 * zero bits. SubtleCrypto hashes asynchronously, so a batch of digests is asked for at once to keep it busy.
 */
export interface ProofRequest {
  challenge: string;
  bits: number;
}

export type ProofMessage = { kind: "progress"; attempts: number } | { kind: "solved"; nonce: string; attempts: number };

/** Digests asked for together. */
const BATCH = 256;

/** Leading zero bits of a digest. */
function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte !== 0) return bits + Math.clz32(byte) - 24;
    bits += 8;
  }
  return bits;
}

async function solve(challenge: string, bits: number, report: (message: ProofMessage) => void): Promise<void> {
  const encoder = new TextEncoder();
  for (let start = 0; ; start += BATCH) {
    const nonces = Array.from({ length: BATCH }, (_, index) => (start + index).toString(36));
    const digests = await Promise.all(nonces.map((nonce) => crypto.subtle.digest("SHA-256", encoder.encode(challenge + nonce))));
    const found = digests.findIndex((digest) => leadingZeroBits(new Uint8Array(digest)) >= bits);
    if (found >= 0) return report({ kind: "solved", nonce: nonces[found]!, attempts: start + found + 1 });
    report({ kind: "progress", attempts: start + BATCH });
  }
}

// The worker's global scope, typed by hand: the client's types are the DOM's, whose postMessage is a window's.
const scope = self as unknown as { onmessage: ((event: MessageEvent<ProofRequest>) => void) | null; postMessage(message: ProofMessage): void };
scope.onmessage = (event) => void solve(event.data.challenge, event.data.bits, (message) => scope.postMessage(message));
