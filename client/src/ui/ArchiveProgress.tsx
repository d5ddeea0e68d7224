/** A progress bar for an archive going up or down: bytes so far of the total, as a person reads sizes. */
import type { ArchiveProgress as Progress } from '../room/roomArchive.ts';

const MB = 1024 * 1024;

export function formatBytes(n: number): string {
  if (n >= MB) return `${(n / MB).toFixed(n >= 100 * MB ? 0 : 1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}

export function ArchiveProgress({ progress, label }: { progress: Progress; label: string }) {
  const { loaded, total } = progress;
  const pct = total ? Math.min(100, Math.floor((loaded / total) * 100)) : null;
  return (
    <div className="rb-archive-progress" role="status">
      {/* A drawn bar rather than <progress>, whose look each browser decides (and Chromium's ignores the theme). */}
      <div
        className={`rb-archive-bar${pct === null ? ' rb-archive-bar-unknown' : ''}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        {...(total !== null ? { 'aria-valuemax': total, 'aria-valuenow': loaded } : {})}
      >
        <span style={{ width: `${pct ?? 100}%` }} />
      </div>
      <span className="rb-archive-bytes">
        {formatBytes(loaded)}
        {total !== null ? ` of ${formatBytes(total)}` : ''}
        {pct !== null ? ` · ${pct}%` : ''}
      </span>
    </div>
  );
}
