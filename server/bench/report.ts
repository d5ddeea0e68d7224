/** Plain-text (Markdown) tables: one row per server, then Riffboard's ratios to each peer. */
import { SERVER_LABEL, type ServerKind } from './servers.ts';

export interface Column {
  readonly key: string;
  readonly header: string;
  /** Decimal places for numbers. */
  readonly digits?: number;
  /** Which direction is better; columns with one get a ratio row entry. */
  readonly better?: 'lower' | 'higher';
}

export type Cell = number | string | undefined;

export interface ServerRow {
  readonly kind: ServerKind;
  /** Shown instead of the kind's label (e.g. a cluster of several instances). */
  readonly label?: string;
  readonly values?: Readonly<Record<string, Cell>>;
  readonly error?: string;
}

export interface ScenarioResult {
  readonly title: string;
  /** One-line description of the load, printed under the title. */
  readonly setup: string;
  readonly columns: readonly Column[];
  readonly rows: readonly ServerRow[];
  readonly notes: readonly string[];
  readonly seconds: number;
}

function fmt(v: Cell, digits = 0): string {
  if (v === undefined) return '–';
  if (typeof v === 'string') return v;
  if (Number.isNaN(v)) return 'n/a';
  if (!Number.isFinite(v)) return String(v);
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function ratioCell(a: Cell, b: Cell): string {
  if (typeof a !== 'number' || typeof b !== 'number' || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return 'n/a';
  const r = a / b;
  return `${r >= 10 ? r.toFixed(1) : r.toFixed(2)}×`;
}

function renderTable(header: string[], body: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ')} |`;
  const sep = `|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), sep, ...body.map(line)].join('\n');
}

export function formatScenario(result: ScenarioResult): string {
  const out: string[] = [];
  out.push(`### ${result.title}`);
  out.push('');
  out.push(result.setup);
  out.push('');
  const header = [
    'server',
    ...result.columns.map((c) => (c.better === undefined ? c.header : `${c.header} ${c.better === 'lower' ? '↓' : '↑'}`)),
  ];
  const body: string[][] = [];
  const errors: string[] = [];
  for (const row of result.rows) {
    if (row.values === undefined) {
      body.push([row.label ?? SERVER_LABEL[row.kind], ...result.columns.map((_, i) => (i === 0 ? 'FAILED' : ''))]);
      errors.push(`${row.label ?? SERVER_LABEL[row.kind]} failed: ${row.error ?? 'unknown error'}`);
      continue;
    }
    const values = row.values;
    body.push([row.label ?? SERVER_LABEL[row.kind], ...result.columns.map((c) => fmt(values[c.key], c.digits))]);
  }
  const riff = result.rows.find((r) => r.kind === 'riffboard')?.values;
  if (riff !== undefined) {
    for (const peer of ['peer-memory', 'peer-leveldb'] as const) {
      const pv = result.rows.find((r) => r.kind === peer)?.values;
      if (pv === undefined) continue;
      body.push([
        `Riffboard / ${peer === 'peer-memory' ? 'memory' : 'LevelDB'}`,
        ...result.columns.map((c) => (c.better === undefined ? '' : ratioCell(riff[c.key], pv[c.key]))),
      ]);
    }
  }
  out.push(renderTable(header, body));
  out.push('');
  for (const e of errors) out.push(`- ${e}`);
  for (const n of result.notes) out.push(`- ${n}`);
  out.push(`- (scenario took ${result.seconds.toFixed(1)} s)`);
  return out.join('\n');
}
