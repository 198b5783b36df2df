/**
 * The perspective map as a picture (for slides, print and 地福TV): perspectives by theme, each
 * bar split by generation (small generations merged, as in byGeneration), and the consensus
 * statements below. Plain SVG, built by hand: no script, no external font or image (the generic
 * sans-serif family, whichever Japanese font the viewer has).
 */
import { GENERATION_LABEL, type Generation } from '../committee.enums.js';
import { xmlText } from '../../common/text/xml.js';

export interface SvgInput {
  title: string;
  perspectives: number;
  participants: number;
  rows: { label: string; counts: Map<Generation | null, number> }[];
  buckets: (Generation | null)[];
  consensus: string[];
  summary: string;
}

const COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f'];
const OTHER_COLOR = '#bab0ac';

/** XML-safe text (see common/text/xml.ts): every XML writer strips what XML 1.0 cannot hold. */
export const escapeXml = xmlText;

/** Japanese has no spaces: lines are cut by characters (about two per em for full-width text). */
function wrap(text: string, perLine: number, maxLines: number): string[] {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  const lines: string[] = [];
  for (let i = 0; i < chars.length && lines.length < maxLines; i += perLine) lines.push(chars.slice(i, i + perLine).join(''));
  if (chars.length > perLine * maxLines) lines[lines.length - 1] = `${[...lines[lines.length - 1]].slice(0, perLine - 1).join('')}…`;
  return lines;
}

export function renderMapSvg(m: SvgInput): string {
  const width = 960;
  const left = 170;
  const right = 40;
  const barH = 26;
  const gap = 10;
  const top = 110;
  const rows = m.rows.slice(0, 16);
  const max = Math.max(1, ...rows.map((r) => [...r.counts.values()].reduce((a, b) => a + b, 0)));
  const scale = (width - left - right - 40) / max;
  const color = (g: Generation | null, i: number) => (g === null ? OTHER_COLOR : COLORS[i % COLORS.length]);
  const out: string[] = [];
  let y = top;

  out.push(`<text x="24" y="40" font-size="24" font-weight="bold">${escapeXml(`視点マップ：${m.title}`)}</text>`);
  out.push(`<text x="24" y="70" font-size="15" fill="#444">${escapeXml(`視点 ${m.perspectives}件・参加 ${m.participants}人　テーマ別の視点の数（世代ごと）`)}</text>`);
  // legend
  let lx = 24;
  m.buckets.forEach((g, i) => {
    const label = g === null ? 'その他・未回答' : GENERATION_LABEL[g];
    out.push(`<rect x="${lx}" y="82" width="14" height="14" fill="${color(g, i)}"/><text x="${lx + 18}" y="94" font-size="13">${escapeXml(label)}</text>`);
    lx += 26 + [...label].length * 14;
  });
  if (!rows.length) {
    out.push(`<text x="24" y="${y + 20}" font-size="16" fill="#666">まだ視点は寄せられていません。</text>`);
    y += 40;
  }
  for (const r of rows) {
    out.push(`<text x="${left - 10}" y="${y + barH * 0.7}" font-size="15" text-anchor="end">${escapeXml(r.label)}</text>`);
    let x = left;
    m.buckets.forEach((g, i) => {
      const n = r.counts.get(g) ?? 0;
      if (!n) return;
      const w = Math.max(1, n * scale);
      out.push(`<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${barH}" fill="${color(g, i)}"><title>${escapeXml(`${r.label}・${g === null ? 'その他・未回答' : GENERATION_LABEL[g]}: ${n}件`)}</title></rect>`);
      x += w;
    });
    const total = [...r.counts.values()].reduce((a, b) => a + b, 0);
    out.push(`<text x="${(x + 6).toFixed(1)}" y="${y + barH * 0.7}" font-size="13" fill="#333">${total}</text>`);
    y += barH + gap;
  }
  y += 20;
  out.push(`<text x="24" y="${y}" font-size="18" font-weight="bold">みんなが賛同した視点</text>`);
  y += 10;
  const consensus = m.consensus.slice(0, 5);
  if (!consensus.length) {
    y += 24;
    out.push(`<text x="24" y="${y}" font-size="14" fill="#666">（まだ見つかっていません）</text>`);
  }
  for (const text of consensus) {
    const lines = wrap(text, 56, 2);
    y += 24;
    out.push(`<rect x="24" y="${y - 15}" width="6" height="${lines.length * 20}" fill="#59a14f"/>`);
    lines.forEach((line, i) => out.push(`<text x="40" y="${y + i * 20}" font-size="15">${escapeXml(line)}</text>`));
    y += (lines.length - 1) * 20 + 6;
  }
  y += 30;
  for (const line of wrap(m.summary, 60, 4)) {
    out.push(`<text x="24" y="${y}" font-size="13" fill="#444">${escapeXml(line)}</text>`);
    y += 18;
  }
  const height = y + 20;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="'Noto Sans CJK JP', 'Hiragino Sans', 'Yu Gothic', sans-serif" role="img" aria-label="${escapeXml(`視点マップ：${m.title}`)}">` +
    `<rect width="100%" height="100%" fill="#ffffff"/>` +
    out.join('') +
    `</svg>\n`
  );
}
