/**
 * The server's clock for the clock-sync exchange and the shared transport: milliseconds since the
 * Unix epoch at sub-millisecond resolution, from the monotonic high-resolution timer (so it never
 * jumps when the system clock is adjusted while the process runs).
 */
export function serverNow(): number {
  return performance.timeOrigin + performance.now();
}
