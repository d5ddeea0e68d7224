/**
 * A9: verified link tokens are remembered, keyed by their exact text, and re-checked for expiry on
 * every use; the memory is bounded and never holds a refused token.
 */
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LinkTokens } from '../../src/auth/linkTokens.ts';

const secret = new Uint8Array(crypto.randomBytes(32));
const claims = { room: 'abcdefghijklmnopqrstu', role: 'editor', gen: 1 } as const;

describe('A9 verified-token cache', () => {
  it('A9 a remembered token is refused as expired once its expiry passes', async () => {
    let now = Date.UTC(2030, 0, 1);
    const tokens = new LinkTokens(secret, 60, { now: () => now });
    const token = await tokens.issue(claims);
    expect(await tokens.verify(token)).toEqual({ ok: true, claims });
    expect(tokens.cachedCount).toBe(1);
    now += 59_000;
    expect(await tokens.verify(token)).toEqual({ ok: true, claims });
    now += 1_000;
    expect(await tokens.verify(token)).toEqual({ ok: false, why: 'expired' });
    expect(tokens.cachedCount).toBe(0);
    // Checked from scratch too, it stays expired.
    expect(await tokens.verify(token)).toEqual({ ok: false, why: 'expired' });
  });

  it('A9 a token that differs from a remembered one in any character is verified on its own and refused', async () => {
    const tokens = new LinkTokens(secret, 3600);
    const token = await tokens.issue(claims);
    expect((await tokens.verify(token)).ok).toBe(true);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const flipped = signature.startsWith('A') ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
    const otherRole = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'facilitator' }),
    ).toString('base64url');
    expect(await tokens.verify(`${header}.${payload}.${flipped}`)).toEqual({ ok: false, why: 'invalid' });
    expect(await tokens.verify(`${header}.${otherRole}.${signature}`)).toEqual({ ok: false, why: 'invalid' });
    expect(await new LinkTokens(new Uint8Array(crypto.randomBytes(32)), 3600).verify(token)).toEqual({ ok: false, why: 'invalid' });
    expect(tokens.cachedCount).toBe(1);
  });

  it('A9 the memory is bounded: the least recently used token goes first', async () => {
    const tokens = new LinkTokens(secret, 3600, { cacheSize: 2 });
    const [a, b, c] = await Promise.all([1, 2, 3].map((gen) => tokens.issue({ ...claims, gen })));
    await tokens.verify(a!);
    await tokens.verify(b!);
    await tokens.verify(a!); // a is now the most recently used
    await tokens.verify(c!); // evicts b
    expect(tokens.cachedCount).toBe(2);
    for (const [t, gen] of [
      [a, 1],
      [b, 2],
      [c, 3],
    ] as const)
      expect(await tokens.verify(t!)).toEqual({ ok: true, claims: { ...claims, gen } });
  });
});
