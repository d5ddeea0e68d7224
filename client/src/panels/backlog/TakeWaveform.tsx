/**
 * A take's waveform (backlog SPEC B9): its stored levels drawn as bars at once; a take without
 * them (an older upload) gets levels from its file's peaks sidecar or decoded audio, fetched here.
 */
import { useEffect, useRef, useState } from 'react';
import type { Take } from '@riffboard/shared';
import { useCanEdit, useRoom } from '../../room/roomHooks.ts';
import { storedTakeLevels } from '../../recording/takeLevels.ts';
import { hiDpiContext } from '../../ui/hiDpiCanvas.ts';

const HEIGHT = 36;

function draw(canvas: HTMLCanvasElement, levels: readonly number[], color: string): void {
  const ctx = hiDpiContext(canvas, HEIGHT);
  if (!ctx) return;
  const { g, width: w } = ctx;
  g.fillStyle = color;
  const n = levels.length;
  const step = 3;
  for (let x = 0; x < w; x += step) {
    const from = Math.floor((x / w) * n);
    const to = Math.max(from + 1, Math.floor(((x + step) / w) * n));
    let hi = 0;
    for (let i = from; i < to && i < n; i++) hi = Math.max(hi, levels[i] ?? 0);
    const h = Math.max(1, hi * (HEIGHT - 2));
    g.fillRect(x, (HEIGHT - h) / 2, 2, h);
  }
}

/** The take's levels: stored ones, or from its file; undefined while loading or when there is no audio. */
function useTakeLevels(take: Take): { levels: readonly number[] | undefined; failed: boolean } {
  const room = useRoom();
  const canEdit = useCanEdit();
  const url = take.peaks ? undefined : take.audio?.url;
  const [loaded, setLoaded] = useState<{ url: string; levels: readonly number[] | null } | undefined>();
  useEffect(() => {
    if (url === undefined) return;
    let live = true;
    storedTakeLevels(room, url, canEdit).then(
      (levels) => live && setLoaded({ url, levels }),
      () => live && setLoaded({ url, levels: null }),
    );
    return () => {
      live = false;
    };
  }, [room, url, canEdit]);
  if (take.peaks) return { levels: take.peaks, failed: false };
  if (loaded === undefined || loaded.url !== url) return { levels: undefined, failed: false };
  return { levels: loaded.levels ?? undefined, failed: loaded.levels === null };
}

export function TakeWaveform({ take, sounding }: { take: Take; sounding: boolean }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const { levels, failed } = useTakeLevels(take);
  useEffect(() => {
    const c = canvasRef.current;
    if (!c || !levels) return;
    const redraw = (): void => draw(c, levels, sounding ? '#f5a524' : '#8a849a');
    redraw();
    const ro = new ResizeObserver(redraw);
    ro.observe(c);
    return () => ro.disconnect();
  }, [levels, sounding]);
  if (!take.audio && !take.peaks) return null;
  if (failed) return <p className="rb-muted rb-small">This take’s audio couldn’t be read, so there is no waveform.</p>;
  return (
    <div
      className={`rb-take-wave${levels ? '' : ' is-loading'}`}
      data-testid="take-waveform"
      data-levels={levels?.length ?? 0}
      role="img"
      aria-label={levels ? `Waveform of ${take.title}` : `Loading the waveform of ${take.title}`}
    >
      <canvas ref={canvasRef} style={{ height: HEIGHT }} />
    </div>
  );
}
