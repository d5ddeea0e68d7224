import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { noParkedChanges, park, withoutParked, type ParkedChanges } from '../src/index.ts';

/** What the server would do with an update: nothing of it may be left waiting for dependencies. */
function applyWhole(server: Y.Doc, update: Uint8Array): void {
  Y.applyUpdate(server, update);
  expect(server.store.pendingStructs).toBeNull();
  expect(server.store.pendingDs).toBeNull();
}

function sendable(local: Y.Doc, server: Y.Doc, parked: ParkedChanges): Uint8Array {
  return withoutParked(Y.encodeStateAsUpdate(local, Y.encodeStateVector(server)), parked).update;
}

describe('S13 parked changes', () => {
  it('S13 a parked change stays local while an independent later edit still goes out', () => {
    const server = new Y.Doc();
    const local = new Y.Doc();
    local.getMap('board').set('shape:a', { id: 'shape:a' });
    applyWhole(server, Y.encodeStateAsUpdate(local));
    const before = Y.encodeStateVector(local);
    local.getText('notes').insert(0, 'a long offline session');
    local.getMap('board').set('shape:huge', { id: 'shape:huge' });
    const parked = noParkedChanges();
    park(parked, Y.encodeStateAsUpdate(local, before));
    local.clientID = 777;
    local.getMap('board').set('shape:later', { id: 'shape:later' });
    applyWhole(server, sendable(local, server, parked));
    expect([...server.getMap('board').keys()].sort()).toEqual(['shape:a', 'shape:later']);
    expect(server.getText('notes').toString()).toBe('');
    expect(parked.ranges.has(777)).toBe(false);
  });

  it('S13 an edit that builds on parked content, and a deletion of it, stay back too', () => {
    const server = new Y.Doc();
    const local = new Y.Doc();
    local.getMap('board').set('shape:a', { id: 'shape:a' });
    applyWhole(server, Y.encodeStateAsUpdate(local));
    const before = Y.encodeStateVector(local);
    local.getText('notes').insert(0, 'parked words');
    const parked = noParkedChanges();
    park(parked, Y.encodeStateAsUpdate(local, before));
    local.clientID = 777;
    local.getText('notes').insert(12, '!'); // right after parked text
    local.getText('notes').delete(0, 6); // deletes parked text
    local.clientID = 888;
    local.getMap('board').set('shape:b', { id: 'shape:b' });
    const out = withoutParked(Y.encodeStateAsUpdate(local, Y.encodeStateVector(server)), parked);
    expect(out.changed).toBe(true);
    applyWhole(server, out.update);
    expect(parked.ranges.get(777)).toBe(0);
    expect(server.getText('notes').toString()).toBe('');
    expect([...server.getMap('board').keys()].sort()).toEqual(['shape:a', 'shape:b']);
  });

  it('S13 with nothing parked the update goes out unchanged', () => {
    const d = new Y.Doc();
    d.getMap('board').set('k', 1);
    const u = Y.encodeStateAsUpdate(d);
    expect(withoutParked(u, noParkedChanges())).toEqual({ update: u, changed: false });
  });

  type Op =
    | { kind: 'set'; key: number; value: number }
    | { kind: 'insert'; at: number; text: string }
    | { kind: 'delete'; at: number; len: number };
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('set' as const), key: fc.integer({ min: 0, max: 5 }), value: fc.integer() }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ minLength: 1, maxLength: 4 }) }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 3 }) }),
  );
  const run = (doc: Y.Doc, ops: readonly Op[]): void => {
    for (const o of ops) {
      const text = doc.getText('t');
      if (o.kind === 'set') doc.getMap('m').set(`k${o.key}`, o.value);
      else if (o.kind === 'insert') text.insert(o.at % (text.length + 1), o.text);
      else if (text.length > 0) text.delete(o.at % text.length, Math.min(o.len, text.length - (o.at % text.length)));
    }
  };

  it('S13 whatever was parked and whatever followed, what goes out applies whole, piecemeal or at once', () => {
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 15 }),
        fc.array(op, { minLength: 1, maxLength: 15 }),
        fc.array(fc.array(op, { maxLength: 8 }), { maxLength: 4 }),
        (synced, refused, later) => {
          const server = new Y.Doc();
          const local = new Y.Doc();
          local.clientID = 1;
          run(local, synced);
          const syncedState = Y.encodeStateAsUpdate(local);
          applyWhole(server, syncedState);
          const before = Y.encodeStateVector(local);
          run(local, refused);
          const parked = noParkedChanges();
          park(parked, Y.encodeStateAsUpdate(local, before));
          let id = 2;
          for (const ops of later) {
            local.clientID = id++;
            run(local, ops);
            applyWhole(server, sendable(local, server, parked));
          }
          // Sent piecemeal or all at once, the same content goes out.
          const once = new Y.Doc();
          applyWhole(once, syncedState);
          applyWhole(once, withoutParked(Y.encodeStateAsUpdate(local, before), parked).update);
          expect(server.getMap('m').toJSON()).toEqual(once.getMap('m').toJSON());
          expect(server.getText('t').toString()).toBe(once.getText('t').toString());
        },
      ),
      { seed: 42, numRuns: 150 },
    );
  }, 30_000);
});
