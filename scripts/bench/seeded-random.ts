/**
 * Seeded pseudo-random numbers for the benchmark's synthetic data and samples. Math.random cannot be seeded, and the
 * point of the synthetic set is that anyone who reruns the generator with the same seed gets the same rows.
 */

/** sfc32 (Chris Doty-Humphrey's small fast counter): 128-bit state, passes PractRand, four lines. */
export function seededRandom(seed: number): () => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const result = (t + d) | 0;
    c = (c + result) | 0;
    return (result >>> 0) / 4294967296;
  };
  // The first outputs still carry the seed's pattern; discarding a few mixes it in.
  for (let i = 0; i < 15; i++) next();
  return next;
}

/**
 * A number in [0, 1) fixed by integer keys: the same keys give the same value however often, and in whatever order,
 * they are asked for. Shared things (a vertex two cells meet at, an edge two cells share) take their randomness from
 * here so that both cells compute the same coordinates.
 */
export function hashedUnit(seed: number, ...keys: number[]): number {
  let h = (seed ^ 0x811c9dc5) >>> 0;
  for (const key of keys) {
    h = Math.imul(h ^ (key | 0), 0x01000193) >>> 0;
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
    h = Math.imul(h ^ (h >>> 12), 0x297a2d39) >>> 0;
    h = (h ^ (h >>> 15)) >>> 0;
  }
  return h / 4294967296;
}
