/**
 * One person in a room, in their own browser context (own storage, own IndexedDB), acting only
 * through the UI: the name dialog, tldraw's keyboard shortcuts and the mouse.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';

export type BadgeStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'closed';

export class RoomActor {
  /** Sync WebSockets this page has opened so far (a reconnect opens a new one). */
  syncSocketsOpened = 0;

  private constructor(
    readonly name: string,
    readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  static async join(browser: Browser, url: string, name: string): Promise<RoomActor> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
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

  async shapeCount(): Promise<number> {
    return this.page.locator('.tl-shape').count();
  }

  private async canvasBox(): Promise<{ x: number; y: number; width: number; height: number }> {
    const box = await this.page.locator('.tl-canvas').boundingBox();
    if (!box) throw new Error('canvas not visible');
    return box;
  }

  async geoShapeCount(): Promise<number> {
    return this.page.locator('.tl-shape[data-shape-type="geo"]').count();
  }

  async badge(): Promise<BadgeStatus> {
    return (await this.page.getByTestId('connection-badge').getAttribute('data-status')) as BadgeStatus;
  }

  async peopleHere(): Promise<string[]> {
    return this.page.getByTestId('who-is-here').locator('li[data-name]').evaluateAll((els) => els.map((e) => e.getAttribute('data-name') ?? ''));
  }

  async roomTitle(): Promise<string> {
    return (await this.page.locator('.rb-room-title').textContent()) ?? '';
  }

  /** The offline app shell is installed (public/sw.js), so a reload works without the server. */
  async waitForOfflineShell(): Promise<void> {
    await this.page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  }

  /** Avatar colours in the who-is-here list, in list order. */
  async peopleColors(): Promise<string[]> {
    return this.page.getByTestId('who-is-here').locator('li[data-name]').evaluateAll((els) => els.map((e) => (e as HTMLElement).style.backgroundColor));
  }

  async reload(): Promise<void> {
    await this.page.reload();
    await this.waitForBoard();
  }

  async leave(): Promise<void> {
    await this.context.close();
  }
}
