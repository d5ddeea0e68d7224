/**
 * Headers on every response. The Content-Security-Policy is the tightest the app works under:
 * scripts only from this origin, no plugins or framing; inline styles are allowed because tldraw
 * and React set style attributes; data:/blob: images and fonts are tldraw's (exported shapes,
 * self-hosted icons). connect-src allows blob: because the libraries we ship fetch object URLs they
 * made themselves (tldraw reads an image's object URL back when it copies shapes with assets;
 * standardized-audio-context reads an audio worklet's module source through fetch); a blob: URL can
 * only be made by this origin's own scripts. `no-referrer` keeps link tokens in the address bar from leaking to other
 * sites; `nosniff` stops browsers from guessing content types.
 */
import type http from 'node:http';

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' blob:",
  "media-src 'self' data: blob:",
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function setSecurityHeaders(res: http.ServerResponse): void {
  res.setHeader('content-security-policy', CSP);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
}
