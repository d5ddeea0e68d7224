/**
 * One person in a room, in their own browser context (own storage, own IndexedDB), acting only
 * through the UI: the name dialog, tldraw's keyboard shortcuts and the mouse.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';

export type BadgeStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'closed';

/** The device a person joins from. */
export interface Screen {
  readonly width: number;
  readonly height: number;
  readonly touch?: boolean;
  readonly mobile?: boolean;
}

const DESKTOP: Screen = { width: 1280, height: 800 };

export class RoomActor {
  /** Sync WebSockets this page has opened so far (a reconnect opens a new one). */
  syncSocketsOpened = 0;

  private constructor(
    readonly name: string,
    readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  /**
   * @param options.clipboard grant clipboard access (to copy links from the share dialog)
   * @param options.screen another device than the default 1280×800 desktop: its viewport, and
   *   `touch` for a touch screen (coarse pointer, no hover), `mobile` for a phone's browser
   * @param options.audioTap turn on the app's measuring tap on the master bus (the one
   *   measurement switch the app has: a localStorage key), so the page reports what it played
   * @param options.prepare runs on the new context before the room's page loads (e.g. init scripts)
   */
  static async join(
    browser: Browser,
    url: string,
    name: string,
    options: { clipboard?: boolean; screen?: Screen; audioTap?: boolean; prepare?: (context: BrowserContext) => Promise<void> } = {},
  ): Promise<RoomActor> {
    const screen = options.screen ?? DESKTOP;
    const context = await browser.newContext({
      viewport: { width: screen.width, height: screen.height },
      hasTouch: screen.touch ?? false,
      isMobile: screen.mobile ?? false,
      ...(options.clipboard ? { permissions: ['clipboard-read', 'clipboard-write'] } : {}),
    });
    if (options.audioTap)
      await context.addInitScript(() => {
        if (location.protocol.startsWith('http')) localStorage.setItem('riffboard:audio-tap', 'on');
      });
    await options.prepare?.(context);
    const page = await context.newPage();
    const actor = new RoomActor(name, context, page);
    page.on('websocket', (ws) => {
      if (new URL(ws.url()).pathname.startsWith('/sync/')) actor.syncSocketsOpened++;
    });
    await page.goto(url);
    await page.getByLabel('Display name').fill(name);
    await page.getByRole('button', { name: 'Join the room' }).click();
    await actor.waitForBoard();
    return actor;
  }

  /** The canvas is mounted (the doc finished its initial load). */
  async waitForBoard(): Promise<void> {
    await this.page.locator('.tl-canvas').waitFor({ state: 'visible', timeout: 30_000 });
  }

  /** Draws a rectangle with tldraw's own tool: `r`, then a drag on the canvas (viewport px). */
  async drawRectangle(x: number, y: number, w = 120, h = 80, label?: string): Promise<void> {
    const box = await this.canvasBox();
    const { mouse, keyboard } = this.page;
    // Focus the editor with a click on empty canvas, clear of tldraw’s menus (harmless with the select tool).
    await mouse.click(box.x + 40, box.y + 160);
    await keyboard.press('r');
    await mouse.move(box.x + x, box.y + y);
    await mouse.down();
    await mouse.move(box.x + x + w / 2, box.y + y + h / 2, { steps: 4 });
    await mouse.move(box.x + x + w, box.y + y + h, { steps: 4 });
    await mouse.up();
    if (label) {
      await keyboard.press('Enter'); // edit the new rectangle's label
      await this.typeIntoShape(label);
    }
    // Back to select so the next shortcut isn't typed into anything.
    await keyboard.press('Escape');
    await keyboard.press('v');
  }

  /** Places a sticky note with tldraw's note tool (`n`) and types into it. */
  async addNote(x: number, y: number, text: string, color?: string): Promise<void> {
    const box = await this.canvasBox();
    const { mouse, keyboard } = this.page;
    await mouse.click(box.x + 40, box.y + 160);
    await keyboard.press('n');
    if (color) await this.page.getByTestId(`style.color.${color}`).click();
    await mouse.click(box.x + x, box.y + y);
    await this.typeIntoShape(text);
  }

  private async typeIntoShape(text: string): Promise<void> {
    // Typing before the shape's text editor has focus scrambles the first letters.
    await this.page.waitForFunction(() => document.activeElement instanceof HTMLElement && document.activeElement.isContentEditable);
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('Escape');
  }

  /** Draws an arrow with tldraw's arrow tool (`a`) between two viewport points. */
  async drawArrow(from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
    const box = await this.canvasBox();
    const { mouse, keyboard } = this.page;
    await mouse.click(box.x + 40, box.y + 160);
    await keyboard.press('a');
    await mouse.move(box.x + from.x, box.y + from.y);
    await mouse.down();
    await mouse.move(box.x + to.x, box.y + to.y, { steps: 8 });
    await mouse.up();
    await keyboard.press('Escape');
    await keyboard.press('v');
  }

  /** Pans the camera by dragging with tldraw's hand tool (`h`) from an empty spot. */
  async pan(dx: number, dy: number): Promise<void> {
    const box = await this.canvasBox();
    const { mouse, keyboard } = this.page;
    await mouse.click(box.x + 40, box.y + 160);
    await keyboard.press('h');
    await mouse.move(box.x + 500, box.y + 500);
    await mouse.down();
    await mouse.move(box.x + 500 + dx, box.y + 500 + dy, { steps: 8 });
    // Hold still before letting go, as a person placing the view does: tldraw's hand tool slides the
    // camera on by the pointer's velocity at release, and under load Playwright's moves arrive in a
    // burst, read as a flick, and slid the board out of view (presence.test.ts saw it). The velocity
    // decays with time measured in the page's own frames, so wait for frames, not just time.
    await this.page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const start = performance.now();
          let frames = 0;
          const frame = (): void => {
            if (++frames >= 5 && performance.now() - start >= 300) resolve();
            else requestAnimationFrame(frame);
          };
          requestAnimationFrame(frame);
        }),
    );
    await mouse.up();
    await keyboard.press('v');
  }

  async shapeCount(): Promise<number> {
    return this.page.locator('.tl-shape').count();
  }

  private async canvasBox(): Promise<{ x: number; y: number; width: number; height: number }> {
    const box = await this.page.locator('.tl-canvas').boundingBox();
    if (!box) throw new Error('canvas not visible');
    return box;
  }

  /** The board's pages, as tldraw's page menu lists them (the menu is closed again after). */
  async pageNames(): Promise<string[]> {
    await this.page.getByTestId('page-menu.button').click();
    const items = this.page.getByTestId('page-menu.item');
    await items.first().waitFor();
    const names = (await items.allTextContents()).map((t) => t.trim());
    await this.page.keyboard.press('Escape');
    return names;
  }

  async geoShapeCount(): Promise<number> {
    return this.page.locator('.tl-shape[data-shape-type="geo"]').count();
  }

  async badge(): Promise<BadgeStatus> {
    return (await this.page.getByTestId('connection-badge').getAttribute('data-status')) as BadgeStatus;
  }

  async peopleHere(): Promise<string[]> {
    return this.page
      .getByTestId('who-is-here')
      .locator('li[data-name]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-name') ?? ''));
  }

  async roomTitle(): Promise<string> {
    return (await this.page.locator('.rb-room-title').textContent()) ?? '';
  }

  /** The offline app shell is installed (client/sw/sw.js), so a reload works without the server. */
  async waitForOfflineShell(): Promise<void> {
    await this.page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  }

  /** Avatar colours in the who-is-here list, in list order. */
  async peopleColors(): Promise<string[]> {
    // The colour is on the avatar itself (a button inside the list item).
    return this.page
      .getByTestId('who-is-here')
      .locator('li[data-name] .rb-avatar')
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).style.backgroundColor));
  }

  /** Roles in "who is here", by name, as the avatars show them. */
  async peopleRoles(): Promise<Record<string, string>> {
    const pairs = await this.page
      .getByTestId('who-is-here')
      .locator('li[data-name]')
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-name') ?? '', e.getAttribute('data-role') ?? ''] as const));
    return Object.fromEntries(pairs);
  }

  /** Opens the share dialog, copies the link for `role` with its Copy button, and returns the clipboard. */
  async copyLink(role: 'facilitator' | 'editor' | 'viewer'): Promise<string> {
    const dialog = await this.openShareDialog();
    await dialog.getByRole('button', { name: `Copy ${role} link` }).click();
    await dialog
      .getByRole('button', { name: `Copy ${role} link` })
      .filter({ hasText: 'Copied' })
      .waitFor();
    return this.page.evaluate(() => navigator.clipboard.readText());
  }

  async openShareDialog(): Promise<ReturnType<Page['getByRole']>> {
    const dialog = this.page.getByRole('dialog', { name: 'Share this room' });
    if (!(await dialog.isVisible())) await this.page.getByTestId('share').click();
    await dialog
      .getByRole('button', { name: /^Copy / })
      .first()
      .waitFor();
    return dialog;
  }

  async closeDialog(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.getByRole('dialog').waitFor({ state: 'detached' });
  }

  /** Where the first shape is on screen: it moves when the camera does. */
  async firstShapeBox(): Promise<{ x: number; y: number; width: number; height: number } | null> {
    return this.page.locator('.tl-shape').first().boundingBox();
  }

  /**
   * The board point at the middle of this person's canvas, and the zoom, read from the transform
   * tldraw puts on its shape layer (`scale(z) translate(x, y)`: screen = (page + camera) × z).
   */
  async cameraCenter(): Promise<{ x: number; y: number; z: number }> {
    return this.page.evaluate(() => {
      const layer = document.querySelector<HTMLElement>('.tl-html-layer');
      const canvas = document.querySelector('.tl-canvas')?.getBoundingClientRect();
      const m = /scale\(([-\d.e]+)\) translate\(([-\d.e]+)px, ?([-\d.e]+)px\)/.exec(layer?.style.transform ?? '');
      if (!m || !canvas) throw new Error(`no camera on this page (${layer?.style.transform ?? 'no shape layer'})`);
      const [z, x, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
      return { x: canvas.width / 2 / z - x, y: canvas.height / 2 / z - y, z };
    });
  }

  /** Which side panel is open (its tab's name), or null. */
  async openPanel(): Promise<string | null> {
    const open = this.page.getByRole('navigation', { name: 'Panels' }).locator('button[aria-pressed="true"]:not(.rb-sidepanel-canvas-tab)');
    return (await open.count()) === 0 ? null : ((await open.first().textContent()) ?? '').trim();
  }

  async reload(): Promise<void> {
    await this.page.reload();
    await this.waitForBoard();
  }

  async leave(): Promise<void> {
    await this.context.close();
  }
}
