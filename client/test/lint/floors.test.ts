/**
 * The client's floors are fenced by the lint config (eslint.config.js at the repository root):
 * each wrong import below fails `pnpm lint` with a sentence naming the rule, and the allowed ones
 * pass. Linted as text at a path inside client/src; nothing is written to disk.
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function problems(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}client/src/${path}` });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('client floors (lint)', () => {
  // The first run loads the config, typescript-eslint and its parser: seconds on a busy machine.
  beforeAll(() => problems('app/warmup.ts', ''), 60_000);

  it.each([
    ['board/X.ts', "import '../panels/references/ReferencesPanel.tsx';", /board\/ and panels\/ are peers/],
    ['panels/tempo/X.ts', "import '../../board/BoardCanvas.tsx';", /board\/ and panels\/ are peers/],
    ['panels/backlog/X.ts', "import '../tempo/TempoPanel.tsx';", /A panel never imports another panel/],
    ['ui/X.ts', "import '../board/BoardCanvas.tsx';", /ui\/ holds small shared pieces/],
    ['references/X.ts', "import '../panels/references/ReferencesPanel.tsx';", /room service, below the UI/],
    ['room/X.ts', "import '../transport/roomTransport.ts';", /room\/ is the ground floor/],
    ['audio/X.ts', "import '../room/RoomConnection.ts';", /audio\/ makes sound and knows no room/],
    ['home/X.ts', "import '../app/App.tsx';", /home\/ uses only app\/route.ts/],
    ['layout/X.ts', "import '../board/BoardCanvas.tsx';", /layout\/ never imports board\//],
    ['panels/tempo/X.ts', "import 'tone';", /Only client\/src\/audio\/ imports tone/],
    ['board/X.ts', "import 'y-websocket';", /Only client\/src\/room\/ opens sockets/],
    ['panels/backlog/X.ts', "import 'y-indexeddb';", /Only client\/src\/room\/ opens sockets/],
    ['panels/tempo/X.ts', "export const s = new WebSocket('ws://x');", /Only client\/src\/room\/ talks to sockets/],
    ['assets/X.tsx', 'export const C = () => <div />;', /Room services render nothing/],
    ['transport/X.ts', "import '@riffboard/server';", /client\/ imports shared\/, never server\//],
    ['boardComments/X.ts', "import '../board/CommentLayer.tsx';", /room service, below the UI/],
    ['boardComments/X.ts', "import '../references/referenceActions.ts';", /boardComments\/ never imports references\//],
  ])('%s: %s is refused', async (path, code, message) => {
    expect((await problems(path, code)).join('\n')).toMatch(message);
  });

  it.each([
    ['board/X.ts', "import '../references/referenceActions.ts';\nimport '../ui/UploadOverlay.tsx';"],
    ['panels/tempo/X.ts', "import '../../transport/roomTransport.ts';\nimport './TempoPanel.tsx';"],
    ['references/X.ts', "import '../room/RoomConnection.ts';\nimport '../audio/referencePlayer.ts';\nimport '../assets/assetUpload.ts';"],
    ['audio/X.ts', "import 'tone';"],
    ['room/X.ts', "import 'y-websocket';\nimport 'y-indexeddb';"],
    ['home/X.ts', "import '../app/route.ts';\nimport '../ui/Logo.tsx';"],
    ['layout/X.ts', "import '../panels/tempo/TempoPanel.tsx';"],
    ['board/X.ts', "import '../boardComments/boardCommentActions.ts';\nimport '../ui/CommentBody.tsx';"],
    ['panels/references/X.ts', "import '../../boardComments/boardCommentsHooks.ts';\nimport '../../ui/CommentBody.tsx';"],
  ])('%s: allowed imports pass', async (path, code) => {
    expect(await problems(path, code)).toEqual([]);
  });
});
