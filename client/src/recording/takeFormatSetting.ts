/**
 * Which format this browser uploads takes in (K7): compressed (Opus in WebM) unless the person
 * chose lossless. Kept per browser in localStorage, like the personal mix: it is about this
 * person's connection and ears, not the room.
 */
import { useSyncExternalStore } from 'react';
import { TAKE_FORMATS, type TakeFormat } from './takeEncoding.ts';

const STORAGE_KEY = 'riffboard:take-format';
const listeners = new Set<() => void>();
/** This tab's choice when storage refused to keep it. */
let unsaved: TakeFormat | undefined;

export function readTakeFormat(): TakeFormat {
  if (unsaved) return unsaved;
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return TAKE_FORMATS.find((f) => f === v) ?? 'compressed';
  } catch {
    return 'compressed';
  }
}

export function saveTakeFormat(format: TakeFormat): void {
  try {
    localStorage.setItem(STORAGE_KEY, format);
    unsaved = undefined;
  } catch {
    // Storage refused (private mode, full): the choice lasts as long as this tab.
    unsaved = format;
  }
  for (const l of listeners) l();
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function useTakeFormat(): TakeFormat {
  return useSyncExternalStore(subscribe, readTakeFormat);
}
