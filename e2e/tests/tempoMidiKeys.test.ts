/**
 * The tempo panel's MIDI buttons and keyboard map in real Chromium, two people per room, acting
 * only through the UI:
 * - Export .mid downloads the map one person built; the file, read back with shared's MIDI import
 *   (midi-file underneath), has a tempo event at each section's first bar with its BPM, nothing
 *   snapped, and is byte for byte what shared's exporter writes for those sections (T7).
 * - Import: a .mid made by shared's exporter, chosen with the import button's file dialog, becomes
 *   the tempo map for the importer and for the other person in the room (T7).
 * - Every key of the panel's keyboard map (N, D, S, ←/→, Alt+←, Delete, Ctrl+Z, Ctrl+Shift+Z,
 *   Ctrl+Y, L, Space, Home) does what it says, and the shared parts (map, loop, transport) reach
 *   the other browser.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { exportTempoMidi, importTempoMidi, tempoMapFromSections, type SectionSketch, type TempoMapData } from '@riffboard/shared';
import { createRoom, chromiumPerFile } from '../support/browser.ts';
import { RoomActor } from '../support/RoomActor.ts';

const baseUrl = inject('baseUrl');
const chromium = chromiumPerFile();

/** Polls what a page shows until it matches (another browser's edits arrive over the server). */
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 10_000 });

/** The Tempo panel as one person sees and uses it (page object). */
class Tempo {
  constructor(readonly page: Page) {}

  /** Panels start closed: clicks the Tempo tab. */
  async open(): Promise<void> {
    const tab = this.page.getByRole('button', { name: 'Tempo', exact: true });
    if ((await tab.getAttribute('aria-pressed')) !== 'true') await tab.click();
    await this.panel.waitFor();
  }

  get panel() {
    return this.page.locator('.rb-tempo-panel');
  }

  /** Gives the panel keyboard focus the way a person does: a click on its plain text. */
  async focus(): Promise<void> {
    await this.panel.locator('.rb-tempo-readout').click();
    expect(await this.page.evaluate(() => document.activeElement?.classList.contains('rb-tempo-panel'))).toBe(true);
  }

  /** Section blocks in the lane, in song order, as their labels read: "Verse, bars 5–8". */
  blocks(): Promise<string[]> {
    return this.page.locator('.rb-tempo-block').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  }

  async selectedBlock(): Promise<string | null> {
    const sel = this.page.locator('.rb-tempo-block.is-selected');
    return (await sel.count()) === 1 ? sel.getAttribute('aria-label') : null;
  }

  /** Each section's BPM as its field shows it, selecting the blocks one by one. */
  async bpms(): Promise<number[]> {
    const out: number[] = [];
    const blocks = this.page.locator('.rb-tempo-block');
    for (let i = 0; i < (await blocks.count()); i++) {
      const name = (await blocks.nth(i).locator('.rb-tempo-block-name').textContent()) ?? '';
      await blocks.nth(i).click();
      const editor = this.page.getByLabel(`Edit ${name}`);
      await editor.waitFor();
      out.push(Number(await editor.getByLabel('BPM', { exact: true }).inputValue()));
    }
    return out;
  }

  /** The panel's status line (what an import did, why an edit was refused). */
  message(): Promise<string> {
    return this.panel.locator('.rb-tempo-message').innerText();
  }

  /** "12 bars · 0:27" under the editor. */
  footer(): Promise<string> {
    return this.panel.locator('.rb-tempo-footer .rb-muted').innerText();
  }

  async fill(label: string, value: string): Promise<void> {
    const input = this.panel.locator('.rb-tempo-editor').getByLabel(label, { exact: true });
    await input.fill(value);
    await input.press('Enter');
  }

  async position(): Promise<{ bar: number; phase: string }> {
    const el = this.page.getByTestId('transport-position');
    const [bar, phase] = await Promise.all([el.getAttribute('data-bar'), el.getAttribute('data-phase')]);
    return { bar: Number(bar), phase: phase ?? '' };
  }

