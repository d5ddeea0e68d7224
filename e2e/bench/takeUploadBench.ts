/**
 * Recorded-take upload size benchmark (not a test): `pnpm --filter @riffboard/e2e bench`.
 *
 * One minute of a music-like signal (plucked notes every eighth note at 120 BPM, a kick on each
 * beat, a little room noise), mono and stereo at 48 kHz, encoded in Chromium by the client's take
 * encoder (`recording/takeEncoding.ts`) in both formats and uploaded to a real server through the
 * asset API. Reports the bytes per minute of audio the server stored, and the encode and upload
 * times. The server must accept every file (exit code 1 otherwise).
 */
import { createRoom, launchChromium, tokenOf } from '../support/browser.ts';
import { bundleClientModule } from '../support/bundleClientModule.ts';
import { startServer } from '../support/server.ts';

interface Row {
  readonly format: string;
  readonly channels: number;
  readonly bytes: number;
  readonly storedBytes: number;
  readonly status: number;
  readonly encodeMs: number;
  readonly uploadMs: number;
}

async function main(): Promise<void> {
  const server = await startServer();
  const browser = await launchChromium();
  try {
    const room = await createRoom(server.url, 'Upload size bench');
    const token = tokenOf(room.links.editor);
    const script = await bundleClientModule('src/recording/takeEncoding.ts', 'RiffboardTakeEncoding');
    const page = await browser.newPage();
    const blank = `${server.url}/__bench-take-upload`;
    await page.route(blank, (r) => r.fulfill({ contentType: 'text/html', body: '<!doctype html><title>bench</title>' }));
    await page.goto(blank);
    await page.addScriptTag({ content: script });
    // tsx (esbuild keepNames) wraps named functions in page.evaluate bodies with `__name`.
    await page.evaluate('window.__name = (f) => f;');
    const rows = await page.evaluate(
      async ({ roomId, token }) => {
        const { encodeTake } = (window as unknown as { RiffboardTakeEncoding: typeof import('../../client/src/recording/takeEncoding.ts') })
          .RiffboardTakeEncoding;
        const rate = 48_000;
        const frames = 60 * rate;
        let seed = 7;
        const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
        const make = (detune: number): Float32Array => {
          const x = new Float32Array(frames);
          const notes = [110, 146.83, 164.81, 196, 220, 246.94, 293.66, 329.63];
          for (let n = 0; n * 0.25 < 60; n++) {
            const start = Math.round(n * 0.25 * rate);
            const f = notes[(n * 5) % notes.length]! * detune;
            for (let i = 0; i < rate && start + i < frames; i++) {
              const t = i / rate;
              const env = Math.exp(-t * 6);
              x[start + i]! +=
                0.25 * env * (Math.sin(2 * Math.PI * f * t) + 0.5 * Math.sin(4 * Math.PI * f * t) + 0.25 * Math.sin(6 * Math.PI * f * t));
            }
          }
          for (let b = 0; b * 0.5 < 60; b++) {
            const start = Math.round(b * 0.5 * rate);
            for (let i = 0; i < 0.15 * rate && start + i < frames; i++) {
              const t = i / rate;
              x[start + i]! += 0.5 * Math.exp(-t * 25) * Math.sin(2 * Math.PI * (50 + 80 * Math.exp(-t * 40)) * t);
            }
          }
          for (let i = 0; i < frames; i++) x[i] = Math.max(-1, Math.min(1, x[i]! + 0.003 * random()));
          return x;
        };
        const left = make(1);
        const right = make(1.003);
        const out = [];
        for (const channels of [[left], [left, right]]) {
          for (const format of ['compressed', 'lossless'] as const) {
            const t0 = performance.now();
            const enc = await encodeTake(channels, rate, format);
            const t1 = performance.now();
            const res = await fetch(`/api/rooms/${roomId}/assets?name=bench.${enc.extension}&expect=audio`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
              body: enc.bytes,
            });
            const body = (await res.json()) as { asset?: { size?: number } };
            out.push({
              format: `${format} (${enc.mime})`,
              channels: channels.length,
              bytes: enc.bytes.length,
              storedBytes: body.asset?.size ?? 0,
              status: res.status,
              encodeMs: t1 - t0,
              uploadMs: performance.now() - t1,
            });
          }
        }
        return out;
      },
      { roomId: room.id, token },
    );
    const MB = 1024 * 1024;
    for (const r of rows as Row[]) {
      console.log(
        `${r.format}, ${r.channels === 1 ? 'mono' : 'stereo'} 48 kHz: ${(r.storedBytes / MB).toFixed(2)} MB per minute stored (HTTP ${r.status}); encode ${r.encodeMs.toFixed(0)} ms, upload ${r.uploadMs.toFixed(0)} ms`,
      );
      if (r.status !== 201 && r.status !== 200) process.exitCode = 1;
      if (r.storedBytes !== r.bytes) process.exitCode = 1;
    }
  } finally {
    await browser.close();
    await server.dispose();
  }
}

await main();
