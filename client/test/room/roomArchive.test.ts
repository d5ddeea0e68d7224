/**
 * The browser side of room archives: the download reports its bytes against the announced total
 * and refuses a body cut short of it; refusals arrive as the server's sentence; file names made
 * from titles are never paths.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ArchiveError, downloadRoomArchive, fileNameBase, type ArchiveProgress } from '../../src/room/roomArchive.ts';

afterEach(() => vi.unstubAllGlobals());

function streamOf(parts: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(c) {
      for (const p of parts) c.enqueue(p);
      c.close();
    },
  });
}

describe('room archive download', () => {
  it('reports bytes as they arrive against the Content-Length, and hands back the file with its name', async () => {
    const parts = [new Uint8Array(300), new Uint8Array(700)];
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response(streamOf(parts), {
            status: 200,
            headers: { 'content-length': '1000', 'content-disposition': 'attachment; filename="Night-session.riffboard.tar"' },
          }),
      ),
    );
    const seen: ArchiveProgress[] = [];
    const file = await downloadRoomArchive('room', 'tok', (p) => seen.push(p));
    expect(seen).toEqual([
      { loaded: 0, total: 1000 },
      { loaded: 300, total: 1000 },
      { loaded: 1000, total: 1000 },
    ]);
    expect(file.fileName).toBe('Night-session.riffboard.tar');
    expect(file.blob.size).toBe(1000);
  });

  it('refuses a download that ends short of its announced length, and shows the server’s sentence for a refusal', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(streamOf([new Uint8Array(10)]), { headers: { 'content-length': '1000' } })),
    );
    await expect(downloadRoomArchive('room', null, () => undefined)).rejects.toThrow(/cut off/);
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        Response.json({ error: { code: 'invalid_token', message: 'This link is not valid for this room.' } }, { status: 401 }),
      ),
    );
    const refused = downloadRoomArchive('room', 'x', () => undefined);
    await expect(refused).rejects.toBeInstanceOf(ArchiveError);
    await expect(refused).rejects.toThrow('This link is not valid for this room.');
  });

  it('makes file names from titles without paths or odd characters', () => {
    expect(fileNameBase('Night session')).toBe('Night-session');
    expect(fileNameBase('../../etc/passwd')).toBe('etcpasswd');
    expect(fileNameBase('Café “demo” #3')).toBe('Cafe-demo-3');
    expect(fileNameBase('???', 'board')).toBe('board');
  });
});
