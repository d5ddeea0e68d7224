/** How the Versions panel writes a version's time: relative when recent, else a date and time. */
export function versionTime(at: number, now: number = Date.now()): string {
  const s = Math.round((now - at) / 1000);
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 24 && new Date(at).getDate() === new Date(now).getDate()) return `${h} h ago`;
  return new Date(at).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}
