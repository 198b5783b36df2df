/** bench:matching's step 6: the table on stdout, and with --markdown a section for bench/RESULTS.md. */
import { appendFileSync } from 'node:fs';
import type { Machine } from './machine.js';
import type { Check, Row } from './rows.js';

export function printReport(r: {
  title: string;
  date: string;
  command: string;
  machine: Machine;
  pgVersion: string;
  contention: string;
  setup: string;
  rows: Row[];
  checks: Check[];
  markdown: boolean;
  markdownFile?: string;
}): void {
  const { rows, checks } = r;
  const w = [Math.max(...rows.map((x) => x.metric.length)), Math.max(...rows.map((x) => x.value.length)), Math.max(...rows.map((x) => (x.baseline ?? '').length))];
  const pad = (s: string, n: number): string => s + ' '.repeat(Math.max(0, n - [...s].length));
  console.log(`\n=== ${r.title} — ${r.date}`);
  console.log(`${r.machine.cpuModel}, ${r.machine.cpus} CPUs, ${r.machine.memTotal}, node ${r.machine.node}, PostgreSQL ${r.pgVersion}; ${r.contention}`);
  console.log(r.setup);
  console.log(`${pad('metric', w[0])}  ${pad('value', w[1])}  ${pad('baseline (same run)', w[2])}  ratio`);
  console.log('-'.repeat(w[0] + w[1] + w[2] + 20));
  for (const x of rows) console.log(`${pad(x.metric, w[0])}  ${pad(x.value, w[1])}  ${pad(x.baseline ?? '', w[2])}  ${x.ratio ?? ''}`);
  console.log('');
  for (const c of checks) console.log(`${c.ok ? 'PASS' : 'FAIL'}  ${c.name}`);
  if (!r.markdown) return;
  const md = [
    `### ${r.title}`,
    '',
    `${r.date} · \`${r.command}\` · ${r.contention}`,
    '',
    r.setup,
    '',
    '| metric | value | baseline (same run) | ratio |',
    '| --- | --- | --- | --- |',
    ...rows.map((x) => `| ${[x.metric.replace(/^ {2}/, '↳ '), x.value, x.baseline ?? '', x.ratio ?? ''].map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`),
    '',
    ...checks.map((c) => `- ${c.ok ? '✅ PASS' : '❌ FAIL'} ${c.name}`),
    '',
  ].join('\n');
  console.log(`\n${md}`);
  if (r.markdownFile) appendFileSync(r.markdownFile, `${md}\n`);
}
