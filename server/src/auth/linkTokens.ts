/**
 * Capability-link tokens: a signed statement "this bearer may open room R as role X, link
 * generation G, until T". HS256 JWTs made and checked with `jose` (maintained, audited, no
 * hand-rolled crypto). The generation is what makes rotation work: the server keeps the current
 * generation per rotatable role, and a token from an older generation is refused as replaced.
 */
import { SignJWT, errors, jwtVerify } from 'jose';
import { isRole, type Role } from '@riffboard/shared';

export interface LinkClaims {
  readonly room: string;
  readonly role: Role;
  readonly gen: number;
}

export type TokenCheck = { readonly ok: true; readonly claims: LinkClaims } | { readonly ok: false; readonly why: 'invalid' | 'expired' };

const AUDIENCE = 'riffboard-room';
const ALG = 'HS256';

export class LinkTokens {
  constructor(
    private readonly secret: Uint8Array,
    private readonly ttlSeconds: number,
  ) {}

  issue(claims: LinkClaims): Promise<string> {
    return new SignJWT({ role: claims.role, gen: claims.gen })
      .setProtectedHeader({ alg: ALG })
      .setSubject(claims.room)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + this.ttlSeconds)
      .sign(this.secret);
  }

  async verify(token: string): Promise<TokenCheck> {
    try {
      const { payload } = await jwtVerify(token, this.secret, { algorithms: [ALG], audience: AUDIENCE, requiredClaims: ['sub', 'exp'] });
      const { sub, role, gen } = payload;
      if (typeof sub !== 'string' || !isRole(role) || typeof gen !== 'number' || !Number.isInteger(gen))
        return { ok: false, why: 'invalid' };
      return { ok: true, claims: { room: sub, role, gen } };
    } catch (err) {
      return { ok: false, why: err instanceof errors.JWTExpired ? 'expired' : 'invalid' };
    }
  }
}
