/**
 * How long after a click is heard its echo from the player reaches the recorder (SPEC R1), and the
 * loopback calibration that measures it when the browser's own figures are wrong (R2).
 *
 * Every time here is on the audio context's clock, in seconds: the click's scheduled context time
 * and the context time of the captured frame where its echo starts. Both come from one
 * AudioContext, so no other clock's error enters the measurement.
 */

export const CALIBRATION = {
  /** No real round trip is shorter: an onset closer than this to its click is the click leaking in early. */
  minRoundTripSeconds: 0.001,
  /** Largest spread of the middle half of the delays a calibration accepts. */
  maxSpreadSeconds: 0.002,
  /** Largest round trip kept from any source. */
  maxRoundTripSeconds: 1,
} as const;

/** Latencies the browser reports, in seconds. */
export interface ReportedLatency {
  /** From the render thread to the output (base + output latency, or the measured output delay). */
  readonly outputSeconds: number;
  /** From the microphone to the render thread (the input track's `latency`; 0 when not reported). */
  readonly inputSeconds: number;
}

/** A measured loopback round trip for one input device. */
export interface Calibration {
  readonly roundTripSeconds: number;
  /** Epoch ms of the measurement. */
  readonly measuredAt: number;
  /** Clicks that were heard back. */
  readonly clicks: number;
}

const clampSeconds = (s: number): number => (Number.isFinite(s) ? Math.min(CALIBRATION.maxRoundTripSeconds, Math.max(0, s)) : 0);

/** The round trip to compensate (R1): the calibration's when there is one, else the reported one. */
export function roundTripSeconds(reported: ReportedLatency, calibration?: Calibration): number {
  if (calibration && Number.isFinite(calibration.roundTripSeconds)) return clampSeconds(calibration.roundTripSeconds);
  return clampSeconds(clampSeconds(reported.outputSeconds) + clampSeconds(reported.inputSeconds));
}

export type CalibrationResult =
  | { readonly ok: true; readonly roundTripSeconds: number; readonly spreadSeconds: number; readonly heard: number }
  | { readonly ok: false; readonly reason: 'not_heard' | 'unsteady'; readonly heard: number; readonly spreadSeconds?: number };

const quantile = (sorted: readonly number[], q: number): number => {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (i - lo);
};

/**
 * The round trip from a loopback run (R2): `clicks` are the scheduled context times (ascending,
 * evenly spaced), `onsets` the context times of the onsets found in the capture.
 */
export function measureRoundTrip(clicks: readonly number[], onsets: readonly number[]): CalibrationResult {
  if (clicks.length === 0) return { ok: false, reason: 'not_heard', heard: 0 };
  const sortedOnsets = [...onsets].sort((a, b) => a - b);
  const spacing = clicks.length > 1 ? (clicks[clicks.length - 1]! - clicks[0]!) / (clicks.length - 1) : CALIBRATION.maxRoundTripSeconds;
  const window = Math.min(spacing, CALIBRATION.maxRoundTripSeconds);
  const delays: number[] = [];
  for (const c of clicks) {
    const echo = sortedOnsets.find((o) => o - c >= CALIBRATION.minRoundTripSeconds && o - c < window);
    if (echo !== undefined) delays.push(echo - c);
  }
  const heard = delays.length;
  if (heard * 2 < clicks.length || heard === 0) return { ok: false, reason: 'not_heard', heard };
  delays.sort((a, b) => a - b);
  const spreadSeconds = quantile(delays, 0.75) - quantile(delays, 0.25);
  if (spreadSeconds > CALIBRATION.maxSpreadSeconds) return { ok: false, reason: 'unsteady', heard, spreadSeconds };
  return { ok: true, roundTripSeconds: quantile(delays, 0.5), spreadSeconds, heard };
}
