import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createIdea, readTakes } from '@riffboard/shared';
import { UploadError, type UploadOptions, type UploadedAsset } from '../../src/assets/assetUpload.ts';
import { createTakeDelivery, DeliveryError } from '../../src/recording/encodedTakeDelivery.ts';
import { OFFLINE_SENTENCE, PendingTakes, type PendingTakeStatus } from '../../src/recording/pendingTakes.ts';
import type { EncodedTake } from '../../src/recording/takeEncoding.ts';
import type { FinishedRecording, RecordingJournal, RecordingMeta } from '../../src/recording/recordingTypes.ts';

const ANA = { id: 'p-ana', name: 'Ana' };

function recording(id: string, ideaId: string, startedAt = 1000): FinishedRecording {
  const meta: RecordingMeta = {
    id,
    roomId: 'room',
    ideaId,
    sampleRate: 100,
    channels: 1,
    startedAt,
    by: 'Ana',
    bpm: 96,
    key: 'Am',
    section: 'Verse',
  };
  const samples = Float32Array.from({ length: 250 }, (_, i) => (i === 120 ? -0.9 : i % 50 === 0 ? 0.5 : 0));
  return { meta, channels: [samples], placement: { bar: 2, beat: 1, fileSeconds: 0.1 } };
}

/** The journal as far as the queue sees it: a list that `remove` shrinks. */
function memoryJournal(entries: FinishedRecording[]): RecordingJournal & { ids(): string[] } {
  return {
    begin: async () => {},
    append: async () => {},
    place: async () => {},
    end: async () => {},
    pending: async (roomId) => entries.filter((e) => e.meta.roomId === roomId),
    remove: async (id) => {
      const i = entries.findIndex((e) => e.meta.id === id);
      if (i >= 0) entries.splice(i, 1);
    },
    ids: () => entries.map((e) => e.meta.id),
  };
}

const fakeEncode = async (): Promise<EncodedTake> => ({
  bytes: new Uint8Array([1, 2, 3]),
  mime: 'audio/webm',
  extension: 'webm',
  format: 'compressed',
});

/** An asset store whose next answers the test decides. */
function fakeUpload(answers: (() => UploadedAsset)[]): { upload: (o: UploadOptions) => Promise<UploadedAsset>; calls: UploadOptions[] } {
  const calls: UploadOptions[] = [];
  return {
    calls,
    upload: async (o) => {
      calls.push(o);
      o.onProgress?.(0.5);
      const next = answers.shift();
      if (!next) throw new Error('no more answers');
      return next();
    },
  };
}

const stored = (): UploadedAsset => ({
  id: 'sha',
  kind: 'audio',
  mime: 'audio/webm',
  size: 3,
  name: 'take.webm',
  url: '/api/rooms/room/assets/sha',
});
const networkDown = (): UploadedAsset => {
  throw new UploadError(
    'The upload of “take.webm” was cut off. Check your connection, and that the file is within the size limit.',
    'network',
  );
};
const refused = (): UploadedAsset => {
  throw new UploadError('That file is too large.', 'too_large');
};

function docWithIdea(): { doc: Y.Doc; ideaId: string } {
  const doc = new Y.Doc();
  const ideaId = createIdea(doc, { title: 'Riff' }, ANA, 'local')!;
  return { doc, ideaId };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0));
}

describe('take delivery', () => {
  it('K3 adds the take under the recording’s id with placement, length, peaks, who played, tempo, key and section', async () => {
    const { doc, ideaId } = docWithIdea();
    const up = fakeUpload([stored]);
    const stages: string[] = [];
    const d = createTakeDelivery({
      roomId: 'room',
      token: 't',
      doc,
      person: () => ANA,
      format: () => 'compressed',
      upload: up.upload,
      encode: fakeEncode,
    });
    await d.deliver(recording('rec-1', ideaId), (p) => stages.push(p.stage));
    const [take] = readTakes(doc, ideaId);
    expect(take).toMatchObject({
      id: 'rec-1',
      players: ['Ana'],
      bpm: 96,
      key: 'Am',
      section: 'Verse',
      durationSeconds: 2.5,
      placement: { bar: 2, beat: 1, fileSeconds: 0.1 },
      audio: { assetId: 'sha', url: '/api/rooms/room/assets/sha', mime: 'audio/webm', size: 3 },
    });
    expect(Math.max(...take!.peaks!)).toBe(0.9);
    expect(up.calls[0]?.file.type).toBe('audio/webm');
    expect(up.calls[0]?.kind).toBe('audio');
    expect(new Set(stages)).toEqual(new Set(['encoding', 'uploading', 'saving', 'done']));
  });

  it('K3 delivering a take that is already in the document uploads nothing and adds no second take', async () => {
    const { doc, ideaId } = docWithIdea();
    const up = fakeUpload([stored, stored]);
    const d = createTakeDelivery({
      roomId: 'room',
      token: 't',
      doc,
      person: () => ANA,
      format: () => 'compressed',
      upload: up.upload,
      encode: fakeEncode,
    });
    await d.deliver(recording('rec-1', ideaId), () => {});
    await d.deliver(recording('rec-1', ideaId), () => {});
    expect(up.calls).toHaveLength(1);
    expect(readTakes(doc, ideaId)).toHaveLength(1);
  });

  it('K6 a refused upload fails with the server’s sentence and no retry; a dropped connection may be retried', async () => {
    const { doc, ideaId } = docWithIdea();
    const up = fakeUpload([refused, networkDown]);
    const d = createTakeDelivery({
      roomId: 'room',
      token: 't',
      doc,
      person: () => ANA,
      format: () => 'compressed',
      upload: up.upload,
      encode: fakeEncode,
    });
    const first = await d.deliver(recording('rec-1', ideaId), () => {}).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(DeliveryError);
    expect(first).toMatchObject({ message: 'That file is too large.', retry: false });
    const second = await d.deliver(recording('rec-1', ideaId), () => {}).catch((e: unknown) => e);
    expect(second).toMatchObject({ retry: true });
    expect(readTakes(doc, ideaId)).toEqual([]);
  });

  it('a take whose idea was deleted is refused with a sentence', async () => {
    const { doc } = docWithIdea();
    const d = createTakeDelivery({
      roomId: 'room',
      token: 't',
      doc,
      person: () => ANA,
      format: () => 'compressed',
      upload: fakeUpload([stored]).upload,
      encode: fakeEncode,
    });
    await expect(d.deliver(recording('rec-1', 'gone'), () => {})).rejects.toThrow('The idea this take was recorded for has been deleted');
  });
});

