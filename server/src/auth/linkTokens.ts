/**
 * Capability-link tokens: a signed statement "this bearer may open room R as role X, link
 * generation G, until T". HS256 JWTs made and checked with `jose` (maintained, audited, no
 * hand-rolled crypto). The generation is what makes rotation work: the server keeps the current
 * generation per rotatable role, and a token from an older generation is refused as replaced.
 *
 * Verification is cached: every tab of a shared link presents the same token, on every connection
 * and reconnection, and checking its signature (WebCrypto HMAC, off the main thread and back)
 * cost more than the rest of a connection's set-up. A token whose signature and claims checked out
 * is remembered, keyed by its exact text, until it expires; a hit only re-checks the expiry. The
 * cache is bounded (least recently used first out) and never holds refused tokens. What a cached
 * token may do still depends on the room's current link generations, which callers check anew.
 */
import { webcrypto } from 'node:crypto';
import { SignJWT, errors, jwtVerify } from 'jose';
import { isRole, type Role } from '@riffboard/shared';

export interface LinkClaims {
  readonly room: string;
  readonly role: Role;
  readonly gen: number;
}

export type TokenCheck = { readonly ok: true; readonly claims: LinkClaims } | { readonly ok: false; readonly why: 'invalid' | 'expired' };

export interface LinkTokenOptions {
  /** Verified tokens remembered at most (default 2048). */
  readonly cacheSize?: number;
  /** Clock in ms since the epoch (tests move it). */
  readonly now?: () => number;
}

const AUDIENCE = 'riffboard-room';
const ALG = 'HS256';

interface Verified {
  readonly claims: LinkClaims;
  /** `exp` in ms: valid while now < this. */
  readonly expiresAtMs: number;
}

export class LinkTokens {
  /** The secret imported once as an HMAC key (jose would import a raw secret on every call). */
  private key: Promise<webcrypto.CryptoKey> | null = null;
  /** Verified tokens in least-recently-used order (a Map iterates in insertion order). */
  private readonly verified = new Map<string, Verified>();
  private readonly cacheSize: number;
  private readonly now: () => number;

  constructor(
    private readonly secret: Uint8Array,
    private readonly ttlSeconds: number,
    opts: LinkTokenOptions = {},
  ) {
    this.cacheSize = opts.cacheSize ?? 2048;
    this.now = opts.now ?? Date.now;
  }

  private cryptoKey(): Promise<webcrypto.CryptoKey> {
    this.key ??= webcrypto.subtle.importKey('raw', this.secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    return this.key;
  }

  async issue(claims: LinkClaims): Promise<string> {
    return new SignJWT({ role: claims.role, gen: claims.gen })
      .setProtectedHeader({ alg: ALG })
      .setSubject(claims.room)
      .setAudience(AUDIENCE)
      .setIssuedAt(Math.floor(this.now() / 1000))
      .setExpirationTime(Math.floor(this.now() / 1000) + this.ttlSeconds)
      .sign(await this.cryptoKey());
  }

  async verify(token: string): Promise<TokenCheck> {
    const now = this.now();
    const hit = this.verified.get(token);
    if (hit) {
      this.verified.delete(token);
      if (now >= hit.expiresAtMs) return { ok: false, why: 'expired' };
      this.verified.set(token, hit);
      return { ok: true, claims: hit.claims };
    }
    try {
      const { payload } = await jwtVerify(token, await this.cryptoKey(), {
        algorithms: [ALG],
        audience: AUDIENCE,
        requiredClaims: ['sub', 'exp'],
        currentDate: new Date(now),
      });
      const { sub, role, gen, exp } = payload;
      if (typeof sub !== 'string' || !isRole(role) || typeof gen !== 'number' || !Number.isInteger(gen) || typeof exp !== 'number')
        return { ok: false, why: 'invalid' };
      const claims: LinkClaims = { room: sub, role, gen };
      this.remember(token, { claims, expiresAtMs: exp * 1000 });
      return { ok: true, claims };
    } catch (err) {
      return { ok: false, why: err instanceof errors.JWTExpired ? 'expired' : 'invalid' };
    }
  }

  /** How many verified tokens are remembered. */
  get cachedCount(): number {
    return this.verified.size;
  }

  private remember(token: string, v: Verified): void {
    if (this.verified.size >= this.cacheSize) {
      const oldest = this.verified.keys().next();
      if (!oldest.done) this.verified.delete(oldest.value);
    }
    this.verified.set(token, v);
  }
}
