/** A benchmark table's row and the number formats the benchmarks print. */
export interface Row {
  metric: string;
  value: string;
  baseline?: string;
  ratio?: string;
}

export interface Check {
  name: string;
  ok: boolean;
}

export const fmt = (x: number, d = 0): string => (Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : String(x));
export const ms = (x: number): string => (x >= 10_000 ? `${fmt(x / 1000, 1)} s` : `${fmt(x)} ms`);
export const mib = (b: number): string => `${fmt(b / 2 ** 20)} MiB`;
export const pct = (x: number, d = 2): string => `${fmt(Math.abs(x) < 1e-12 ? 0 : 100 * x, d)} %`;