describe('pending takes queue', () => {
  function setup(answers: (() => UploadedAsset)[], online = { value: true }) {
    const { doc, ideaId } = docWithIdea();
    const journal = memoryJournal([recording('old', ideaId, 1), recording('new', ideaId, 2)]);
    const up = fakeUpload(answers);
    let wake: () => void = () => {};
    const queue = new PendingTakes({
      roomId: 'room',
      journal,
      delivery: createTakeDelivery({
        roomId: 'room',
        token: 't',
        doc,
        person: () => ANA,
        format: () => 'compressed',
        upload: up.upload,
        encode: fakeEncode,
      }),
      isOnline: () => online.value,
      onOnline: (cb) => {
        wake = cb;
        return () => {};
      },
      retryDelaysMs: [60_000],
    });
    const statuses = (): PendingTakeStatus['kind'][] => queue.getSnapshot().map((t) => t.status.kind);
    return { doc, ideaId, journal, up, queue, statuses, online, wakeUp: () => wake() };
  }

  it('K4 on load it delivers every take the journal holds, oldest first, and forgets each once it is in the document', async () => {
    const s = setup([stored, stored]);
    await s.queue.load();
    await settle();
    expect(
      readTakes(s.doc, s.ideaId)
        .map((t) => t.id)
        .sort(),
    ).toEqual(['new', 'old']);
    expect(s.up.calls.map((c) => c.file.name.includes('Ana'))).toEqual([true, true]);
    expect(s.journal.ids()).toEqual([]);
    expect(s.queue.getSnapshot()).toEqual([]);
    s.queue.dispose();
  });

  it('K4 offline, takes wait with a sentence and upload when the browser is back online; nothing leaves the journal before', async () => {
    const s = setup([stored, stored], { value: false });
    await s.queue.load();
    await settle();
    expect(s.statuses()).toEqual(['waiting', 'waiting']);
    expect(s.queue.getSnapshot()[0]?.status).toEqual({ kind: 'waiting', message: OFFLINE_SENTENCE });
    expect(s.up.calls).toHaveLength(0);
    expect(s.journal.ids()).toEqual(['old', 'new']);
    s.online.value = true;
    s.wakeUp();
    await settle();
    expect(s.journal.ids()).toEqual([]);
    expect(readTakes(s.doc, s.ideaId)).toHaveLength(2);
    s.queue.dispose();
  });

  it('K4 a dropped connection mid-upload keeps the take and delivers it on the next try', async () => {
    const s = setup([networkDown, stored, stored]);
    await s.queue.load();
    await settle();
    expect(s.statuses()).toEqual(['waiting', 'waiting']);
    expect(s.journal.ids()).toEqual(['old', 'new']);
    s.wakeUp();
    await settle();
    expect(s.journal.ids()).toEqual([]);
    s.queue.dispose();
  });

  it('K6 a refused take shows the server’s sentence, stays in the journal, and the next take still goes', async () => {
    const s = setup([refused, stored, stored]);
    await s.queue.load();
    await settle();
    expect(s.queue.getSnapshot()).toMatchObject([{ id: 'old', status: { kind: 'refused', message: 'That file is too large.' } }]);
    expect(s.journal.ids()).toEqual(['old']);
    s.queue.retry('old');
    await settle();
    expect(s.journal.ids()).toEqual([]);
    s.queue.dispose();
  });

  it('K6 a refused take leaves the browser only when the person discards it', async () => {
    const s = setup([refused, stored]);
    await s.queue.load();
    await settle();
    expect(s.journal.ids()).toEqual(['old']);
    await s.queue.discard('old');
    expect(s.journal.ids()).toEqual([]);
    expect(s.queue.getSnapshot()).toEqual([]);
    s.queue.dispose();
  });
});

describe('pending takes across tabs', () => {
  it('K2 a take another tab is already delivering is let go, not uploaded twice', async () => {
    const { doc, ideaId } = docWithIdea();
    const journal = memoryJournal([recording('busy', ideaId, 1), recording('free', ideaId, 2)]);
    const up = fakeUpload([stored]);
    const queue = new PendingTakes({
      roomId: 'room',
      journal,
      delivery: createTakeDelivery({
        roomId: 'room',
        token: 't',
        doc,
        person: () => ANA,
        format: () => 'compressed',
        upload: up.upload,
        encode: fakeEncode,
      }),
      onOnline: () => () => {},
      exclusive: async (id, fn) => (id === 'busy' ? { held: false } : (await fn(), { held: true })),
    });
    await queue.load();
    await settle();
    expect(up.calls).toHaveLength(1);
    expect(readTakes(doc, ideaId).map((t) => t.id)).toEqual(['free']);
    expect(queue.getSnapshot()).toEqual([]);
    expect(journal.ids()).toEqual(['busy']);
    queue.dispose();
  });
});
