/**
 * Inline fields of the selected section. Name, bars and key are the section's own (the form);
 * BPM, meter and "to next" are the tempo track's at the section's first bar (the point and meter
 * change there, created when missing). A field is written when it loses focus or on Enter, as one
 * edit; invalid input is refused whole with the rule in words (T6.4) and the field reverts.
 */
import { useEffect, useState } from 'react';
import { LIMITS, METER_DENOMINATORS, type Section, type SectionPatch, type TempoShape } from '@riffboard/shared';
import type { SectionCommands } from './useSectionCommands.ts';

export interface SectionEditorProps {
  readonly section: Section;
  readonly canEdit: boolean;
  readonly atStart: NonNullable<SectionCommands['atStart']>;
  /** Each applies an edit; returns an error sentence, or undefined when it was written. */
  onPatch(patch: SectionPatch): string | undefined;
  onTempo(bpm: number): string | undefined;
  onMeter(m: { numerator?: number; denominator?: number }): string | undefined;
  onShape(shape: TempoShape): string | undefined;
}

function Field({
  label,
  value,
  onCommit,
  disabled,
  ...input
}: { label: string; value: string; onCommit: (v: string) => void; disabled: boolean } & Omit<
  React.InputHTMLAttributes<HTMLInputElement>,
  'value' | 'onChange'
>) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const commit = (): void => {
    if (draft !== value) onCommit(draft);
  };
  return (
    <label className="rb-tempo-field">
      <span>{label}</span>
      <input
        {...input}
        value={draft}
        disabled={disabled}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setDraft(value);
        }}
      />
    </label>
  );
}

export function SectionEditor({ section, canEdit, atStart, onPatch, onTempo, onMeter, onShape }: SectionEditorProps) {
  const [error, setError] = useState<string | undefined>();
  useEffect(() => setError(undefined), [section.id]);
  const patch = (p: SectionPatch): void => setError(onPatch(p));
  const num = (v: string): number => (v.trim() === '' ? NaN : Number(v));
  return (
    <div className="rb-tempo-editor" aria-label={`Edit ${section.name}`}>
      <div className="rb-tempo-editor-grid">
        <Field
          label="Name"
          value={section.name}
          maxLength={LIMITS.nameLength}
          disabled={!canEdit}
          onCommit={(v) => patch({ name: v })}
          className="rb-tempo-name-input"
        />
        <Field
          label="Bars"
          value={String(section.bars)}
          inputMode="numeric"
          disabled={!canEdit}
          onCommit={(v) => patch({ bars: num(v) })}
        />
        <Field
          label="BPM"
          value={String(atStart.bpm)}
          inputMode="decimal"
          disabled={!canEdit}
          onCommit={(v) => setError(onTempo(num(v)))}
        />
        <label className="rb-tempo-field rb-tempo-meter-field">
          <span>Meter</span>
          <span className="rb-tempo-meter-inputs">
            <MeterNumerator value={atStart.numerator} disabled={!canEdit} onCommit={(n) => setError(onMeter({ numerator: n }))} />
            <span aria-hidden="true">/</span>
            <select
              value={atStart.denominator}
              disabled={!canEdit}
              onChange={(e) => setError(onMeter({ denominator: Number(e.target.value) }))}
              aria-label="Beat note"
            >
              {METER_DENOMINATORS.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </span>
        </label>
        <label className="rb-tempo-field">
          <span>To next</span>
          <select
            value={atStart.shape === 'jump' ? 'jump' : 'ramp'}
            disabled={!canEdit}
            onChange={(e) => setError(onShape(e.target.value === 'ramp' ? 'ramp' : 'jump'))}
          >
            <option value="jump">Jump</option>
            <option value="ramp">Ramp</option>
          </select>
        </label>
        <Field
          label="Key"
          value={section.key ?? ''}
          placeholder="—"
          disabled={!canEdit}
          onCommit={(v) => patch({ key: v.trim() === '' ? null : v })}
        />
      </div>
      {error && (
        <p className="rb-error rb-tempo-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function MeterNumerator({ value, disabled, onCommit }: { value: number; disabled: boolean; onCommit: (n: number) => void }) {
  const [draft, setDraft] = useState(String(value));
  useEffect(() => setDraft(String(value)), [value]);
  const commit = (): void => {
    if (draft !== String(value)) onCommit(draft.trim() === '' ? NaN : Number(draft));
  };
  return (
    <input
      aria-label="Beats per bar"
      inputMode="numeric"
      value={draft}
      disabled={disabled}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
    />
  );
}
