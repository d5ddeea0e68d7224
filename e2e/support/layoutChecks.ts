/**
 * What a person on a small screen would see go wrong, measured in the page: things cut off,
 * covered, overlapping, or too small to tap. Each check returns the problems it found as
 * sentences naming the element, so a failing test says what broke; an empty list means none.
 */
import type { Locator, Page } from 'playwright-core';

/** Touch targets smaller than this (CSS px, both sides) are hard to hit with a finger. */
export const TOUCH_TARGET_PX = 44;

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  if (!box) throw new Error(`${locator.toString()} is not rendered`);
  return box;
}

/** The element is entirely on screen. */
export async function offScreen(page: Page, locator: Locator, what: string): Promise<string[]> {
  const box = await boxOf(locator);
  const viewport = page.viewportSize();
  if (!viewport) throw new Error('page has no viewport');
  const inside = box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width + 0.5 && box.y + box.height <= viewport.height + 0.5;
  return inside
    ? []
    : [
        `${what} is cut off: x ${box.x}..${box.x + box.width}, y ${box.y}..${box.y + box.height} on a ${viewport.width}×${viewport.height} screen`,
      ];
}

/** A tap at the element's centre lands on it, not on something drawn over it. */
export async function covered(locator: Locator, what: string): Promise<string[]> {
  const hit = await locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return top === null
      ? 'nothing'
      : el === top || el.contains(top)
        ? null
        : `${top.tagName.toLowerCase()}.${[...top.classList].join('.')}`;
  });
  return hit === null ? [] : [`${what} is covered at its centre by ${hit}`];
}

/**
 * The top bar: neither the bar, its right-hand group, nor any element that clips its content is
 * wider inside than its box (`scrollWidth > clientWidth`), unless it truncates on purpose with an
 * ellipsis or is clipped for screen readers only; nothing leaves the screen; and its items (logo,
 * title, badges, people, Share) don't overlap one another. Decorations meant to stick out of their
 * element (an avatar's role glyph, its invisible tap ring) clip nothing, so they are judged by the
 * off-screen and overlap rules instead.
 */
export async function topBarProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const bar = document.querySelector<HTMLElement>('.rb-topbar');
    if (!bar) return ['there is no top bar'];
    const describe = (el: Element): string =>
      `${el.tagName.toLowerCase()}${[...el.classList].map((c) => `.${c}`).join('')} “${(el.textContent ?? '').trim().slice(0, 30)}”`;
    const inDialog = (el: Element): boolean => el.closest('.rb-modal-backdrop, .rb-person-card') !== null;
    for (const el of [bar, ...bar.querySelectorAll<HTMLElement>('*')]) {
      if (inDialog(el) || !(el instanceof HTMLElement)) continue;
      const style = getComputedStyle(el);
      if (style.display === 'none') continue;
      const r = el.getBoundingClientRect();
      if (r.width <= 1) continue; // zero-size or a 1 px screen-reader-only box
      const truncates = style.textOverflow === 'ellipsis' && style.overflowX !== 'visible';
      const container = el === bar || el.classList.contains('rb-topbar-right');
      const clips = style.overflowX !== 'visible' && style.clip === 'auto';
      if ((container || clips) && el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 0.5 && !truncates) {
        problems.push(`${describe(el)} overflows: ${el.scrollWidth}px of content in ${el.clientWidth}px`);
      }
      if (r.left < -0.5 || r.right > window.innerWidth + 0.5) {
        problems.push(`${describe(el)} leaves the screen: x ${r.left.toFixed(1)}..${r.right.toFixed(1)} of ${window.innerWidth}`);
      }
    }
    const right = bar.querySelector('.rb-topbar-right');
    const items = [...bar.children, ...(right ? [...right.children] : [])].filter(
      (el) => el !== right && !el.classList.contains('rb-topbar-sep') && getComputedStyle(el).display !== 'none' && !inDialog(el),
    );
    const boxes = items.map((el) => ({ el, r: el.getBoundingClientRect() })).filter(({ r }) => r.width > 0);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        const overlapX = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
        const overlapY = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
        if (overlapX > 0.5 && overlapY > 0.5) problems.push(`${describe(a.el)} overlaps ${describe(b.el)} by ${overlapX.toFixed(1)}px`);
      }
    }
    return problems;
  });
}

/**
 * Inside `root`: a control whose own text spills out of it (a label running past its button's
 * edge), and any two of the controls and text pieces whose boxes intersect although neither holds
 * the other (a button drawn over a line of text).
 */
