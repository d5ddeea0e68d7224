/**
 * Which of a room's log entries an instance's document holds, by seq (seqs are gap-free per room,
 * see PostgresDocStore). `contiguous` is the highest seq such that every seq up to it is in;
 * ranges that arrived out of order wait in `ahead` until the hole before them is filled, by a
 * late fan-out message or by reading the store.
 */
export class SeqTracker {
  private ahead: Array<[from: number, to: number]> = [];

  constructor(private covered: number) {}

  /** Every seq up to this one is in the document. */
  get contiguous(): number {
    return this.covered;
  }

  /** Whether some seqs after {@link contiguous} are known to be missing. */
  get hasGap(): boolean {
    return this.ahead.length > 0;
  }

  /** Records that seqs `from`..`to` (inclusive) are in the document. */
  add(from: number, to: number): void {
    if (to <= this.covered) return;
    if (from > this.covered + 1) {
      this.ahead.push([from, to]);
      this.ahead.sort((a, b) => a[0] - b[0]);
      return;
    }
    this.covered = to;
    this.absorb();
  }

  /** Records that every seq up to `seq` is in the document (after reading the store). */
  advanceTo(seq: number): void {
    if (seq > this.covered) this.covered = seq;
    this.absorb();
  }

  private absorb(): void {
    while (this.ahead.length > 0 && this.ahead[0]![0] <= this.covered + 1) {
      this.covered = Math.max(this.covered, this.ahead.shift()![1]);
    }
  }
}
