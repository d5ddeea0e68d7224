/** The in-memory recording journal: what the recorder hands it comes back whole, and only finished entries wait for delivery. */
import { describe, expect, it } from 'vitest';
import { MemoryJournal } from '../../src/recording/memoryJournal.ts';
import type { RecordingMeta } from '../../src/recording/recordingTypes.ts';

const meta = (id: string, roomId = 'room', startedAt = 1): RecordingMeta => ({
  id,
  roomId,
  ideaId: 'idea',
  sampleRate: 44_100,
  channels: 1,
  startedAt,
  by: 'Ana',
});

describe('MemoryJournal', () => {
  it('gives back every appended block as one continuous recording, with its placement', async () => {
    const j = new MemoryJournal();
    await j.begin(meta('a'));
    await j.append('a', [Float32Array.of(1, 2, 3)]);
    await j.append('a', [Float32Array.of(4)]);
    await j.place('a', { bar: 3, beat: 1, fileSeconds: 0.5 });
    await j.end('a');
    const [r] = await j.pending('room');
    expect(Array.from(r!.channels[0]!)).toEqual([1, 2, 3, 4]);
    expect(r!.placement).toEqual({ bar: 3, beat: 1, fileSeconds: 0.5 });
  });

  it('lists only ended recordings of the room, oldest first, until removed', async () => {
    const j = new MemoryJournal();
    await j.begin(meta('late', 'room', 20));
    await j.begin(meta('early', 'room', 10));
    await j.begin(meta('running', 'room', 5));
    await j.begin(meta('elsewhere', 'other', 1));
    for (const id of ['late', 'early', 'elsewhere']) await j.end(id);
    expect((await j.pending('room')).map((r) => r.meta.id)).toEqual(['early', 'late']);
    await j.remove('early');
    expect((await j.pending('room')).map((r) => r.meta.id)).toEqual(['late']);
  });
});
