/** Progress bars and failures for uploads started in this tab (board drops, references panel). */
import { useUploads, uploadProgress } from '../assets/uploadProgress.ts';

export function UploadOverlay() {
  const uploads = useUploads();
  if (uploads.length === 0) return null;
  return (
    <div className="rb-uploads" data-testid="uploads">
      {uploads.map((u) =>
        u.error ? (
          <div key={u.id} className="rb-upload rb-upload-failed" role="alert">
            <span className="rb-upload-msg">{u.error}</span>
            <button type="button" className="rb-upload-close" aria-label="Dismiss" onClick={() => uploadProgress.dismiss(u.id)}>
              ×
            </button>
          </div>
        ) : (
          <div key={u.id} className="rb-upload" role="status">
            <span className="rb-upload-name">Uploading {u.name}</span>
            <progress max={1} value={u.fraction} aria-label={`Uploading ${u.name}`} />
            <span className="rb-upload-pct">{Math.round(u.fraction * 100)}%</span>
          </div>
        ),
      )}
    </div>
  );
}
