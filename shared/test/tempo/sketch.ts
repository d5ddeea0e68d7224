/** Timelines from v2-style section sketches (each section with its BPM, meter and ramp), for tests that describe a song that way. */
import { buildTimeline, tempoMapFromSections, type SectionSketch, type TempoTimeline } from '../../src/index.ts';

export const timelineOf = (sketch: readonly SectionSketch[]): TempoTimeline => buildTimeline(tempoMapFromSections(sketch));
