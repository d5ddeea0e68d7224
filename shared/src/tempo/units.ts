/**
 * Branded units for musical and clock time, so that mixing them is a compile error.
 *
 * Three axes meet in the tempo map and are easy to confuse:
 * - clock time, in {@link Seconds};
 * - musical time, in {@link Ticks} (integer subdivisions of a quarter note, {@link PPQ} per quarter,
 *   the same resolution the MIDI export writes) or {@link Quarters};
 * - meter beats: one beat is one *denominator* note (in 6/8 an eighth), so a beat is
 *   `ticksPerBeat(denominator)` ticks, not a quarter.
 * Tempo ({@link Bpm}) is always quarter notes per minute, whatever the meter (T2 in SPEC.md).
 *
 * A brand is a phantom property: values stay plain numbers at run time. Arithmetic on branded
 * numbers yields `number`, so results must be re-branded through the constructors below, which is
 * where a reviewer sees a unit being asserted.
 */

declare const unit: unique symbol;
type Brand<T, U extends string> = T & { readonly [unit]: U };

/** Clock time or a duration in seconds (negative before bar 1, e.g. a count-in). */
export type Seconds = Brand<number, 'Seconds'>;
/** Musical time in ticks; {@link PPQ} ticks per quarter note. May be fractional between ticks. */
export type Ticks = Brand<number, 'Ticks'>;
/** Musical time in quarter notes. */
export type Quarters = Brand<number, 'Quarters'>;
/** Tempo in quarter notes per minute. */
export type Bpm = Brand<number, 'Bpm'>;

export const seconds = (n: number): Seconds => n as Seconds;
export const ticks = (n: number): Ticks => n as Ticks;
export const quarters = (n: number): Quarters => n as Quarters;
export const bpm = (n: number): Bpm => n as Bpm;

/** Pulses (ticks) per quarter note, for positions, the timeline and the MIDI file's division. */
export const PPQ = 480;

export const ticksToQuarters = (t: Ticks): Quarters => quarters(t / PPQ);
export const quartersToTicks = (q: Quarters): Ticks => ticks(q * PPQ);

/** Ticks in one meter beat: one `denominator` note (a quarter is 480, an eighth 240, a 1/32 is 60). */
export function ticksPerBeat(meterDenominator: number): Ticks {
  return ticks((PPQ * 4) / meterDenominator);
}

/** Ticks in one bar of `numerator`/`denominator`. Always an integer for the allowed meters. */
export function ticksPerBar(meterNumerator: number, meterDenominator: number): Ticks {
  return ticks(meterNumerator * ticksPerBeat(meterDenominator));
}

/** Seconds per quarter note at a tempo. */
export const secondsPerQuarter = (tempo: Bpm): Seconds => seconds(60 / tempo);
