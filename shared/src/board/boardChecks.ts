/**
 * `@riffboard/shared/board`: the board record checks, apart from the main entry because they load
 * tldraw's record schema (`@tldraw/tlschema`), which only the server's update checks and the
 * client's canvas need. Everything else that imports shared (server start-up, audio bundles)
 * stays free of it.
 */
export * from './boardSchema.ts';
export * from '../doc/writeRules.ts';
