/**
 * The room's Markdown session summary as a file to save (`shared/src/summary/`).
 *
 * Credits are the server's attributed ones when the caller has them (`credits`, from
 * `GET /api/rooms/<id>/credits`); without them (offline) the authorship the document records
 * (`documentCredits`), which is only what tabs wrote.
 */
import { readTitle, sessionSummary, type Contribution } from '@riffboard/shared';
import type { RoomConnection } from './RoomConnection.ts';
import { fileNameBase } from './roomArchive.ts';

export function sessionSummaryFile(room: RoomConnection, credits?: readonly Contribution[]): { blob: Blob; fileName: string } {
  const text = sessionSummary(room.doc, { now: Date.now(), ...(credits ? { credits } : {}) });
  const base = fileNameBase(readTitle(room.doc));
  return { blob: new Blob([text], { type: 'text/markdown;charset=utf-8' }), fileName: `${base}-summary.md` };
}
