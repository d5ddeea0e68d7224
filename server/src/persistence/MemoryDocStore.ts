/**
 * DocStore in memory: for tests of the layers above storage, and the reference the contract
 * suite holds the durable adapters to. Nothing survives the process.
 */
import type { RotatableRole } from '@riffboard/shared';
import type { CastResult, Dots } from './BallotStore.ts';
import type { NewVersion, StoredVersion } from './VersionStore.ts';
import type { VersionSummary } from '@riffboard/shared';
import type { AssetRecord, DocStore, NewRoom, RoomRecord, RoomUpdates, StoredDoc, StoredTail } from './DocStore.ts';

interface Entry {
  room: RoomRecord | null;
  snapshot: Uint8Array | null;
  snapshotTag: string | null;
  snapshotSeq: number;
  log: Array<{ seq: number; data: Uint8Array }>;
}

export class MemoryDocStore implements DocStore {
  private readonly rooms = new Map<string, Entry>();
  private seq = 0;
  private readonly assets = new Map<string, AssetRecord>();
  /** Per room: the ballots by vote id then ballot key, and the ballot rev. */
  private readonly ballots = new Map<string, { votes: Map<string, Map<string, Dots>>; rev: number }>();

  private ballotRoom(roomId: string): { votes: Map<string, Map<string, Dots>>; rev: number } {
    let b = this.ballots.get(roomId);
    if (!b) {
      b = { votes: new Map(), rev: 0 };
      this.ballots.set(roomId, b);
    }
    return b;
  }

  private entry(id: string): Entry {
    let e = this.rooms.get(id);
    if (!e) {
      // Mirrors SQL: appending to an unregistered room stores the update all the same.
      e = { room: null, snapshot: null, snapshotTag: null, snapshotSeq: 0, log: [] };
      this.rooms.set(id, e);
    }
    return e;
  }

  async createRoom(room: NewRoom, initialUpdate: Uint8Array, assets: readonly AssetRecord[] = []): Promise<void> {
    if (this.rooms.get(room.id)?.room) throw new Error(`room ${room.id} exists`);
    const e = this.entry(room.id);
    e.room = { ...room, linkGenerations: { editor: 1, viewer: 1 } };
    e.log.push({ seq: ++this.seq, data: initialUpdate.slice() });
    for (const a of assets) this.assets.set(`${room.id}/${a.hash}`, { ...a });
  }

  async getRoom(id: string): Promise<RoomRecord | undefined> {
    return this.rooms.get(id)?.room ?? undefined;
  }

  async load(id: string): Promise<StoredDoc> {
    const e = this.rooms.get(id);
    if (!e) return { snapshot: null, snapshotTag: null, updates: [], lastSeq: 0 };
    const last = e.log[e.log.length - 1];
    return {
      snapshot: e.snapshot?.slice() ?? null,
      snapshotTag: e.snapshotTag,
      updates: e.log.map((l) => l.data.slice()),
      lastSeq: last ? last.seq : e.snapshotSeq,
    };
  }

  async loadSince(id: string, afterSeq: number): Promise<StoredTail> {
    const e = this.rooms.get(id);
    if (!e) return { snapshot: null, updates: [], lastSeq: 0 };
    const last = e.log[e.log.length - 1];
    return {
      snapshot: e.snapshot && e.snapshotSeq > afterSeq ? e.snapshot.slice() : null,
      updates: e.log.filter((l) => l.seq > afterSeq).map((l) => ({ seq: l.seq, data: l.data.slice() })),
      lastSeq: last ? last.seq : e.snapshotSeq,
    };
  }

  async lastSeqs(ids: readonly string[]): Promise<Map<string, number>> {
    return new Map(
      ids.map((id) => {
        const e = this.rooms.get(id);
        return [id, e ? (e.log[e.log.length - 1]?.seq ?? e.snapshotSeq) : 0];
      }),
    );
  }

  async append(id: string, updates: readonly Uint8Array[]): Promise<number> {
    const e = this.entry(id);
    for (const u of updates) e.log.push({ seq: ++this.seq, data: u.slice() });
    const last = e.log[e.log.length - 1];
    return last ? last.seq : e.snapshotSeq;
  }

