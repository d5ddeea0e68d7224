import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { beforeRestoreName, checkVersionName, restoredWhat } from '../../src/versions/versionRules.ts';
import { readRestoreNotice, writeRestoreNotice } from '../../src/versions/restoreNotice.ts';

describe('RV3 RV6 RV8 version names and the restore notice', () => {
  it('RV3 a name is trimmed, 1–120 characters, and a refusal is a sentence', () => {
    expect(checkVersionName('  Chorus   at 128 ')).toEqual({ ok: true, name: 'Chorus at 128' });
    expect(checkVersionName('')).toEqual({ ok: false, message: 'A version needs a name.' });
    expect(checkVersionName('x'.repeat(121))).toMatchObject({ ok: false, message: expect.stringMatching(/at most 120/) });
  });

  it('RV6 the version taken before a restore names what it undoes; undoing an undo is not nested', () => {
    const first = beforeRestoreName({ name: 'Two ideas', kind: 'named' });
    expect(first).toBe('Before restoring “Two ideas”');
    expect(beforeRestoreName({ name: first, kind: 'before-restore' })).toBe('Before undoing the restore of “Two ideas”');
    // A person's own version that happens to read like one is taken at its word.
    expect(beforeRestoreName({ name: first, kind: 'named' })).toBe('Before restoring “Before restoring “Two ideas””');
    expect(restoredWhat({ name: 'Two ideas', kind: 'named' })).toBe('restored “Two ideas”');
    expect(restoredWhat({ name: first, kind: 'before-restore' })).toBe('undid the restore of “Two ideas”');
  });

  it('RV8 the restore notice reads back what the server wrote, and nothing from a malformed value', () => {
    const doc = new Y.Doc();
    expect(readRestoreNotice(doc)).toBeNull();
    const notice = {
      versionId: 'v1',
      versionName: 'Two ideas',
      versionKind: 'named',
      by: 'Ben',
      byPersonId: null,
      at: 5,
      undoVersionId: 'u1',
    } as const;
    writeRestoreNotice(doc, notice, 'server');
    expect(readRestoreNotice(doc)).toEqual(notice);
    doc.getMap('versions').set('lastRestore', { versionId: 3 });
    expect(readRestoreNotice(doc)).toBeNull();
  });
});
