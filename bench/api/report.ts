/** Tables for `npm run bench:api`: aligned text for the terminal, or markdown for bench/RESULTS.md. */

export interface Table {
  title: string;
  headers: string[];
  /** true: right-aligned (numbers) */
  right?: boolean[];
  rows: string[][];
  notes?: string[];
}

const width = (s: string): number => [...s].reduce((w, ch) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1), 0);
const pad = (s: string, n: number, right = false): string => (right ? ' '.repeat(Math.max(0, n - width(s))) + s : s + ' '.repeat(Math.max(0, n - width(s))));

export function renderText(t: Table): string {
  const w = t.headers.map((h, i) => Math.max(width(h), ...t.rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]): string => cells.map((c, i) => pad(c, w[i], t.right?.[i])).join('  ').trimEnd();
  return [
    t.title,
    line(t.headers),
    w.map((n) => '-'.repeat(n)).join('  '),
    ...t.rows.map(line),
    ...(t.notes ?? []).map((n) => `  ${n}`),
  ].join('\n');
}

export function renderMarkdown(t: Table, level = '###'): string {
  const esc = (s: string): string => s.replace(/\|/g, '\\|');
  return [
    `${level} ${t.title}`,
    '',
    `| ${t.headers.map(esc).join(' | ')} |`,
    `| ${t.headers.map((_, i) => (t.right?.[i] ? '---:' : '---')).join(' | ')} |`,
    ...t.rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
    ...(t.notes?.length ? ['', ...t.notes.map((n) => `- ${n}`)] : []),
  ].join('\n');
}

export const fmt = (x: number, d = 0): string => (Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : '–');
export const ratio = (a: number, b: number, d = 2): string => (b > 0 && Number.isFinite(a / b) ? `${fmt(a / b, d)}×` : '–');
export const pct = (a: number, b: number): string => (b > 0 && Number.isFinite(a / b) ? `${fmt((100 * a) / b, 1)} %` : '–');
export const msFmt = (x: number): string => (x >= 10_000 ? `${fmt(x / 1000, 1)} s` : `${fmt(x)} ms`);
export const bytesFmt = (b: number): string => (b >= 10 * 1024 ? `${fmt(b / 1024, 1)} KiB` : `${fmt(b)} B`);
