/**
 * Before a file is sent, the client guesses its kind and checks its size from the shared table
 * (`@riffboard/shared` assets), so it agrees with what the server accepts.
 */
import { describe, expect, it } from 'vitest';
import { ACCEPTED_TYPES, DEFAULT_MAX_ASSET_BYTES } from '@riffboard/shared';
import { checkBeforeUpload, guessKind, UploadError } from '../../src/assets/assetUpload.ts';

/** A File of `size` bytes whose contents are never read (only `name`, `type` and `size` are). */
const fileOf = (name: string, type = '', size = 10): File => {
  const f = new File([new Uint8Array(1)], name, { type });
  Object.defineProperty(f, 'size', { value: size });
  return f;
};

describe('asset uploads in the browser', () => {
  it('every type the server accepts is recognised from its file name, Opus included', () => {
    for (const t of ACCEPTED_TYPES) expect(guessKind(fileOf(`x.${t.ext}`)), t.ext).toBe(t.kind);
    expect(guessKind(fileOf('voice-memo.opus'))).toBe('audio');
    expect(guessKind(fileOf('logo.svg'))).toBeUndefined();
    expect(guessKind(fileOf('no-extension', 'audio/x-something'))).toBe('audio');
  });

  it('a file over its kind’s limit is refused with the limit in the sentence; an empty one too', () => {
    const big = fileOf('gig.wav', 'audio/wav', DEFAULT_MAX_ASSET_BYTES.audio + 1);
    expect(() => checkBeforeUpload(big, 'audio')).toThrow(/at most 100 MB/);
    expect(() => checkBeforeUpload(fileOf('a.png', 'image/png', DEFAULT_MAX_ASSET_BYTES.image + 1), 'image')).toThrow(/at most 20 MB/);
    expect(() => checkBeforeUpload(fileOf('ok.wav', 'audio/wav', DEFAULT_MAX_ASSET_BYTES.audio), 'audio')).not.toThrow();
    try {
      checkBeforeUpload(fileOf('empty.wav', 'audio/wav', 0), 'audio');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(UploadError);
      expect((err as UploadError).code).toBe('empty_file');
    }
  });
});
