/** Small numeric helpers for the benchmark: percentiles, medians, formatting. */

/** The q-quantile (0..1) of the values, by nearest rank on a sorted copy; NaN when empty. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1));
  return sorted[rank] ?? Number.NaN;
}

export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const mid = Math.floor(n / 2);
  const hi = sorted[mid] ?? Number.NaN;
  return n % 2 === 1 ? hi : ((sorted[mid - 1] ?? Number.NaN) + hi) / 2;
}

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes on this machine. */
export function wallMs(): number {
  return performance.timeOrigin + performance.now();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs `task(i)` for i in [0, count) with at most `limit` in flight; rejects on the first failure. */
export async function runBounded(count: number, limit: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes: Promise<void>[] = [];
  for (let lane = 0; lane < Math.min(limit, count); lane++) {
    lanes.push(
      (async () => {
        while (next < count) {
          const i = next++;
          await task(i);
        }
      })(),
    );
  }
  await Promise.all(lanes);
}

/** Deterministic PRNG (mulberry32), so every server gets byte-identical content. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One row from several rounds of the same measurement: the median of every numeric cell (a
 * machine shared with anything else moves single runs by ±15 %, which is the size of the gaps
 * being measured). Non-numeric cells come from the first round.
 */
export function medianCells<C extends number | string | undefined>(rounds: ReadonlyArray<Record<string, C>>): Record<string, C> {
  const out: Record<string, C> = { ...rounds[0] };
  for (const key of Object.keys(out)) {
    const nums = rounds.map((r) => r[key]).filter((v): v is C & number => typeof v === 'number' && Number.isFinite(v));
    if (nums.length === rounds.length && nums.length > 0) out[key] = median(nums) as C;
  }
  return out;
}