  playButton() {
    return this.panel.locator('.rb-tempo-play');
  }

  loopBand() {
    return this.page.locator('.rb-tempo-loop');
  }
}

/** A click on the canvas clear of shapes and tldraw's menus: gives the canvas keyboard focus. */
async function clickEmptyCanvas(actor: RoomActor): Promise<void> {
  const box = await actor.page.locator('.tl-canvas').boundingBox();
  if (!box) throw new Error('canvas not visible');
  await actor.page.mouse.click(box.x + 40, box.y + box.height - 160);
}

async function twoPeople(title: string): Promise<[RoomActor, Tempo, RoomActor, Tempo]> {
  const url = `${baseUrl}${(await createRoom(baseUrl, title)).links.editor}`;
  const ana = await RoomActor.join(chromium.browser, url, 'Ana');
  const ben = await RoomActor.join(chromium.browser, url, 'Ben');
  const anaTempo = new Tempo(ana.page);
  const benTempo = new Tempo(ben.page);
  await anaTempo.open();
  await benTempo.open();
  return [ana, anaTempo, ben, benTempo];
}

const section = (name: string, bars: number, bpm: number, meterNumerator = 4): SectionSketch => ({
  name,
  bars,
  bpm,
  meterNumerator,
  meterDenominator: 4,
  ramp: 'none',
});

/** Where each tempo point sits and its BPM (to 0.001: FF 51 holds whole µs per quarter): the tempo events a DAW shows. */
const tempoEvents = (map: TempoMapData) =>
  map.points.map((p) => ({ bar: p.bar, beat: p.beat, tick: p.tick, bpm: Math.round(p.bpm * 1000) / 1000 }));

