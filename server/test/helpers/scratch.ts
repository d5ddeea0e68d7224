/**
 * Where tests put content whose shape does not matter to the rule under test.
 *
 * The server refuses writes to roots the room schema does not name (SPEC B2) and board entries
 * that are not tldraw records (B1), and reads nothing inside the other roots. So tests that only
 * need "some map entries" or "some text" use a map in the backlog root and a text in the
 * transport root: content the server stores and relays like any other. (Not a root the server
 * reads as a map, such as reference comments, which activity attribution follows: a root has one
 * type per doc.)
 */
import type * as Y from 'yjs';

export const scratchMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap<unknown>('backlog');
export const scratchText = (doc: Y.Doc): Y.Text => doc.getText('transport');
