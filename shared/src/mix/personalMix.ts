/**
 * A person's own mix of what they hear: the click and each reference, with volume, mute and solo.
 * It lives on one device (per room), never in the room's document: my mix changes nothing for
 * anyone else.
 *
 * Solo works as in a DAW: while any reference or the click is soloed, only soloed sources are
 * heard; mute always wins over solo. The click is the DAW's metronome, not a track: soloing a
 * reference leaves the click playing (you play along to the click and the part you are learning),
 * and only the click's own mute silences it. Soloing the click silences every reference not also
 * soloed.
 */

/** One source's fader and buttons. `volume` is linear gain, 0…1. */
export interface MixChannel {
  readonly volume: number;
  readonly muted: boolean;
  readonly soloed: boolean;
}

export interface PersonalMix {
  readonly click: MixChannel;
  /** By reference id; a reference without an entry sounds at the default. */
  readonly references: Readonly<Record<string, MixChannel>>;
}

export const DEFAULT_CHANNEL: MixChannel = { volume: 1, muted: false, soloed: false };
export const DEFAULT_CLICK_VOLUME = 0.8;
export const EMPTY_MIX: PersonalMix = { click: { ...DEFAULT_CHANNEL, volume: DEFAULT_CLICK_VOLUME }, references: {} };

/** The gains that follow from a mix: what each source is multiplied by, 0 when it is silent. */
export interface MixGains {
  readonly click: number;
  reference(referenceId: string): number;
}

export function channelOf(mix: PersonalMix, referenceId: string): MixChannel {
  return mix.references[referenceId] ?? DEFAULT_CHANNEL;
}

/** Whether anything is soloed (the click or a reference). */
export function anySolo(mix: PersonalMix): boolean {
  return mix.click.soloed || Object.values(mix.references).some((c) => c.soloed);
}

/** Whether a reference is heard at all in this mix (its volume may still be low). */
export function referenceAudible(mix: PersonalMix, referenceId: string): boolean {
  const c = channelOf(mix, referenceId);
  return !c.muted && (c.soloed || !anySolo(mix));
}

/** Whether the click is heard in this mix: only its own mute silences it. */
export function clickAudible(mix: PersonalMix): boolean {
  return !mix.click.muted;
}

export function mixGains(mix: PersonalMix): MixGains {
  return {
    click: clickAudible(mix) ? clampVolume(mix.click.volume) : 0,
    reference: (id) => (referenceAudible(mix, id) ? clampVolume(channelOf(mix, id).volume) : 0),
  };
}

/** Which of these references this mix lets through (muted, or not soloed while others are, are left out). */
export function audibleReferences(mix: PersonalMix, referenceIds: Iterable<string>): string[] {
  return [...referenceIds].filter((id) => referenceAudible(mix, id));
}

export function clampVolume(v: number): number {
  return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0;
}

/** Which source a change is for. */
export type MixSource = { readonly kind: 'click' } | { readonly kind: 'reference'; readonly id: string };

/** The mix with one source's channel changed. */
export function updateChannel(mix: PersonalMix, source: MixSource, patch: Partial<MixChannel>): PersonalMix {
  if (source.kind === 'click') return { ...mix, click: normalize({ ...mix.click, ...patch }) };
  const next = normalize({ ...channelOf(mix, source.id), ...patch });
  const references = { ...mix.references, [source.id]: next };
  return { ...mix, references };
}

/** The mix without channels for references that no longer exist. */
export function forgetReferences(mix: PersonalMix, existing: ReadonlySet<string>): PersonalMix {
  const kept = Object.entries(mix.references).filter(([id]) => existing.has(id));
  return kept.length === Object.keys(mix.references).length ? mix : { ...mix, references: Object.fromEntries(kept) };
}

function normalize(c: MixChannel): MixChannel {
  return { volume: clampVolume(c.volume), muted: c.muted, soloed: c.soloed };
}

/** Most references a stored mix keeps (a room has far fewer; a hostile store can't grow it). */
const MAX_CHANNELS = 500;

function readChannel(raw: unknown, fallbackVolume: number): MixChannel | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  return {
    volume: typeof r.volume === 'number' && Number.isFinite(r.volume) ? clampVolume(r.volume) : fallbackVolume,
    muted: r.muted === true,
    soloed: r.soloed === true,
  };
}

/** A mix read back from storage, whatever is there: anything unreadable falls back to the defaults. */
export function parseMix(raw: unknown, fallback: PersonalMix = EMPTY_MIX): PersonalMix {
  if (typeof raw !== 'object' || raw === null) return fallback;
  const r = raw as Record<string, unknown>;
  const click = readChannel(r.click, fallback.click.volume) ?? fallback.click;
  const references: Record<string, MixChannel> = {};
  if (typeof r.references === 'object' && r.references !== null) {
    for (const [id, c] of Object.entries(r.references as Record<string, unknown>).slice(0, MAX_CHANNELS)) {
      const channel = readChannel(c, DEFAULT_CHANNEL.volume);
      if (channel && id.length <= 100) references[id] = channel;
    }
  }
  return { click, references };
}