export async function overlapProblems(page: Page, root: string): Promise<string[]> {
  return page.evaluate((rootSelector) => {
    const problems: string[] = [];
    const container = document.querySelector(rootSelector);
    if (!container) return [`there is no ${rootSelector}`];
    const describe = (el: Element): string =>
      `${el.tagName.toLowerCase()}${[...el.classList].map((c) => `.${c}`).join('')} “${(el.textContent ?? (el as HTMLInputElement).value ?? '').trim().slice(0, 30)}”`;
    const visible = (el: Element): boolean => {
      const r = el.getBoundingClientRect();
      return r.width > 1 && r.height > 1 && getComputedStyle(el).visibility !== 'hidden';
    };
    const controls = [...container.querySelectorAll('button, input, select, textarea, output, label')].filter(visible);
    // Text that is not inside a control: paragraphs, readouts, headings, spans of words.
    const texts = [...container.querySelectorAll('p, span, h2, h3, strong')].filter(
      (el) => visible(el) && el.closest('button, label, select, svg') === null && (el.textContent ?? '').trim() !== '',
    );
    for (const el of container.querySelectorAll('button')) {
      if (!visible(el)) continue;
      const box = el.getBoundingClientRect();
      const range = document.createRange();
      range.selectNodeContents(el);
      const text = range.getBoundingClientRect();
      if (
        text.width > 0 &&
        (text.left < box.left - 0.5 || text.right > box.right + 0.5 || text.top < box.top - 0.5 || text.bottom > box.bottom + 0.5)
      ) {
        problems.push(`${describe(el)}: its text runs outside the button`);
      }
    }
    // Drawings such as the tempo lane (icons inside controls belong to their control).
    const drawings = [...container.querySelectorAll('svg')].filter(
      (el) => visible(el) && el.parentElement?.closest('button, label, svg') == null,
    );
    const pieces = [...controls, ...texts, ...drawings];
    for (let i = 0; i < pieces.length; i++) {
      for (let j = i + 1; j < pieces.length; j++) {
        const a = pieces[i]!;
        const b = pieces[j]!;
        if (a.contains(b) || b.contains(a)) continue;
        const ra = a.getBoundingClientRect();
        const rb = b.getBoundingClientRect();
        const overlapX = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
        const overlapY = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
        if (overlapX > 0.5 && overlapY > 0.5) problems.push(`${describe(a)} overlaps ${describe(b)}`);
      }
    }
    return problems;
  }, root);
}

/**
 * Buttons, fields and tab buttons inside `root` smaller than a fingertip. Avatars are checked by
 * their tap ring instead: a tap 20 px below an avatar's centre, outside the drawn circle, must
 * still reach it.
 */
export async function smallTouchTargets(page: Page, root: string): Promise<string[]> {
  return page.evaluate(
    ({ rootSelector, min }) => {
      const problems: string[] = [];
      const container = document.querySelector(rootSelector);
      if (!container) return [`there is no ${rootSelector}`];
      const targets = container.querySelectorAll<HTMLElement>(
        'button, select, input:not([type="checkbox"]):not([type="radio"]):not([type="file"]):not([type="range"]), label:has(input[type="checkbox"])',
      );
      for (const el of targets) {
        const r = el.getBoundingClientRect();
        if (r.width <= 1 || r.height <= 1 || getComputedStyle(el).visibility === 'hidden') continue;
        const name = `${el.tagName.toLowerCase()}${[...el.classList].map((c) => `.${c}`).join('')} “${(el.textContent ?? '').trim().slice(0, 30) || el.getAttribute('aria-label') || ''}”`;
        if (el.classList.contains('rb-avatar')) {
          const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2 + 20);
          if (!hit || !(hit === el || el.contains(hit))) problems.push(`${name}: a tap just below the circle misses it`);
          continue;
        }
        if (r.width < min - 0.5 || r.height < min - 0.5) problems.push(`${name} is ${r.width.toFixed(0)}×${r.height.toFixed(0)} px`);
      }
      return problems;
    },
    { rootSelector: root, min: TOUCH_TARGET_PX },
  );
}

/** The page scrolls sideways (something is wider than the screen). */
export async function sidewaysScroll(page: Page): Promise<string[]> {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  return scroll > width ? [`the page is ${scroll}px wide on a ${width}px screen`] : [];
}
