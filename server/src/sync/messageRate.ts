/**
 * Messages per second for one connection, as a fixed one-second window.
 *
 * Hand-written rather than taken from rate-limiter-flexible (which the HTTP side uses): that
 * library's checks are asynchronous, and sync messages must be handled synchronously and in
 * arrival order, so a check has to answer before the next message is looked at.
 */
export class MessageRate {
  private windowStart = 0;
  private count = 0;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one message; false when it is over the limit. */
  take(): boolean {
    const t = this.now();
    if (t - this.windowStart >= 1000) {
      this.windowStart = t;
      this.count = 0;
    }
    return ++this.count <= this.perSecond;
  }
}