  async appendMany(batches: readonly RoomUpdates[]): Promise<number[]> {
    // Copy everything first, so a bad entry fails the whole call before anything is stored.
    const copies = batches.map((b) => b.updates.map((u) => u.slice()));
    const seqs: number[] = [];
    for (const [i, b] of batches.entries()) seqs.push(await this.append(b.roomId, copies[i]!));
    return seqs;
  }

  async compact(id: string, snapshot: Uint8Array, uptoSeq: number, tag: string | null = null): Promise<void> {
    const e = this.entry(id);
    e.snapshot = snapshot.slice();
    e.snapshotTag = tag;
    e.snapshotSeq = uptoSeq;
    e.log = e.log.filter((l) => l.seq > uptoSeq);
  }

  async linkAsset(roomId: string, asset: AssetRecord): Promise<boolean> {
    const key = `${roomId}/${asset.hash}`;
    if (this.assets.has(key)) return false;
    this.assets.set(key, { ...asset });
    return true;
  }

  async getAsset(roomId: string, hash: string): Promise<AssetRecord | undefined> {
    return this.assets.get(`${roomId}/${hash}`);
  }

  async ping(): Promise<void> {}

  async rotateLink(id: string, role: RotatableRole): Promise<number> {
    const e = this.rooms.get(id);
    if (!e?.room) throw new Error(`no room ${id}`);
    const gen = e.room.linkGenerations[role] + 1;
    e.room = { ...e.room, linkGenerations: { ...e.room.linkGenerations, [role]: gen } };
    return gen;
  }

  async castBallot(roomId: string, voteId: string, ballotKey: string, dots: Dots): Promise<CastResult> {
    const room = this.ballotRoom(roomId);
    for (const id of room.votes.keys()) if (id !== voteId) room.votes.delete(id);
    const vote = room.votes.get(voteId) ?? new Map<string, Dots>();
    room.votes.set(voteId, vote);
    if (Object.keys(dots).length === 0) vote.delete(ballotKey);
    else vote.set(ballotKey, { ...dots });
    return { voters: vote.size, rev: ++room.rev };
  }

  async getBallot(roomId: string, voteId: string, ballotKey: string): Promise<Dots | undefined> {
    const dots = this.ballots.get(roomId)?.votes.get(voteId)?.get(ballotKey);
    return dots ? { ...dots } : undefined;
  }

  async takeBallots(roomId: string, voteId: string): Promise<Dots[]> {
    const room = this.ballotRoom(roomId);
    const taken = [...(room.votes.get(voteId)?.values() ?? [])];
    room.votes.clear();
    room.rev++;
    return taken;
  }

  async dropBallots(roomId: string): Promise<void> {
    const room = this.ballotRoom(roomId);
    room.votes.clear();
    room.rev++;
  }

  /** Per room: versions in insertion order. */
  private readonly versions = new Map<string, StoredVersion[]>();

  async addVersion(roomId: string, version: NewVersion, keepAutomatic: number): Promise<void> {
    const list = this.versions.get(roomId) ?? [];
    this.versions.set(roomId, list);
    list.push({ ...version, snapshot: version.snapshot.slice() });
    if (version.kind === 'named') return;
    const automatic = newestFirst(list).filter((v) => v.kind !== 'named');
    const drop = new Set(automatic.slice(keepAutomatic).map((v) => v.id));
    this.versions.set(
      roomId,
      list.filter((v) => !drop.has(v.id)),
    );
  }

  async listVersions(roomId: string): Promise<VersionSummary[]> {
    return newestFirst(this.versions.get(roomId) ?? []).map(({ snapshot: _s, ...summary }) => summary);
  }

  async getVersion(roomId: string, versionId: string): Promise<StoredVersion | undefined> {
    const v = this.versions.get(roomId)?.find((x) => x.id === versionId);
    return v && { ...v, snapshot: v.snapshot.slice() };
  }

  async countNamed(roomId: string): Promise<number> {
    return (this.versions.get(roomId) ?? []).filter((v) => v.kind === 'named').length;
  }

  async close(): Promise<void> {}
}

/** Newest first by creation time, later insertions first among equal times. */
function newestFirst(list: readonly StoredVersion[]): StoredVersion[] {
  return list
    .map((v, i) => ({ v, i }))
    .sort((a, b) => b.v.createdAt - a.v.createdAt || b.i - a.i)
    .map((x) => x.v);
}
