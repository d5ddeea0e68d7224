/**
 * A token bucket: `ratePerSecond` tokens flow in continuously up to `burst`; each use takes some.
 *
 * Taking never fails: the balance may go negative, and the caller learns how long until it is
 * back at zero. That is what backpressure needs (SPEC B4): a message that has already arrived is
 * handled, and the connection stops reading until the debt is repaid, so an honest burst is
 * slowed down instead of refused. Hand-written rather than taken from rate-limiter-flexible (which
 * the HTTP side uses): its checks are asynchronous, and sync messages must be handled
 * synchronously and in arrival order.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly ratePerSecond: number,
    readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(ratePerSecond > 0) || !(burst > 0)) throw new RangeError('rate and burst must be positive');
    this.tokens = burst;
    this.last = now();
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) * this.ratePerSecond) / 1000);
    this.last = t;
  }

  /** Takes `n` tokens; returns the milliseconds until the balance is back at zero (0: no debt). */
  take(n: number): number {
    this.refill();
    this.tokens -= n;
    return this.tokens >= 0 ? 0 : (-this.tokens * 1000) / this.ratePerSecond;
  }

  /** The current balance (negative: in debt). */
  get balance(): number {
    this.refill();
    return this.tokens;
  }
}
