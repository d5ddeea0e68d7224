/**
 * Measures what a page really sends to its speakers: the app's audio tap (`RoomActor.join(…,
 * { audioTap: true })`) keeps the last seconds of its master bus on the render thread, and
 * `bandLevels` reads the level of given frequencies in them. A test can so tell a 220 Hz
 * reference from the metronome's 1175/1760 Hz clicks in the same output.
 *
 * Both halves were once weaker, and the personal-mix test read levels 0.13–0.26 for one unchanged
 * reference: a main-thread ScriptProcessor lost whole buffers whenever the page's main thread was
 * late (a dozen splices in 6 s on a page redrawing presence), and one long coherent sum over each
 * window turned every splice into a loss (and summed clicks in opposite phases). The tap on the
 * render thread misses no frame; the short-time levels below don't care about phase.
 */
import type { Page } from 'playwright-core';

interface SamplesHook {
  samples(seconds: number): Promise<{ data: number[]; rate: number }>;
}

/**
 * The level (RMS amplitude of the component) of each frequency in the page's output: the median
 * over `windows` consecutive windows of `seconds` each, the last ending now.
 *
 * Levels are short-time: Hann frames of ~46 ms, a quarter frame apart (their squared windows then
 * sum to a constant, so a click counts the same wherever it falls), each frame's power averaged
 * over the window. One long coherent sum instead cancels clicks that arrive in opposite phase
 * (1175 Hz clicks half a second apart do) and turns any splice in a steady tone into a loss.
 * For a click, give windows a whole number of bars: each then holds the same beats.
 */
export async function bandLevels(page: Page, seconds: number, frequencies: readonly number[], windows = 5): Promise<number[]> {
  const { data, rate } = await page.evaluate(
    (s) => (window as unknown as { riffboardAudioTap?: SamplesHook }).riffboardAudioTap?.samples(s) ?? { data: [], rate: 44100 },
    seconds * windows,
  );
  if (data.length < seconds * windows * rate * 0.99)
    throw new Error(`the page's audio tap holds ${data.length} samples, not ${seconds * windows} s`);
  const frames = framePowers(data, rate, frequencies);
  // Each frame belongs to the window its centre falls in, so a click's power is never lost at a boundary.
  const perWindow = Array.from({ length: windows }, () => ({ sums: frequencies.map(() => 0), count: 0 }));
  const windowSamples = data.length / windows;
  for (const f of frames) {
    const w = perWindow[Math.min(windows - 1, Math.floor(f.centre / windowSamples))]!;
    f.powers.forEach((p, i) => (w.sums[i]! += p));
    w.count++;
  }
  return frequencies.map((_, i) => {
    const levels = perWindow.map((w) => (w.count === 0 ? 0 : Math.sqrt(w.sums[i]! / w.count))).sort((a, b) => a - b);
    return levels[Math.floor(levels.length / 2)]!;
  });
}

function framePowers(data: readonly number[], rate: number, frequencies: readonly number[]): { centre: number; powers: number[] }[] {
  const size = 2 ** Math.round(Math.log2(rate * 0.046));
  const hop = size / 4;
  const window = Float64Array.from({ length: size }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / size));
  const wsum = window.reduce((a, b) => a + b, 0);
  const tables = frequencies.map((f) => {
    const k = (2 * Math.PI * f) / rate;
    return {
      cos: Float64Array.from({ length: size }, (_, i) => Math.cos(k * i) * window[i]!),
      sin: Float64Array.from({ length: size }, (_, i) => Math.sin(k * i) * window[i]!),
    };
  });
  const out: { centre: number; powers: number[] }[] = [];
  for (let start = 0; start + size <= data.length; start += hop) {
    const powers = tables.map(({ cos, sin }) => {
      let re = 0;
      let im = 0;
      for (let i = 0; i < size; i++) {
        re += data[start + i]! * cos[i]!;
        im -= data[start + i]! * sin[i]!;
      }
      // A steady sine of RMS a gives a² here in every frame.
      return (2 * (re * re + im * im)) / (wsum * wsum);
    });
    out.push({ centre: start + size / 2, powers });
  }
  return out;
}
