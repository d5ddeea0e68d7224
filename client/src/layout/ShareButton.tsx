/** Copies the room's address; anyone with the link can join. */
import { useEffect, useState } from 'react';

export function ShareButton({ url }: { url: string }) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (copied === 'idle') return;
    const t = setTimeout(() => setCopied('idle'), 2000);
    return () => clearTimeout(t);
  }, [copied]);
  const copy = (): void => {
    navigator.clipboard.writeText(url).then(
      () => setCopied('copied'),
      () => setCopied('failed'),
    );
  };
  return (
    <button type="button" className="rb-button rb-button-primary rb-share" onClick={copy} title={url} data-testid="share">
      {copied === 'copied' ? 'Link copied' : copied === 'failed' ? 'Copy failed — use the address bar' : 'Share'}
    </button>
  );
}
