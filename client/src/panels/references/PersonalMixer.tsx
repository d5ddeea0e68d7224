/**
 * "My mix": this person's faders for the click and each audio reference — volume, mute (M) and
 * solo (S), heard by them only (rules in shared `personalMix.ts`). Every control is a native
 * button or range input, so Tab, Space/Enter and the arrow keys work as everywhere.
 */
import { anySolo, channelOf, referenceAudible, type MixChannel, type MixSource, type Reference } from '@riffboard/shared';
import type { RoomConnection } from '../../room/RoomConnection.ts';
import { usePersonalMix, useRoomMix } from '../../mix/mixHooks.ts';

interface StripProps {
  readonly label: string;
  readonly channel: MixChannel;
  /** Heard at all (not muted, not left out by someone else's solo). */
  readonly audible: boolean;
  onChange(patch: Partial<MixChannel>): void;
}

function Strip({ label, channel, audible, onChange }: StripProps) {
  return (
    <li className={`rb-mix-strip${audible ? '' : ' is-silent'}`} data-testid="mix-strip" data-label={label}>
      <span className="rb-mix-name" title={label}>
        {label}
      </span>
      <button
        type="button"
        className="rb-mix-toggle rb-mix-mute"
        aria-pressed={channel.muted}
        aria-label={`Mute ${label}`}
        title={`Mute ${label} for me`}
        onClick={() => onChange({ muted: !channel.muted })}
      >
        M
      </button>
      <button
        type="button"
        className="rb-mix-toggle rb-mix-solo"
        aria-pressed={channel.soloed}
        aria-label={`Solo ${label}`}
        title={`Solo ${label} for me`}
        onClick={() => onChange({ soloed: !channel.soloed })}
      >
        S
      </button>
      <input
        type="range"
        className="rb-mix-volume"
        min={0}
        max={1}
        step={0.05}
        value={channel.volume}
        aria-label={`${label} volume`}
        aria-valuetext={`${Math.round(channel.volume * 100)} %`}
        onChange={(e) => onChange({ volume: Number(e.target.value) })}
      />
    </li>
  );
}

export function PersonalMixer({ room, references }: { readonly room: RoomConnection; readonly references: readonly Reference[] }) {
  const store = useRoomMix(room);
  const mix = usePersonalMix(store);
  const audio = references.filter((r) => r.kind === 'audio');
  const change = (source: MixSource) => (patch: Partial<MixChannel>) => store.update(source, patch);
  return (
    <section className="rb-mix" aria-label="My mix" data-testid="personal-mixer">
      <header className="rb-mix-head">
        <h3>My mix</h3>
        <span className="rb-muted">{anySolo(mix) ? 'Solo on · only you hear this' : 'Only you hear this'}</span>
      </header>
      <ul className="rb-mix-strips">
        <Strip label="Click" channel={mix.click} audible={!mix.click.muted} onChange={change({ kind: 'click' })} />
        {audio.map((r) => (
          <Strip
            key={r.id}
            label={r.title}
            channel={channelOf(mix, r.id)}
            audible={referenceAudible(mix, r.id)}
            onChange={change({ kind: 'reference', id: r.id })}
          />
        ))}
      </ul>
      {audio.length === 0 && <p className="rb-muted rb-mix-empty">Audio references you add get a fader here.</p>}
    </section>
  );
}
