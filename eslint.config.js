// Lint rules that keep the architecture honest: dependencies flow one way (client and server
// import shared, never each other; shared imports neither), the client's floors are fenced (see
// client/README.md), nothing logs to the console outside the server's logger, and `any` needs a
// reason. Style is Prettier's business, not ESLint's.
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const noCrossImports = (forbidden, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: forbidden, message }] }],
});

// The client's floors. Room services sit below the UI; the canvas and the panels are peers; small
// shared UI pieces live in ui/. ESLint replaces a rule's options per matching config rather than
// merging them, so every folder's entry carries the client-wide bans too.
const SERVICES = [
  'room',
  'audio',
  'transport',
  'references',
  'assets',
  'identity',
  'boardComments',
  'versions',
  'activity',
  'mix',
  'hearing',
  'playalong',
  'recording',
];
const SCREENS = ['app', 'home', 'layout', 'board', 'panels', 'ui'];
const clientWide = [
  { group: ['**/server/**', '@riffboard/server'], message: 'client/ imports shared/, never server/.' },
  { group: ['tone', 'tone/**'], message: 'Only client/src/audio/ imports tone: go through an audio/ module or a service hook.' },
  {
    group: ['y-websocket', 'y-websocket/**', 'y-indexeddb', 'y-indexeddb/**'],
    message: 'Only client/src/room/ opens sockets and IndexedDB: use the RoomConnection.',
  },
];
/** A relative import that climbs into the named folder of client/src. */
const into = (folder, message) => ({ regex: `^(\\.\\./)+${folder}/`, message });
const floor = (folder, { banned, allowTone = false, allowSockets = false, extra = [] }) => ({
  files: [`client/src/${folder}/**`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...clientWide.filter((p) => !(allowTone && p.group[0] === 'tone') && !(allowSockets && p.group[0] === 'y-websocket')),
          ...banned.map(([f, message]) => into(f, message)),
          ...extra,
        ],
      },
    ],
  },
});
const belowTheUi = (who) => SCREENS.map((f) => [f, `${who} is a room service, below the UI: it never imports ${f}/.`]);
const clientFloors = [
  {
    files: ['client/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: clientWide }] },
  },
  floor('room', {
    allowSockets: true,
    banned: [
      ...belowTheUi('room/'),
      ...['audio', 'transport', 'references', 'assets', 'mix', 'hearing'].map((f) => [
        f,
        `room/ is the ground floor (the connection): it never imports ${f}/.`,
      ]),
    ],
  }),
  floor('audio', {
    allowTone: true,
    banned: [
      ...belowTheUi('audio/'),
      ...SERVICES.filter((f) => f !== 'audio').map((f) => [
        f,
        `audio/ makes sound and knows no room: it never imports ${f}/; pass it what it needs.`,
      ]),
    ],
  }),
  floor('identity', {
    banned: [
      ...belowTheUi('identity/'),
      ...['audio', 'transport', 'references', 'assets'].map((f) => [f, `identity/ never imports ${f}/.`]),
    ],
  }),
  floor('activity', {
    banned: [...belowTheUi('activity/'), ...['audio', 'transport', 'assets'].map((f) => [f, `activity/ never imports ${f}/.`])],
  }),
  floor('mix', {
    banned: [
      ...belowTheUi('mix/'),
      ...['transport', 'references', 'assets'].map((f) => [
        f,
        `mix/ holds the mix; the services that play sound read it: it never imports ${f}/.`,
      ]),
    ],
  }),
  floor('hearing', { banned: belowTheUi('hearing/') }),
  floor('playalong', { banned: belowTheUi('playalong/') }),
  floor('recording', { banned: belowTheUi('recording/') }),
  floor('transport', {
    banned: [...belowTheUi('transport/'), ...['references', 'assets'].map((f) => [f, `transport/ never imports ${f}/.`])],
  }),
  floor('assets', {
    banned: [...belowTheUi('assets/'), ...['audio', 'transport', 'references'].map((f) => [f, `assets/ never imports ${f}/.`])],
  }),
  floor('references', {
    banned: [...belowTheUi('references/'), ['transport', 'references/ never imports transport/.']],
  }),
  floor('boardComments', {
    banned: [
      ...belowTheUi('boardComments/'),
      ...['audio', 'transport', 'references', 'assets'].map((f) => [f, `boardComments/ never imports ${f}/.`]),
    ],
  }),
  floor('versions', {
    banned: [
      ...belowTheUi('versions/'),
      ...['audio', 'transport', 'references', 'assets'].map((f) => [f, `versions/ never imports ${f}/.`]),
    ],
  }),
  floor('ui', {
    banned: ['app', 'home', 'layout', 'board', 'panels'].map((f) => [
      f,
      `ui/ holds small shared pieces: it never imports ${f}/. Pass data in as props.`,
    ]),
  }),
  floor('board', {
    banned: [
      [
        'panels',
        'board/ and panels/ are peers and never import each other: move what both need to a service folder (references/, assets/ …) or ui/.',
      ],
      ...['app', 'home', 'layout'].map((f) => [f, `board/ never imports ${f}/ (it sits below the page).`]),
    ],
  }),
  floor('panels', {
    banned: [
      [
        'board',
        'board/ and panels/ are peers and never import each other: move what both need to a service folder (references/, assets/ …) or ui/.',
      ],
      ...['app', 'home', 'layout'].map((f) => [f, `panels never import ${f}/ (they sit below the page).`]),
    ],
    extra: [
      {
        regex: '^\\.\\./[^./]',
        message: 'A panel never imports another panel: move what both need to a service folder or ui/.',
      },
    ],
  }),
  floor('layout', {
    banned: ['app', 'home', 'board'].map((f) => [f, `layout/ never imports ${f}/: the page (app/) composes the canvas with the chrome.`]),
  }),
  floor('home', {
    banned: [...['layout', 'board', 'panels'].map((f) => [f, `home/ never imports ${f}/: it is a page of its own.`])],
    extra: [{ regex: '^(\\.\\./)+app/(?!route\\.ts$)', message: 'home/ uses only app/route.ts from the page layer.' }],
  }),
  // Room services render nothing: components live in the UI floors.
  {
    files: SERVICES.map((f) => `client/src/${f}/**`),
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'JSXElement, JSXFragment', message: 'Room services render nothing: components go in ui/, board/, panels/ or layout/.' },
      ],
    },
  },
  // React components never open sockets: only room/ may name the WebSocket global.
  {
    files: ['client/src/**'],
    ignores: ['client/src/room/**'],
    rules: { 'no-restricted-globals': ['error', { name: 'WebSocket', message: 'Only client/src/room/ talks to sockets.' }] },
  },
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', '**/*.d.ts', 'client/public/**', 'client/sw/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'no-console': 'error',
    },
  },
  {
    files: ['client/**/*.tsx', 'client/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    files: ['shared/**'],
    rules: noCrossImports(
      ['**/client/**', '**/server/**', '@riffboard/client', '@riffboard/server'],
      'shared/ imports neither client nor server.',
    ),
  },
  // shared/'s main entry stays free of tldraw's record schema: only the `board` entry
  // (board/boardChecks.ts and what it exports) loads it. See shared/README.md.
  {
    files: ['shared/src/**'],
    ignores: ['shared/src/board/boardChecks.ts', 'shared/src/board/boardSchema.ts', 'shared/src/doc/writeRules.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/client/**', '**/server/**', '@riffboard/client', '@riffboard/server'],
              message: 'shared/ imports neither client nor server.',
            },
            {
              group: ['@tldraw/*', '**/boardSchema.ts', '**/writeRules.ts', '**/boardChecks.ts'],
              message: "Only the `@riffboard/shared/board` entry loads tldraw's schema; the main entry stays free of it.",
            },
          ],
        },
      ],
    },
  },
  ...clientFloors,
  { files: ['server/**'], rules: noCrossImports(['**/client/**', '@riffboard/client'], 'server/ imports shared/, never client/.') },
  // server/src/sync/ is the wire protocol alone: it never reaches up into rooms, sockets or storage.
  {
    files: ['server/src/sync/**'],
    rules: noCrossImports(
      [
        '**/client/**',
        '@riffboard/client',
        '../connections/**',
        '../rooms/**',
        '../persistence/**',
        '../http/**',
        '../auth/**',
        '../assets/**',
      ],
      'server/src/sync/ holds protocol code only; it imports shared/ and its own folder.',
    ),
  },
  // Benchmarks and test tooling print their results; the server logs through pino (log.ts).
  { files: ['server/bench/**', 'e2e/**', '**/test/**', 'e2e/scripts/**'], rules: { 'no-console': 'off' } },
);
