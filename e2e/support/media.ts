/**
 * Test media (sine tones as WAV, AIFF and Apple Lossless; a tiny PNG) made in the test: the same generator the server's tests use.
 * And dropping a file on the canvas the way a drag from the desktop does.
 */
import type { Page } from 'playwright-core';
export { clicksWav, sineAiff, sineAlacM4a, sineWav, solidPng, tinyPng, writeSineWavFile } from '../../server/test/helpers/media.ts';

/** Drops a file onto the middle of the tldraw canvas, as a drag from the desktop would. */
export async function dropOnCanvas(page: Page, name: string, type: string, bytes: Uint8Array): Promise<void> {
  await page.evaluate(
    ({ name, type, bytes }) => {
      const file = new File([new Uint8Array(bytes)], name, { type });
      const dt = new DataTransfer();
      dt.items.add(file);
      const target = document.querySelector('.tl-canvas');
      if (!target) throw new Error('no canvas');
      const r = target.getBoundingClientRect();
      const opts = { bubbles: true, cancelable: true, dataTransfer: dt, clientX: r.left + r.width / 2, clientY: r.top + r.height / 2 };
      target.dispatchEvent(new DragEvent('dragenter', opts));
      target.dispatchEvent(new DragEvent('dragover', opts));
      target.dispatchEvent(new DragEvent('drop', opts));
    },
    { name, type, bytes: Array.from(bytes) },
  );
}
