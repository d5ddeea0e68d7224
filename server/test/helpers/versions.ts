/** The versions HTTP API of one server, as a person holding `room`'s link calls it. */
import type { VersionSummary } from '@riffboard/shared';
import type { RoomRef } from './testServer.ts';

export function versionApi(serverUrl: string, room: RoomRef, personKey?: string) {
  const base = `${serverUrl}/api/rooms/${room.id}/versions`;
  const headers = {
    authorization: `Bearer ${room.token}`,
    'content-type': 'application/json',
    ...(personKey ? { 'x-person-key': personKey } : {}),
  };
  return {
    list: async (): Promise<VersionSummary[]> => {
      const res = await fetch(base, { headers });
      if (res.status !== 200) throw new Error(`list versions: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { versions: VersionSummary[] }).versions;
    },
    save: (name: unknown, author = 'Ana') => fetch(base, { method: 'POST', headers, body: JSON.stringify({ name, author }) }),
    saved: async (name: string, author = 'Ana'): Promise<VersionSummary> => {
      const res = await fetch(base, { method: 'POST', headers, body: JSON.stringify({ name, author }) });
      if (res.status !== 201) throw new Error(`save version: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { version: VersionSummary }).version;
    },
    snapshot: (id: string) => fetch(`${base}/${id}`, { headers }),
    restore: (id: string, author = 'Ben') => fetch(`${base}/${id}/restore`, { method: 'POST', headers, body: JSON.stringify({ author }) }),
  };
}
