/**
 * Writes wait for the server's schema (server SPEC S17): the tab's sync step 2 and updates are
 * held on the socket until the server announced this tab's schema, then sent in order; another
 * schema, or a sync answered without any announce, sends none of them.
 */
import { describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { SCHEMA_VERSION, encodeSchemaAnnounce, encodeSyncUpdate } from '@riffboard/shared';
import { SchemaGate } from '../../src/room/schemaGate.ts';

/** A socket that records what it would put on the wire. */
class RecordingSocket {
  readonly sent: Uint8Array[] = [];
  send(data: Uint8Array): void {
    this.sent.push(data);
  }
}

/** The provider type, named through the gate (tests outside room/ may not import y-websocket). */
type WebsocketProvider = Parameters<SchemaGate['listen']>[0];

type Handler = (encoder: encoding.Encoder, decoder: decoding.Decoder) => void;

/** The parts of a provider the gate uses: its socket, message handlers and `sync` event. */
function fakeProvider(socket: unknown): { provider: WebsocketProvider; announce(version: number): void; synced(): void } {
  const handlers: Handler[] = [];
  const onSync: ((synced: boolean) => void)[] = [];
  const provider = {
    ws: socket,
    messageHandlers: handlers,
    on: (event: string, fn: (synced: boolean) => void) => {
      if (event === 'sync') onSync.push(fn);
    },
  } as unknown as WebsocketProvider;
  return {
    provider,
    announce(version) {
      const d = decoding.createDecoder(encodeSchemaAnnounce(version));
      const type = decoding.readVarUint(d);
      handlers[type]?.(encoding.createEncoder(), d);
    },
    synced: () => onSync.forEach((fn) => fn(true)),
  };
}

function setUp() {
  const verdicts: string[] = [];
  const gate = new SchemaGate(RecordingSocket as unknown as typeof WebSocket, (v) => verdicts.push(v));
  const socket = new gate.Socket('ws://riffboard.test/sync/room') as unknown as RecordingSocket & { send(d: Uint8Array): void };
  const fake = fakeProvider(socket);
  gate.listen(fake.provider);
  return { socket, verdicts, ...fake };
}

const step1 = new Uint8Array([0, 0, 1, 0]);
const awareness = new Uint8Array([1, 1, 0]);
const step2 = encodeSyncUpdate(1, new Uint8Array([1, 2, 3]));
const update = encodeSyncUpdate(2, new Uint8Array([4, 5]));
const later = encodeSyncUpdate(2, new Uint8Array([6]));

describe('S17 writes wait for the server’s schema', () => {
  it('S17 a step 2 and updates wait for the announce of this tab’s schema, then go out in order; step 1 and presence never wait', () => {
    const { socket, verdicts, announce } = setUp();
    socket.send(step1);
    socket.send(awareness);
    socket.send(step2);
    socket.send(update);
    expect(socket.sent).toEqual([step1, awareness]);
    announce(SCHEMA_VERSION);
    expect(socket.sent).toEqual([step1, awareness, step2, update]);
    socket.send(later);
    expect(socket.sent.at(-1)).toEqual(later);
    expect(verdicts).toEqual([]);
  });

  it('S17 an announce of another schema sends nothing held, and says which side is behind', () => {
    for (const [version, verdict] of [
      [SCHEMA_VERSION + 1, 'clientOutdated'],
      [SCHEMA_VERSION - 1, 'serverOutdated'],
    ] as const) {
      const { socket, verdicts, announce } = setUp();
      socket.send(step1);
      socket.send(step2);
      announce(version);
      socket.send(update);
      expect(socket.sent).toEqual([step1]);
      expect(verdicts).toEqual([verdict]);
    }
  });

  it('S17 a server that completes the sync without announcing is taken for an older release and gets nothing', () => {
    const { socket, verdicts, synced } = setUp();
    socket.send(step1);
    socket.send(step2);
    synced();
    expect(socket.sent).toEqual([step1]);
    expect(verdicts).toEqual(['serverOutdated']);
  });
});
