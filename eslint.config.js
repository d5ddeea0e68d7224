// Lint rules that keep the architecture honest: dependencies flow one way (client and server
// import shared, never each other; shared imports neither), nothing logs to the console outside
// the server's logger, and `any` needs a reason. Style is Prettier's business, not ESLint's.
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const noCrossImports = (forbidden, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: forbidden, message }] }],
});

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', '**/*.d.ts', 'client/public/**'] },
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
  { files: ['client/**'], rules: noCrossImports(['**/server/**', '@riffboard/server'], 'client/ imports shared/, never server/.') },
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
