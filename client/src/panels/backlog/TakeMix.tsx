/**
 * A heard take's channel in this person's mix (shared `personalMix.ts`, keyed by the take's id like
 * a reference's): mute and volume, for them only. Solo stays in the references' mixer: a soloed
 * reference silences a take as it does any other reference.
 */
import { channelOf, referenceAudible } from '@riffboard/shared';
import { useRoom } from '../../room/roomHooks.ts';
import { usePersonalMix, useRoomMix } from '../../mix/mixHooks.ts';

export function TakeMix({ takeId, title }: { takeId: string; title: string }) {
  const mixStore = useRoomMix(useRoom());
  const mix = usePersonalMix(mixStore);
  const channel = channelOf(mix, takeId);
  const source = { kind: 'reference', id: takeId } as const;
  return (
    <span className={`rb-take-mix${referenceAudible(mix, takeId) ? '' : ' is-silent'}`} data-testid="take-mix">
      <button
        type="button"
        className="rb-mix-toggle rb-mix-mute"
        aria-pressed={channel.muted}
        aria-label={`Mute ${title} for me`}
        title={`Mute ${title} for me`}
        onClick={() => mixStore.update(source, { muted: !channel.muted })}
      >
        M
      </button>
      <input
        type="range"
        className="rb-mix-volume"
        min={0}
        max={1}
        step={0.01}
        value={channel.volume}
        aria-label={`Volume of ${title} for me`}
        onChange={(e) => mixStore.update(source, { volume: Number(e.target.value) })}
      />
    </span>
  );
}
