/**
 * Board comments as a person uses them: pin a comment to a spot on a shape, open a pin, reply,
 * resolve; and where a pin's tip sits relative to the shape it is pinned to.
 */
import type { Locator, Page } from 'playwright-core';

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export const imageShape = (page: Page): Locator => page.locator('.tl-shape[data-shape-type="image"]');
export const pins = (page: Page): Locator => page.getByTestId('comment-pin');
export const threadCard = (page: Page): Locator => page.getByTestId('board-thread');

export async function boxOf(l: Locator): Promise<Box> {
  const b = await l.boundingBox();
  if (!b) throw new Error('element is not visible');
  return b;
}

/** Presses C on the canvas, clicks the spot at fractions (fx, fy) of `shape`, types and posts. */
export async function pinComment(page: Page, shape: Locator, fx: number, fy: number, text: string): Promise<void> {
  await page.getByTestId('comment-tool').click();
  await page.getByTestId('comment-placing').waitFor();
  const b = await boxOf(shape);
  await page.mouse.click(b.x + fx * b.width, b.y + fy * b.height);
  const composer = page.getByTestId('comment-composer');
  await composer.getByLabel('Comment').fill(text);
  await composer.getByLabel('Comment').press('Enter');
  await threadCard(page).waitFor();
}

/** Where the pin's tip (its bottom-left corner) is, as fractions of the shape's on-screen box. */
export async function pinOnShape(page: Page, shape: Locator): Promise<{ fx: number; fy: number }> {
  const p = await boxOf(pins(page).first());
  const s = await boxOf(shape);
  return { fx: (p.x - s.x) / s.width, fy: (p.y + p.height - s.y) / s.height };
}