describe('tempo panel: MIDI export/import and keyboard map (two browsers)', () => {
  it('T7 Export .mid downloads the map Ana built: tempo events at each section’s first bar with its BPM', async () => {
    const [ana, anaTempo, ben, benTempo] = await twoPeople('MIDI export');

    // Ana builds: Intro 2 bars of 4/4 at 96, then Verse 4 bars of 3/4 at 132.
    await ana.page.getByRole('button', { name: 'Add your first section' }).click();
    await anaTempo.fill('Bars', '2');
    await anaTempo.fill('BPM', '96');
    await ana.page.getByRole('button', { name: '+ Add' }).click();
    await anaTempo.fill('Bars', '4');
    await anaTempo.fill('BPM', '132');
    await anaTempo.fill('Beats per bar', '3');
    const made = [section('Intro', 2, 96), section('Verse', 4, 132, 3)];
    for (const t of [anaTempo, benTempo]) {
      await eventually(() => t.blocks()).toEqual(['Intro, bars 1–2', 'Verse, bars 3–6']);
      await eventually(() => t.footer()).toBe('6 bars · 0:10'); // 5 s + 12 beats at 132: Ben has the BPM and meter too
    }

    const [download] = await Promise.all([
      ana.page.waitForEvent('download'),
      ana.page.getByRole('button', { name: 'Export .mid' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('riffboard-tempo-map.mid');
    const bytes = new Uint8Array(await readFile(await download.path()));

    const read = importTempoMidi(bytes);
    if (!read.ok) throw new Error(`the download is not a MIDI file: ${JSON.stringify(read.error)}`);
    expect(read.value.warnings).toEqual([]); // every event sat exactly on a bar line: nothing was snapped
    expect(read.value.sections).toEqual([
      { name: 'Intro', bars: 2 },
      { name: 'Verse', bars: 4 },
    ]);
    expect(read.value.meters).toEqual([
      { bar: 1, numerator: 4, denominator: 4 },
      { bar: 3, numerator: 3, denominator: 4 },
    ]);
    expect(tempoEvents(read.value)).toEqual([
      { bar: 1, beat: 1, tick: 0, bpm: 96 },
      { bar: 3, beat: 1, tick: 0, bpm: 132 },
    ]);
    expect(Buffer.from(bytes).equals(Buffer.from(exportTempoMidi(tempoMapFromSections(made))))).toBe(true);

    // Ben, who changed nothing, downloads the same file.
    const [benDownload] = await Promise.all([
      ben.page.waitForEvent('download'),
      ben.page.getByRole('button', { name: 'Export .mid' }).click(),
    ]);
    expect(Buffer.from(await readFile(await benDownload.path())).equals(Buffer.from(bytes))).toBe(true);
    for (const a of [ana, ben]) await a.leave();
  });

  it('T7 Import .mid: a file with sections at 90 and 120 BPM becomes the map, for the other browser too', async () => {
    const [ana, anaTempo, ben, benTempo] = await twoPeople('MIDI import');
    const file = exportTempoMidi(tempoMapFromSections([section('Groove', 4, 90), section('Lift', 8, 120)]));

    const [chooser] = await Promise.all([
      ana.page.waitForEvent('filechooser'),
      ana.page.getByRole('button', { name: 'Import a MIDI tempo map…' }).click(),
    ]);
    await chooser.setFiles({ name: 'two-tempos.mid', mimeType: 'audio/midi', buffer: Buffer.from(file) });

    await eventually(() => anaTempo.message()).toBe('Imported 2 sections from two-tempos.mid.');
    for (const t of [anaTempo, benTempo]) {
      await eventually(() => t.blocks()).toEqual(['Groove, bars 1–4', 'Lift, bars 5–12']);
      expect(await t.bpms()).toEqual([90, 120]);
      expect(await t.footer()).toBe('12 bars · 0:27'); // 16 beats at 90 + 32 at 120 = 26.7 s
    }
    for (const a of [ana, ben]) await a.leave();
  });

  it('keyboard map: N D S ←/→ Alt+← Delete, undo/redo, L loop, Space play/stop and Home reach both browsers', async () => {
    const [ana, anaTempo, ben, benTempo] = await twoPeople('Keys');
    const keys = ana.page.keyboard;
    const both = async (blocks: string[]): Promise<void> => {
      for (const t of [anaTempo, benTempo]) await eventually(() => t.blocks()).toEqual(blocks);
    };
    await anaTempo.focus();

    // N adds (an Intro first, then a copy after the selection with the next name), D duplicates.
    await keys.press('n');
    await both(['Intro, bars 1–4']);
    await keys.press('n');
    await both(['Intro, bars 1–4', 'Verse, bars 5–8']);
    await eventually(() => anaTempo.selectedBlock()).toBe('Verse, bars 5–8');
    await keys.press('d');
    await both(['Intro, bars 1–4', 'Verse, bars 5–8', 'Verse, bars 9–12']);
    await eventually(() => anaTempo.selectedBlock()).toBe('Verse, bars 9–12');

    // ←/→ select; S splits the selection in the middle; Alt+← moves it earlier.
    await keys.press('ArrowLeft');
    await eventually(() => anaTempo.selectedBlock()).toBe('Verse, bars 5–8');
    await keys.press('ArrowLeft');
    await eventually(() => anaTempo.selectedBlock()).toBe('Intro, bars 1–4');
    await keys.press('ArrowRight');
    await eventually(() => anaTempo.selectedBlock()).toBe('Verse, bars 5–8');
    await keys.press('s');
    await both(['Intro, bars 1–4', 'Verse, bars 5–6', 'Verse, bars 7–8', 'Verse, bars 9–12']);
    await keys.press('Alt+ArrowLeft');
    const beforeDelete = ['Verse, bars 1–2', 'Intro, bars 3–6', 'Verse, bars 7–8', 'Verse, bars 9–12'];
    await both(beforeDelete);
    await eventually(() => anaTempo.selectedBlock()).toBe('Verse, bars 1–2');

    // Delete, then undo/redo with both redo shortcuts. Edits less than 400 ms apart are one undo
    // step (tempoUndoManager's capture time): let the move settle into its own step first.
    await ana.page.waitForTimeout(600);
    await keys.press('Delete');
    const afterDelete = ['Intro, bars 1–4', 'Verse, bars 5–6', 'Verse, bars 7–10'];
    await both(afterDelete);
    await keys.press('Control+z');
    await both(beforeDelete);
    await keys.press('Control+Shift+z');
    await both(afterDelete);
    await keys.press('Control+z');
    await both(beforeDelete);
    await keys.press('Control+y');
    await both(afterDelete);

    // L loops the selected section for everyone; L again clears it.
    await eventually(() => anaTempo.selectedBlock()).toBe('Intro, bars 1–4');
    await keys.press('l');
    for (const t of [anaTempo, benTempo]) await t.loopBand().waitFor();
    expect(await anaTempo.panel.getByRole('button', { name: /Loop/ }).getAttribute('aria-pressed')).toBe('true');
    await keys.press('l');
    for (const t of [anaTempo, benTempo]) await t.loopBand().waitFor({ state: 'detached' });

    // Space plays for everyone: Ben's transport runs and his button offers Stop; Space stops both.
    await keys.press('Space');
    for (const t of [anaTempo, benTempo]) await eventually(async () => (await t.position()).phase).toBe('playing');
    await eventually(() => benTempo.playButton().innerText()).toContain('Stop');
    await keys.press('Space');
    for (const t of [anaTempo, benTempo]) await eventually(async () => (await t.position()).phase).toBe('stopped');
    await eventually(() => benTempo.playButton().innerText()).toContain('Play for everyone');

    // Home: from bar 7 (a click on the ruler; 10 bars at one tempo, lane inset 8 px) back to bar 1.
    const ruler = await ana.page.getByTestId('tempo-ruler').boundingBox();
    if (!ruler) throw new Error('no ruler');
    await ana.page.mouse.click(ruler.x + 8 + (ruler.width - 16) * (6.5 / 10), ruler.y + ruler.height / 2);
    for (const t of [anaTempo, benTempo]) await eventually(() => t.position()).toEqual({ bar: 7, phase: 'stopped' });
    await keys.press('Home');
    for (const t of [anaTempo, benTempo]) await eventually(() => t.position()).toEqual({ bar: 1, phase: 'stopped' });
    for (const a of [ana, ben]) await a.leave();
  });

  it('keys pressed in the tempo panel never reach the canvas: Delete removes the section, not the selected shapes', async () => {
    const [ana, anaTempo, ben, benTempo] = await twoPeople('Focus');
    // A rectangle on the board, selected (tldraw's select-all while the canvas has focus).
    await ana.drawRectangle(200, 260, 140, 90);
    await clickEmptyCanvas(ana);
    await ana.page.keyboard.press('Control+a');
    // (The same two keys delete it at the end, which shows they select it.)
    for (const a of [ana, ben]) await eventually(() => a.geoShapeCount()).toBe(1);

    // Into the panel: N adds a section, Delete removes it; the board keeps its rectangle.
    await anaTempo.focus();
    await ana.page.keyboard.press('n');
    for (const t of [anaTempo, benTempo]) await eventually(() => t.blocks()).toEqual(['Intro, bars 1–4']);
    await ana.page.keyboard.press('Delete');
    for (const t of [anaTempo, benTempo]) await eventually(() => t.blocks()).toEqual([]);
    for (const a of [ana, ben]) expect(await a.geoShapeCount()).toBe(1);

    // Back on the canvas, its own shortcuts work again: Delete removes the selected rectangle. (Had
    // N reached tldraw in the panel, its sticky-note tool would now drop a note here.)
    await clickEmptyCanvas(ana);
    expect(await ana.shapeCount()).toBe(1);
    await ana.page.keyboard.press('Control+a');
    await ana.page.keyboard.press('Delete');
    for (const a of [ana, ben]) await eventually(() => a.geoShapeCount()).toBe(0);
    for (const a of [ana, ben]) await a.leave();
  });
});
