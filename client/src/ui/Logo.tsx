/** The Riffboard mark and name; links home. */
export function Logo({ size = 'small' }: { size?: 'small' | 'large' }) {
  return (
    <a href="/" className={`rb-logo rb-logo-${size}`} aria-label="Riffboard home">
      <svg viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="8" fill="#2a2633" />
        <path d="M11 22V9l12-3v13" fill="none" stroke="#f5a524" strokeWidth="2.5" strokeLinecap="round" strokeLinejoin="round" />
        <circle cx="8.5" cy="22" r="3" fill="#f5a524" />
        <circle cx="20.5" cy="19" r="3" fill="#f5a524" />
      </svg>
      <span>Riffboard</span>
    </a>
  );
}
