/**
 * What the facilitator's buttons do: each reads the current state, computes the next one with the
 * shared pure functions at the server time of the press, and writes it whole (origin `local`).
 * The server refuses these writes from anyone but the facilitator (F5); the UI only shows the
 * buttons to the facilitator.
 */
import {
  extendCountdown,
  pauseCountdown,
  resetCountdown,
  resumeCountdown,
  startCountdown,
  switchItem,
  writeAgenda,
  writeAgendaAndTimer,
  nextSpotlight,
  writeLock,
  writeSpotlight,
  writeTimer,
  writeVote,
  type VoteTarget,
  type Agenda,
  type AgendaItem,
} from '@riffboard/shared';
import type { RoomFacilitation } from './roomFacilitation.ts';
import { parsePresence } from '../room/presence.ts';

const MINUTE = 60_000;

function newId(): string {
  return crypto.randomUUID().slice(0, 12);
}

export function facilitationActions(f: RoomFacilitation) {
  const doc = f.room.doc;
  const view = () => f.getView();
  const now = () => f.serverNow();
  const itemMs = (a: Agenda, id: string | null): number => (a.items.find((i) => i.id === id)?.minutes ?? 5) * MINUTE;
  const setAgenda = (a: Agenda): void => writeAgenda(doc, a, 'local');

  /** Makes `id` current; the countdown switches to its length (running if it was). */
  const goTo = (id: string | null): void => {
    const { agenda, timer } = view();
    writeAgendaAndTimer(doc, { ...agenda, currentId: id }, switchItem(timer, now(), id, itemMs(agenda, id)), 'local');
  };
  const step = (by: 1 | -1): void => {
    const { agenda } = view();
    const i = agenda.items.findIndex((x) => x.id === agenda.currentId);
    const next = agenda.items[i < 0 ? 0 : i + by];
    if (next) goTo(next.id);
  };

  const spotlight = (mode: 'bring' | 'follow' | 'off'): void => {
    const { awareness } = f.room.provider;
    const panel = parsePresence(awareness.getLocalState())?.panel ?? null;
    writeSpotlight(doc, nextSpotlight(view().spotlight, mode, awareness.clientID, panel, now()), 'local');
  };

  return {
    addItem(title: string, minutes: number): void {
      const { agenda } = view();
      const item: AgendaItem = { id: newId(), title: title.trim() || 'Untitled item', minutes, notes: '', panel: null };
      const first = agenda.items.length === 0;
      setAgenda({ items: [...agenda.items, item], currentId: first ? item.id : agenda.currentId });
      if (first) writeTimer(doc, switchItem(view().timer, now(), item.id, minutes * MINUTE), 'local');
    },
    editItem(id: string, patch: Partial<Omit<AgendaItem, 'id'>>): void {
      const { agenda, timer } = view();
      setAgenda({ ...agenda, items: agenda.items.map((i) => (i.id === id ? { ...i, ...patch } : i)) });
      // A new length applies to the current item's countdown if it hasn't started.
      if (patch.minutes !== undefined && timer.itemId === id && !timer.running && timer.elapsedMs === 0)
        writeTimer(doc, switchItem(timer, now(), id, patch.minutes * MINUTE), 'local');
    },
    moveItem(id: string, by: -1 | 1): void {
      const { agenda } = view();
      const items = [...agenda.items];
      const i = items.findIndex((x) => x.id === id);
      const j = i + by;
      if (i < 0 || j < 0 || j >= items.length) return;
      [items[i], items[j]] = [items[j]!, items[i]!];
      setAgenda({ ...agenda, items });
    },
    deleteItem(id: string): void {
      const { agenda } = view();
      const items = agenda.items.filter((i) => i.id !== id);
      setAgenda({ items, currentId: agenda.currentId === id ? (items[0]?.id ?? null) : agenda.currentId });
    },
    goTo,
    next: () => step(1),
    previous: () => step(-1),
    start(): void {
      const { agenda, timer } = view();
      writeTimer(doc, startCountdown(timer, now(), itemMs(agenda, agenda.currentId), agenda.currentId), 'local');
    },
    pause: () => writeTimer(doc, pauseCountdown(view().timer, now()), 'local'),
    resume: () => writeTimer(doc, resumeCountdown(view().timer, now()), 'local'),
    extend: (minutes: number) => writeTimer(doc, extendCountdown(view().timer, now(), minutes * MINUTE), 'local'),
    reset(): void {
      const { agenda, timer } = view();
      writeTimer(doc, { ...resetCountdown(timer), durationMs: itemMs(agenda, timer.itemId ?? agenda.currentId) }, 'local');
    },
    setEndOnBar: (on: boolean) => writeTimer(doc, { ...view().timer, endOnBar: on }, 'local'),
    startVote(title: string, targets: readonly VoteTarget[], budget: number, stack: boolean): void {
      writeVote(doc, { id: newId(), title, targets, budget, stack }, 'local');
    },
    /** "Bring everyone here": every other tab's camera and open panel move to this tab's, once (F9). */
    bringEveryone: () => spotlight('bring'),
    /** Keeps every other tab on this tab's view and panel until they move on their own (F9). */
    startSpotlight: () => spotlight('follow'),
    stopSpotlight: () => spotlight('off'),
    lock: (by: string) => writeLock(doc, { locked: true, by }, 'local'),
    unlock: () => writeLock(doc, { locked: false, by: '' }, 'local'),
  };
}

export type FacilitationActions = ReturnType<typeof facilitationActions>;
