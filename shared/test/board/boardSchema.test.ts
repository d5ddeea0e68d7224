import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { boardSchema, checkBoardRecord, checkWrites, type EntryWrite } from '../../src/board/boardChecks.ts';
import { asGeoVersion9, geoShape as rectangle, geoShapeWithStringWidth } from '../support/boardRecords.ts';

const board = (key: string, value: unknown): EntryWrite => ({ root: 'board', key, nested: false, content: { kind: 'json', value } });

describe('board records (server SPEC B1)', () => {
  it('B1 a well-formed rectangle passes; the same with a string width fails with tldraw’s sentence', () => {
    expect(checkBoardRecord('shape:a', rectangle('shape:a'), undefined).ok).toBe(true);
    const verdict = checkBoardRecord('shape:a', geoShapeWithStringWidth('shape:a'), undefined);
    expect(verdict).toEqual({ ok: false, reason: 'At shape(type = geo).props.w: Expected number, got a string' });
  });

  it('B1 session records, foreign ids and non-records are not board entries', () => {
    expect(checkBoardRecord('camera:x', { id: 'camera:x', typeName: 'camera', x: 0, y: 0, z: 1, meta: {} }, undefined).ok).toBe(false);
    expect(checkBoardRecord('shape:a', rectangle('shape:b'), undefined).ok).toBe(false);
    expect(checkBoardRecord('shape:a', 'hello', undefined).ok).toBe(false);
  });

  it('B1 a record written under an older schema stamp is migrated before it is checked', () => {
    const stamp = boardSchema.serialize();
    const older = { ...stamp, sequences: { ...stamp.sequences, 'com.tldraw.shape.geo': 9 } };
    const v9 = asGeoVersion9(rectangle('shape:a'), 'old label');
    expect(checkBoardRecord('shape:a', v9, stamp).ok).toBe(false);
    const verdict = checkBoardRecord('shape:a', v9, older);
    expect(verdict.ok && (verdict.record as unknown as { props: Record<string, unknown> }).props.richText).toBeTruthy();
  });

  it('B1 the stamp written in the same change is the one records are read under', () => {
    const stamp = boardSchema.serialize();
    const older = { ...stamp, sequences: { ...stamp.sequences, 'com.tldraw.shape.geo': 9 } };
    const v9 = asGeoVersion9(rectangle('shape:a'), 'old label');
    const stampWrite: EntryWrite = { root: 'meta', key: 'boardSchema', nested: false, content: { kind: 'json', value: older } };
    expect(checkWrites(new Y.Doc(), [stampWrite, board('shape:a', v9)])).toEqual({ ok: true });
  });
});

describe('write rules (server SPEC B1, B2)', () => {
  it('B2 any write outside the schema’s roots is refused, even next to valid ones', () => {
    const verdict = checkWrites(new Y.Doc(), [
      board('shape:a', rectangle('shape:a')),
      { root: 'stash', key: 'x', nested: false, content: { kind: 'other' } },
    ]);
    expect(verdict.ok || verdict.rule).toBe('unknownRoot');
  });

  it('B1 one bad record refuses the whole change; deleted content and nested board content are handled', () => {
    const doc = new Y.Doc();
    const ok = Array.from({ length: 10 }, (_, i) => board(`shape:${i}`, rectangle(`shape:${i}`)));
    expect(checkWrites(doc, ok)).toEqual({ ok: true });
    const bad = board('shape:bad', { ...rectangle('shape:bad'), props: { w: 'x' } });
    expect(checkWrites(doc, [...ok, bad]).ok).toBe(false);
    expect(checkWrites(doc, [...ok, { root: 'board', key: 'shape:gone', nested: false, content: { kind: 'deleted' } }]).ok).toBe(true);
    expect(checkWrites(doc, [{ root: 'board', key: 'shape:0', nested: true, content: { kind: 'json', value: 1 } }]).ok).toBe(false);
  });
});
