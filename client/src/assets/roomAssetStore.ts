/**
 * tldraw's asset store for a room: images go to the room's asset store on the server, the record in
 * the doc keeps only the token-free address (`/api/rooms/<id>/assets/<sha256>`), and `resolve`
 * adds this tab's link token at display time. A link that is later replaced therefore never sits
 * in the document, and everyone resolves the same record with their own token.
 */
import type { TLAssetStore } from 'tldraw';
import { assetSrc, uploadAsset } from './assetUpload.ts';
import { uploadProgress } from './uploadProgress.ts';

const ASSET_PATH = /^\/api\/rooms\/[^/?#]+\/assets\/[0-9a-f]{64}$/;

export function roomAssetStore(roomId: string, token: string | null): TLAssetStore {
  return {
    async upload(_asset, file, signal) {
      const id = uploadProgress.start(file.name);
      try {
        const uploaded = await uploadAsset({
          roomId,
          token,
          file,
          kind: 'image',
          onProgress: (f) => uploadProgress.progress(id, f),
          ...(signal ? { signal } : {}),
        });
        uploadProgress.done(id);
        return { src: uploaded.url };
      } catch (err) {
        uploadProgress.fail(id, err instanceof Error ? err.message : String(err));
        throw err;
      }
    },
    resolve(asset) {
      const src = asset.props.src;
      if (!src) return null;
      // Our own assets get this tab's token; anything else (an older data: URL preview) as is.
      return ASSET_PATH.test(src) ? assetSrc(src, token) : src;
    },
  };
}
