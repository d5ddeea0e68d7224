/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** tldraw license key, baked in at build time. Without it tldraw shows a watermark (and blanks on production HTTPS hosts). */
  readonly VITE_TLDRAW_LICENSE_KEY?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
