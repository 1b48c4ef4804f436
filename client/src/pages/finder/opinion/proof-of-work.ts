/** The opinion's proof of work, solved in a Web Worker so that the page stays responsive meanwhile. */
import type { ProofMessage, ProofRequest } from "./proof-of-work.worker.ts";

/**
 * A nonce for the challenge; `onProgress(fraction)` estimates how far along it is (the chance of having found one by
 * now, since the work is a lottery of 2^bits tickets). Rejects with an AbortError when `signal` aborts.
 */
export function solveProof(challenge: string, bits: number, onProgress: (fraction: number) => void, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new DOMException("The proof of work was cancelled", "AbortError"));
    const worker = new Worker(new URL("./proof-of-work.worker.ts", import.meta.url), { type: "module" });
    const stop = () => {
      worker.terminate();
      reject(new DOMException("The proof of work was cancelled", "AbortError"));
    };
    signal.addEventListener("abort", stop, { once: true });
    worker.onmessage = (event: MessageEvent<ProofMessage>) => {
      const message = event.data;
      if (message.kind === "progress") return onProgress(1 - Math.exp(-message.attempts / 2 ** bits));
      signal.removeEventListener("abort", stop);
      worker.terminate();
      resolve(message.nonce);
    };
    worker.onerror = (event) => {
      signal.removeEventListener("abort", stop);
      worker.terminate();
      reject(new Error(`the proof of work failed: ${event.message}`));
    };
    worker.postMessage({ challenge, bits } satisfies ProofRequest);
  });
}
