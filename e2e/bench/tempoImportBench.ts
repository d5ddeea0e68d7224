/**
 * MIDI tempo-map import benchmark (not a test): `pnpm --filter @riffboard/e2e bench`.
 *
 * A 5,000-event expressive performance, generated and written byte by byte by the test corpus
 * (`shared/test/tempo/smfCorpus.ts`, SPEC T8): format 1, division 960, a tempo change every 1–240
 * ticks inside bars, a meter change every bar or two among 2/8, 3/8, 5/8, 7/8, tempo and meter
 * events scattered over several tracks. Reports the import time (median and max of 20 runs after
 * two warm-ups), the export time, and the worst distance of any bar start or beat from the time the
 * file itself gives it, after import and after export → re-import. Aim: every error ≤ 1 ms.
 */
import { buildTimeline, exportTempoMidi, importTempoMidi, positionToSeconds, type MidiImport } from '@riffboard/shared';
import { expectedBeats, makeCase, smfBytes } from '@riffboard/shared/test/smfCorpus';

const RUNS = process.env.BENCH_QUICK === '1' ? 5 : 20;

function imported(bytes: Uint8Array): MidiImport {
  const r = importTempoMidi(bytes);
  if (!r.ok) throw new Error(`import failed: ${JSON.stringify(r.error)}`);
  return r.value;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function main(): void {
  const c = makeCase({ seed: 15, format: 1, ppq: 960, bars: 400, tempo: 'rubato', meters: 'everyBar', maxTempoEvents: 5000 });
  const bytes = smfBytes(c);
  const want = expectedBeats(c);
  const tempoEvents = c.events.filter((e) => e.kind === 'tempo').length;
  const meterEvents = c.events.filter((e) => e.kind === 'meter').length;

  for (let i = 0; i < 2; i++) imported(bytes);
  const times: number[] = [];
  let map: MidiImport | undefined;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    map = imported(bytes);
    times.push(performance.now() - t0);
  }
  const t0 = performance.now();
  const out = exportTempoMidi(map!);
  const exportMs = performance.now() - t0;
  const again = imported(out);

  const worst = (m: MidiImport): number => {
    const tl = buildTimeline(m);
    let w = 0;
    for (const b of want) w = Math.max(w, Math.abs(positionToSeconds(tl, { bar: b.bar, beat: b.beat, tick: 0 }) - b.seconds));
    return w;
  };
  const importErr = worst(map!);
  const roundErr = worst(again);
  console.log(
    `file: ${bytes.length} bytes, ${tempoEvents} tempo events, ${meterEvents} meter changes, ${c.tracks} tracks, ${want.length} bars+beats checked`,
  );
  console.log(`import: median ${median(times).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms over ${RUNS} runs`);
  console.log(`export: ${exportMs.toFixed(1)} ms (${out.length} bytes)`);
  console.log(`worst bar/beat error after import: ${(importErr * 1e6).toPrecision(3)} µs (aim ≤ 1 ms)`);
  console.log(`worst bar/beat error after export → re-import: ${(roundErr * 1e6).toPrecision(3)} µs (aim ≤ 1 ms)`);
  if (importErr > 1e-3 || roundErr > 1e-3) process.exitCode = 1;
}

main();
