/**
 * Clock error under jitter (not a test): `tsx bench/clockJitterBench.ts`, part of `pnpm bench`.
 *
 * Pure `estimateClock` (shared/src/transport/clockSync.ts) against simulated network paths, with
 * the browser's own schedule (bursts of 8 pings 60 ms apart at connect and 1.5 s later, then 8
 * every 10 s; the 24 fastest of the newest 48 samples averaged). Each row is 200 seeded sessions
 * of 60 s; the error is the estimate minus the true offset at the end, and the reported bound
 * (C9) is checked to contain the truth.
 *
 * Every path has a one-way base delay per direction plus independent jitter (uniform in 0…J, and
 * one sample in 20 queued behind a spike of up to 5·J more). NTP-style estimation assumes the
 * two directions take equally long: the asymmetric rows show it cannot see the difference — the
 * estimate is off by half of it, however many samples, and no client-side algorithm can tell.
 */
import { estimateClock, type ClockSample } from '@riffboard/shared';

const SESSIONS = 200;
const KEEP_BEST = 24;
const MAX_SAMPLES = 48;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1_664_525 + 1_013_904_223) >>> 0) / 2 ** 32;
}

/** Ping send times (ms) of the browser's schedule over `durationMs`. */
function schedule(durationMs: number): number[] {
  const out: number[] = [];
  for (const at of [0, 1500]) for (let i = 0; i < 8; i++) out.push(at + i * 60);
  for (let at = 10_000; at < durationMs; at += 10_000) for (let i = 0; i < 8; i++) out.push(at + i * 60);
  return out;
}

function session(upMs: number, downMs: number, jitterMs: number, seed: number): { error: number; bound: number } {
  const r = rng(seed);
  const trueOffset = 1_000_000 * r();
  const leg = (base: number): number => {
    let d = base + r() * jitterMs;
    if (r() < 0.05) d += r() * 5 * jitterMs; // a queueing spike
    return d;
  };
  const samples: ClockSample[] = schedule(60_000).map((t0) => {
    const t1 = t0 + leg(upMs) + trueOffset;
    const t2 = t1 + 0.05;
    return { t0, t1, t2, t3: t2 - trueOffset + leg(downMs) };
  });
  const est = estimateClock(samples.slice(-MAX_SAMPLES), { keepBest: KEEP_BEST });
  if (!est) throw new Error('no estimate');
  return { error: est.offsetMs - trueOffset, bound: est.uncertaintyMs };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const rows: string[] = [];
for (const [up, down, jitter] of [
  [0.2, 0.2, 0.1],
  [10, 10, 5],
  [40, 40, 15],
  [10, 60, 0],
  [10, 60, 5],
  [10, 60, 20],
  [60, 10, 5],
] as const) {
  const runs = Array.from({ length: SESSIONS }, (_, i) => session(up, down, jitter, 1000 + i));
  const errs = runs.map((x) => x.error);
  const abs = errs.map(Math.abs);
  const contained = runs.filter((x) => Math.abs(x.error) <= x.bound + 1e-9).length;
  rows.push(
    `| ${up} ms up / ${down} ms down, J = ${jitter} ms | ${median(errs).toFixed(2)} ms | ${median(abs).toFixed(2)} ms | ${Math.max(...abs).toFixed(2)} ms | ${((up - down) / 2).toFixed(1)} ms | ±${median(runs.map((x) => x.bound)).toFixed(2)} ms | ${contained}/${SESSIONS} |`,
  );
}
console.log(`\nClock-sync estimate error, pure estimateClock, ${SESSIONS} simulated 60 s sessions per path:\n`);
console.log(
  '| path: one-way base delay + jitter 0…J each way | median error | median abs | max abs | (up − down) / 2 | median bound (C9) | truth within bound |\n|---|---|---|---|---|---|---|\n' +
    rows.join('\n'),
);
