/**
 * Activity benchmark (issue 13): a room with 10,000 feed entries, served by a real Riffboard
 * process over SQLite. Reports the time to open the feed (the API's first page plus building its
 * sentences, as the Activity panel does) and to compute "since you were last here" (the API's
 * answer plus grouping it, as the panel does; and the pure computation over all 10,000 entries),
 * and credits over all of them.
 *
 *   pnpm --filter @riffboard/server exec tsx bench/activity.ts     (also part of `pnpm bench`)
 */
import { ACTIVITY_AREAS, buildFeed, sinceLastVisit, type ActivityEntry } from '@riffboard/shared';
import { cleanupAll, installCleanupHandlers } from './cleanup.ts';
import { launch } from './servers.ts';
import { median, prng, quantile } from './stats.ts';
import { SqliteActivityStore } from '../src/activity/SqliteActivityStore.ts';
import { personIdOf } from '../src/activity/personKey.ts';
import type { NewActivity } from '../src/activity/ActivityStore.ts';

const ENTRIES = 10_000;
const RUNS = 30;
const PEOPLE = [
  { key: 'bench-person-ana-0000000', name: 'Ana' },
  { key: 'bench-person-ben-0000000', name: 'Ben' },
  { key: 'bench-person-cid-0000000', name: 'Cid' },
  { key: 'bench-person-dee-0000000', name: 'Dee' },
];
const KINDS = {
  board: 'image',
  tempo: 'section',
  references: 'audio',
  comments: 'comment',
  backlog: 'idea',
  takes: 'take',
  votes: 'vote',
  settings: 'agenda',
  versions: 'version',
} as const;

/** 10,000 entries over a week: runs of one person's changes, every area, some with field changes. */
function seedEntries(start: number): NewActivity[] {
  const rnd = prng(13);
  const out: NewActivity[] = [];
  let at = start;
  let who = PEOPLE[0]!;
  for (let i = 0; i < ENTRIES; i++) {
    if (rnd() < 0.1) who = PEOPLE[Math.floor(rnd() * PEOPLE.length)]!;
    at += Math.floor(rnd() * 120_000);
    const area = ACTIVITY_AREAS[Math.floor(rnd() * ACTIVITY_AREAS.length)]!;
    const verb = (['added', 'changed', 'moved', 'removed'] as const)[Math.floor(rnd() * 4)]!;
    out.push({
      personId: personIdOf(who.key),
      name: who.name,
      startedAt: at - 500,
      at,
      area,
      verb,
      itemId: `${area}-${Math.floor(rnd() * 2000)}`,
      kind: KINDS[area],
      label: `Item ${i}`,
      fields: verb === 'changed' && area === 'tempo' ? [{ field: 'bpm', from: 120, to: 128 }] : [],
      ...(area === 'comments' || area === 'takes' ? { parentId: 'parent', parentLabel: 'Mix v2' } : {}),
    });
  }
  return out;
}

async function timed(fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 3; i++) await fn(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return ms;
}

const fmt = (ms: number[]): string => `p50 ${median(ms).toFixed(1)} ms · p95 ${quantile(ms, 0.95).toFixed(1)} ms`;

async function main(): Promise<void> {
  installCleanupHandlers();
  const server = await launch('riffboard');
  try {
    const roomId = await server.createRoom();
    const token = new URL(server.wsUrl(roomId)).searchParams.get('token') ?? '';
    const start = Date.now() - 7 * 24 * 3600_000;
    const entries = seedEntries(start);
    // Written straight into the server's database (the same file, WAL), as its recorder would.
    const store = SqliteActivityStore.open(server.dataDir!);
    for (let i = 0; i < entries.length; i += 500) await store.append(roomId, entries.slice(i, i + 500));
    const ana = PEOPLE[0]!;
    // Ana was last here halfway through the week: about 5,000 entries are newer, most by others.
    const lastHere = entries[ENTRIES / 2]!.at;
    await store.markVisit(roomId, personIdOf(ana.key), lastHere);
    await store.close();

    const base = `http://127.0.0.1:${server.port}/api/rooms/${roomId}`;
    const headers = { authorization: `Bearer ${token}`, 'x-person-key': ana.key };
    const get = async <T>(path: string): Promise<T> => {
      const res = await fetch(`${base}/${path}`, { headers });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };

    let lines = 0;
    const feedOpen = await timed(async () => {
      const page = await get<{ entries: ActivityEntry[]; you: string }>('activity?limit=100');
      lines = buildFeed(page.entries, { you: page.you }).reduce((n, g) => n + g.lines.length, 0);
    });
    let sinceCount = 0;
    let truncated = false;
    const since = await timed(async () => {
      const s = await get<{ entries: ActivityEntry[]; you: string; lastHere: number; truncated: boolean }>('activity/since');
      sinceCount = sinceLastVisit(s.entries, s.you, s.lastHere).entries.length;
      truncated = s.truncated;
    });
    const everything: ActivityEntry[] = entries.map((e, i) => ({ ...e, seq: i + 1 })).reverse();
    let pureCount = 0;
    const pure = await timed(async () => {
      pureCount = sinceLastVisit(everything, personIdOf(ana.key), lastHere).entries.length;
    });
    let people = 0;
    const credits = await timed(async () => {
      people = (await get<{ credits: unknown[] }>('credits')).credits.length;
    });

    const out = [
      `## Activity: one room with ${ENTRIES.toLocaleString('en')} feed entries (Riffboard over SQLite, ${RUNS} runs each)`,
      '',
      '| what | time |',
      '| --- | --- |',
      `| open the feed: \`GET …/activity?limit=100\` + building its sentences (${lines} lines) | ${fmt(feedOpen)} |`,
      `| since you were last here: \`GET …/activity/since\` + grouping (${sinceCount} of others' entries${truncated ? ': the newest 2,000 of more' : ''}) | ${fmt(since)} |`,
      `| since you were last here, computed over all ${ENTRIES.toLocaleString('en')} entries in memory (${pureCount} listed) | ${fmt(pure)} |`,
      `| credits: \`GET …/credits\` over all entries (${people} people) | ${fmt(credits)} |`,
    ];
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    await server.dispose();
    cleanupAll();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  cleanupAll();
  process.exit(1);
});
