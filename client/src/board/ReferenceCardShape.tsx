/**
 * The `reference-card` shape: a reference placed on the moodboard — title, a small waveform and a
 * play button. Clicking the card opens the reference in the References panel. The shape stores only
 * the reference id; title, duration and peaks are read live from the doc and the asset store.
 * Deleting a reference removes its cards with it (shared `deleteReference`); a card someone placed
 * at the same moment may survive the merge and then says the reference was removed.
 */
import {
  BaseBoxShapeUtil,
  HTMLContainer,
  createShapeId,
  useEditor,
  type Editor,
  type RecordProps,
  type TLShape,
  type VecLike,
} from 'tldraw';
import { bucketCount, REFERENCE_CARD_SHAPE, type Peaks } from '@riffboard/shared';
import { referenceCardProps } from '@riffboard/shared/board';
import { useCanEdit, useRoom } from '../room/roomHooks.ts';
import { openReference } from '../references/referenceSelection.ts';
import { formatTime, usePeaks, usePlayer, useReference } from '../references/referencesHooks.ts';

// The type name lives in shared/ so that deleting a reference can find its cards in the doc.
export const REFERENCE_CARD = REFERENCE_CARD_SHAPE;

declare module 'tldraw' {
  export interface TLGlobalShapePropsMap {
    [REFERENCE_CARD]: { w: number; h: number; referenceId: string };
  }
}

export type ReferenceCardShape = TLShape<typeof REFERENCE_CARD>;

export class ReferenceCardShapeUtil extends BaseBoxShapeUtil<ReferenceCardShape> {
  static override type = REFERENCE_CARD;
  // The same validators the server checks board records with (shared boardSchema.ts).
  static override props: RecordProps<ReferenceCardShape> = referenceCardProps;

  override getDefaultProps(): ReferenceCardShape['props'] {
    return { w: 280, h: 120, referenceId: '' };
  }

  override canEdit(): boolean {
    return false;
  }

  override component(shape: ReferenceCardShape) {
    return (
      <HTMLContainer className="rb-card-container" style={{ width: shape.props.w, height: shape.props.h, pointerEvents: 'all' }}>
        <ReferenceCard referenceId={shape.props.referenceId} />
      </HTMLContainer>
    );
  }

  override getIndicatorPath(shape: ReferenceCardShape): Path2D {
    const path = new Path2D();
    path.roundRect(0, 0, shape.props.w, shape.props.h, 12);
    return path;
  }
}

function MiniWave({ peaks, progress }: { peaks: Peaks; progress: number }) {
  const bars = 48;
  const n = bucketCount(peaks);
  return (
    <svg className="rb-card-wave" viewBox={`0 0 ${bars * 4} 40`} preserveAspectRatio="none" aria-hidden="true">
      {Array.from({ length: bars }, (_, i) => {
        let hi = 0;
        for (let b = Math.floor((i * n) / bars); b < Math.floor(((i + 1) * n) / bars); b++)
          hi = Math.max(hi, Math.abs(peaks.minMax[b * 2] ?? 0), peaks.minMax[b * 2 + 1] ?? 0);
        const h = Math.max(2, hi * 38);
        return <rect key={i} x={i * 4} y={20 - h / 2} width={2.5} height={h} fill={i / bars < progress ? '#f5a524' : '#6f6a7d'} />;
      })}
    </svg>
  );
}

function ReferenceCard({ referenceId }: { referenceId: string }) {
  const room = useRoom();
  const editor = useEditor();
  const canEdit = useCanEdit();
  const ref = useReference(room, referenceId);
  const peaks = usePeaks(room, ref, canEdit);
  const { player, state } = usePlayer(room);
  const mine = state.referenceId === referenceId;
  if (!ref) return <div className="rb-card rb-card-missing">This reference was removed.</div>;
  const duration = ref.durationSeconds ?? (peaks.kind === 'ready' ? peaks.peaks.durationSeconds : undefined);
  const progress = mine && duration ? player.position() / duration : 0;
  return (
    <div className="rb-card" data-testid="reference-card" onClick={() => openReference(referenceId)}>
      <div className="rb-card-top">
        {ref.kind === 'audio' && (
          <button
            type="button"
            className="rb-card-play"
            aria-label={mine && state.playing ? `Pause ${ref.title}` : `Play ${ref.title}`}
            onPointerDown={editor.markEventAsHandled}
            onClick={(e) => {
              e.stopPropagation();
              if (mine && state.playing) player.pauseLocal();
              else void player.playLocal(referenceId, mine ? player.position() : 0);
            }}
          >
            {mine && state.playing ? '❚❚' : '▶'}
          </button>
        )}
        <div className="rb-card-text">
          <div className="rb-card-title">{ref.title}</div>
          <div className="rb-card-meta">
            {ref.addedBy}
            {duration !== undefined ? ` · ${formatTime(duration)}` : ''}
          </div>
        </div>
      </div>
      {ref.kind === 'audio' && peaks.kind === 'ready' && <MiniWave peaks={peaks.peaks} progress={progress} />}
      {ref.kind === 'audio' && peaks.kind === 'error' && <div className="rb-card-error">Couldn’t decode this file.</div>}
      {ref.kind === 'link' && <div className="rb-card-meta rb-card-url">{ref.url}</div>}
    </div>
  );
}

/** Places a card for a reference on the canvas, centred on `at` (page coordinates). */
export function placeReferenceCard(editor: Editor, referenceId: string, at: VecLike): void {
  editor.createShape({ id: createShapeId(), type: REFERENCE_CARD, x: at.x - 140, y: at.y - 60, props: { referenceId, w: 280, h: 120 } });
}

export const boardShapeUtils = [ReferenceCardShapeUtil] as const;
