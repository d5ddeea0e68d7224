import { describe, expect, it } from 'vitest';
import {
  ACCEPTED_TYPES,
  ACCEPTED_TYPES_SENTENCE,
  API_ERRORS,
  acceptAttribute,
  convertedOnUpload,
  extensionMatches,
  isApiErrorCode,
  kindOfFileName,
  readApiError,
  type AcceptedType,
} from '@riffboard/shared';

const type = (ext: string): AcceptedType => ACCEPTED_TYPES.find((t) => t.ext === ext)!;

describe('K accepted asset types', () => {
  it('K1 a file named after any accepted type gets that type’s kind before it is sent', () => {
    for (const t of ACCEPTED_TYPES) expect(kindOfFileName(`take.${t.ext}`), t.ext).toBe(t.kind);
    expect(kindOfFileName('loop.OPUS')).toBe('audio');
    expect(kindOfFileName('photo.jpeg')).toBe('image');
    for (const name of ['bounce.AIFF', 'bounce.aifc', 'memo.webm', 'memo.weba']) expect(kindOfFileName(name), name).toBe('audio');
  });

  it('K1 SVG and unknown extensions promise no kind', () => {
    expect(kindOfFileName('logo.svg')).toBeUndefined();
    expect(kindOfFileName('notes.txt')).toBeUndefined();
    expect(kindOfFileName('no-extension')).toBeUndefined();
  });

  it('K2 a name claiming another type than the bytes is refused; unknown names go by their bytes', () => {
    expect(extensionMatches('a.png', type('png'))).toBe(true);
    expect(extensionMatches('a.jpeg', type('jpg'))).toBe(true);
    expect(extensionMatches('a.ogg', type('opus'))).toBe(true);
    expect(extensionMatches('a.m4a', type('aac'))).toBe(true);
    expect(extensionMatches('a.png', type('jpg'))).toBe(false);
    expect(extensionMatches('a.svg', type('png'))).toBe(false);
    expect(extensionMatches('a.mp3', type('wav'))).toBe(false);
    expect(extensionMatches('recording', type('wav'))).toBe(true);
    expect(extensionMatches('a.bin', type('wav'))).toBe(true);
    expect(extensionMatches('a.aiff', type('aif'))).toBe(true);
    expect(extensionMatches('a.aiff', type('wav'))).toBe(false);
    expect(extensionMatches('a.webm', type('webm'))).toBe(true);
    expect(extensionMatches('a.webm', type('ogg'))).toBe(false);
  });

  it('K4 only AIFF and M4A names are converted on upload', () => {
    for (const name of ['a.aif', 'a.AIFF', 'a.aifc', 'a.m4a', 'a.aac']) expect(convertedOnUpload(name), name).toBe(true);
    for (const name of ['a.wav', 'a.webm', 'a.ogg', 'a.flac', 'a.mp3', 'a', 'a.png']) expect(convertedOnUpload(name), name).toBe(false);
  });

  it('K3 the file picker offers every accepted type of the kinds asked for, and only those', () => {
    const audio = acceptAttribute(['audio']).split(',');
    expect(audio).toEqual(
      expect.arrayContaining([
        'audio/wav',
        'audio/mpeg',
        'audio/ogg',
        'audio/aiff',
        'audio/webm',
        '.wav',
        '.mp3',
        '.opus',
        '.m4a',
        '.aac',
        '.flac',
        '.aif',
        '.aiff',
        '.aifc',
        '.webm',
      ]),
    );
    expect(audio.some((a) => a.startsWith('image/') || a === '.png')).toBe(false);
    const both = acceptAttribute(['image', 'audio']).split(',');
    expect(both).toEqual(expect.arrayContaining(['image/png', 'image/webp', '.jpeg', '.gif', '.wav']));
    expect(both).not.toContain('.svg');
  });

  it('K3 the accepted-types sentence names every accepted format', () => {
    for (const word of [
      'PNG',
      'JPEG',
      'WebP',
      'GIF',
      'WAV',
      'AIFF',
      'MP3',
      'Ogg',
      'FLAC',
      'M4A',
      'AAC',
      'Apple Lossless',
      'WebM',
      'Opus',
      'Vorbis',
    ])
      expect(ACCEPTED_TYPES_SENTENCE).toContain(word);
  });
});

describe('E API error codes', () => {
  it('E2 every code has an error status and a sentence to show', () => {
    for (const [code, info] of Object.entries(API_ERRORS)) {
      expect(info.status, code).toBeGreaterThanOrEqual(400);
      expect(info.status, code).toBeLessThan(600);
      expect(info.message, code).toMatch(/^[A-Z].*[.…]$/);
    }
  });

  it('E2 the client shows the server’s sentence, else the table’s for the code, else its own', () => {
    expect(readApiError({ error: { code: 'too_large', message: 'That audio file is larger than 100 MB.' } }, 'x')).toEqual({
      code: 'too_large',
      message: 'That audio file is larger than 100 MB.',
    });
    expect(readApiError({ error: { code: 'link_replaced' } }, 'x')).toEqual({
      code: 'link_replaced',
      message: API_ERRORS.link_replaced.message,
    });
    expect(readApiError({ error: { code: 'from_the_future', message: 'New sentence.' } }, 'x')).toEqual({
      code: null,
      message: 'New sentence.',
    });
    expect(readApiError('<html>bad gateway</html>', 'The server did not answer.')).toEqual({
      code: null,
      message: 'The server did not answer.',
    });
    expect(readApiError(undefined, 'fallback')).toEqual({ code: null, message: 'fallback' });
  });

  it('E2 only the table’s own keys are codes', () => {
    expect(isApiErrorCode('room_not_found')).toBe(true);
    expect(isApiErrorCode('toString')).toBe(false);
    expect(isApiErrorCode(404)).toBe(false);
  });
});
