/**
 * Measures what a page really sends to its speakers: an init script routes everything connected
 * to an AudioContext's destination through a tap that keeps the last few seconds of samples, and
 * `bandLevels` reads the level of given frequencies in them (Goertzel, Hann-windowed). A test can
 * so tell a 220 Hz reference from the metronome's 1175/1760 Hz clicks in the same output.
 */
import type { BrowserContext, Page } from 'playwright-core';

declare global {
  interface Window {
    __outputTap?: { samples(seconds: number): { data: number[]; rate: number } };
  }
}

/** Installs the tap in every page of the context, before any of the page's own scripts run. */
export async function installOutputTap(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const KEEP_SECONDS = 8;
    const taps = new WeakMap<BaseAudioContext, { gain: GainNode; ring: Float32Array; at: number; rate: number }>();
    const native = AudioNode.prototype.connect as (this: AudioNode, ...args: unknown[]) => unknown;
    let last: { ring: Float32Array; at: number; rate: number } | undefined;
    const tapOf = (ctx: BaseAudioContext) => {
      let tap = taps.get(ctx);
      if (tap) return tap;
      const gain = ctx.createGain();
      // A ScriptProcessor sees every sample; it outputs silence, the gain carries the sound on.
      const proc = ctx.createScriptProcessor(2048, 2, 2);
      const ring = new Float32Array(Math.ceil(ctx.sampleRate * KEEP_SECONDS));
      const state = { gain, ring, at: 0, rate: ctx.sampleRate };
      proc.onaudioprocess = (e) => {
        const l = e.inputBuffer.getChannelData(0);
        const r = e.inputBuffer.numberOfChannels > 1 ? e.inputBuffer.getChannelData(1) : l;
        for (let i = 0; i < l.length; i++) {
          ring[state.at % ring.length] = (l[i]! + r[i]!) / 2;
          state.at++;
        }
      };
      native.call(gain, ctx.destination);
      native.call(gain, proc);
      native.call(proc, ctx.destination);
      taps.set(ctx, state);
      if (ctx instanceof AudioContext) last = state;
      tap = state;
      return tap;
    };
    AudioNode.prototype.connect = function (this: AudioNode, ...args: unknown[]) {
      const target = args[0];
      if (target instanceof AudioDestinationNode && this.context instanceof AudioContext)
        return native.call(this, tapOf(this.context).gain, ...args.slice(1));
      return native.apply(this, args);
    } as typeof AudioNode.prototype.connect;
    window.__outputTap = {
      samples(seconds) {
        if (!last) return { data: [], rate: 44100 };
        const n = Math.min(Math.floor(seconds * last.rate), last.at, last.ring.length);
        const data: number[] = [];
        for (let i = last.at - n; i < last.at; i++) data.push(last.ring[i % last.ring.length]!);
        return { data, rate: last.rate };
      },
    };
  });
}

/**
 * The level (RMS amplitude of the component) of each frequency in the page's output: the median
 * over `windows` consecutive windows of `seconds` each, the last ending now. The median keeps one
 * window with a dropout (a busy machine's headless Chromium glitches now and then; the gap's edges
 * spread energy over every frequency) from deciding the result.
 */
export async function bandLevels(page: Page, seconds: number, frequencies: readonly number[], windows = 5): Promise<number[]> {
  const { data, rate } = await page.evaluate((s) => window.__outputTap?.samples(s) ?? { data: [], rate: 44100 }, seconds * windows);
  const size = Math.floor(data.length / windows);
  const per = Array.from({ length: windows }, (_, w) => levelsOf(data.slice(w * size, (w + 1) * size), rate, frequencies));
  return frequencies.map((_, f) => {
    const sorted = per.map((levels) => levels[f]!).sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
  });
}

function levelsOf(data: number[], rate: number, frequencies: readonly number[]): number[] {
  const n = data.length;
  if (n === 0) return frequencies.map(() => 0);
  return frequencies.map((f) => {
    const k = (2 * Math.PI * f) / rate;
    let re = 0;
    let im = 0;
    let wsum = 0;
    for (let i = 0; i < n; i++) {
      const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1));
      re += data[i]! * w * Math.cos(k * i);
      im -= data[i]! * w * Math.sin(k * i);
      wsum += w;
    }
    return (Math.sqrt(re * re + im * im) / wsum) * Math.SQRT2;
  });
}
