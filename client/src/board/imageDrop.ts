/**
 * What happens when files are dropped or pasted onto the moodboard.
 *
 * Images: uploaded first (progress bar in the board overlay), and only once the server has the file
 * are the asset record and the image shape created — in one step, so others see the finished image
 * as soon as it exists and a failed upload leaves nothing behind (tldraw's default handler creates
 * the shape first and leaves an empty frame when the upload fails). Failures show the server's
 * sentence. Audio files become references (panel + a reference card at the drop point).
 */
import { AssetRecordType, createShapeId, MediaHelpers, Vec, type Editor, type TLImageAsset, type VecLike } from 'tldraw';
import { ACCEPTED_TYPES_SENTENCE } from '@riffboard/shared';
import { guessKind, UploadError, uploadAsset } from '../assets/assetUpload.ts';
import { uploadProgress } from '../assets/uploadProgress.ts';

const MAX_DISPLAY = 480;

export interface DropContext {
  readonly roomId: string;
  readonly token: string | null;
  /**
   * Why this tab may not add anything right now (a sentence), or null when it may. Read at each
   * drop: the facilitator's lock (F6) comes and goes while the board is open.
   */
  readonly editBlock: () => string | null;
  /** Adds an audio reference for a dropped audio file; resolves to its id, or undefined when it failed. */
  readonly addAudio: (file: File) => Promise<string | undefined>;
  readonly placeCard: (editor: Editor, referenceId: string, at: VecLike) => void;
}

/** Handles files put on the board; returns a function that stops the refusal notices. */
export function registerFileDrop(editor: Editor, ctx: DropContext): () => void {
  // tldraw ignores a drop on a read-only editor without a word (viewers, and everybody but the
  // facilitator while the board is locked), so the refusal is said here, before tldraw sees it.
  const container = editor.getContainer();
  const onDrop = (e: DragEvent): void => {
    const files = e.dataTransfer?.files;
    const block = ctx.editBlock();
    if (!block || !files?.length || !editor.getIsReadonly()) return;
    uploadProgress.failNow(files[0]?.name ?? 'file', block);
  };
  container.addEventListener('drop', onDrop, true);
  editor.registerExternalContentHandler('files', ({ files, point }) => {
    const at = point ?? editor.getViewportPageBounds().center;
    const block = ctx.editBlock();
    if (block) {
      uploadProgress.failNow(files[0]?.name ?? 'file', block);
      return;
    }
    files.forEach((file, i) => {
      const p = new Vec(at.x + i * 40, at.y + i * 40);
      const kind = guessKind(file);
      if (kind === 'audio') {
        void ctx.addAudio(file).then((refId) => refId && ctx.placeCard(editor, refId, p));
      } else if (kind === 'image') {
        void dropImage(editor, ctx, file, p);
      } else {
        uploadProgress.failNow(file.name, `“${file.name}” isn’t a file Riffboard can use. Use ${ACCEPTED_TYPES_SENTENCE}.`);
      }
    });
  });
  return () => container.removeEventListener('drop', onDrop, true);
}

async function dropImage(editor: Editor, ctx: DropContext, file: File, at: VecLike): Promise<void> {
  const id = uploadProgress.start(file.name);
  try {
    const uploaded = await uploadAsset({
      roomId: ctx.roomId,
      token: ctx.token,
      file,
      kind: 'image',
      onProgress: (f) => uploadProgress.progress(id, f),
    });
    // Size from the bytes the browser can decode; a file the server took but the browser can't
    // draw still gets a sensible frame.
    const size = await MediaHelpers.getImageSize(file).catch(() => ({ w: 320, h: 240 }));
    const scale = Math.min(1, MAX_DISPLAY / Math.max(size.w, size.h, 1));
    const w = Math.max(1, Math.round(size.w * scale));
    const h = Math.max(1, Math.round(size.h * scale));
    const assetId = AssetRecordType.createId();
    const asset: TLImageAsset = {
      id: assetId,
      typeName: 'asset',
      type: 'image',
      meta: { assetStoreId: uploaded.id },
      props: {
        name: uploaded.name || file.name,
        src: uploaded.url,
        w: size.w,
        h: size.h,
        mimeType: uploaded.mime,
        isAnimated: uploaded.mime === 'image/gif',
        fileSize: uploaded.size,
      },
    };
    editor.run(() => {
      editor.createAssets([asset]);
      editor.createShape({ id: createShapeId(), type: 'image', x: at.x - w / 2, y: at.y - h / 2, props: { assetId, w, h } });
    });
    uploadProgress.done(id);
  } catch (err) {
    uploadProgress.fail(id, err instanceof UploadError || err instanceof Error ? err.message : String(err));
  }
}
