/**
 * The perspective map as a picture (for slides, print and 地福TV): where the participants stand
 * (one dot per clustered participant on the map's two axes, coloured by opinion group) with each
 * group's label and representative statements beside it; perspectives by theme, each bar split by
 * generation (small generations merged, as in byGeneration); the statements agreed across groups
 * and those that divide them; the summary. Plain SVG built by hand: no script, nothing fetched;
 * the Japanese font is embedded as a subset of the glyphs drawn (svg-font.ts), and lines break
 * after the Japanese rules (src/lib/text/line-break.ts).
 */
import { GENERATION_LABEL, type Generation } from '../committee.enums.js';
import { xmlText } from '../../lib/text/xml.js';
import { wrapJapanese } from '../../lib/text/line-break.js';
import { emWidth, fontSubset, MAP_FONT_FAMILY } from './svg-font.js';

export interface SvgGroup {
  label: string;
  size: number;
  representatives: { text: string; direction: 'AGREE' | 'DISAGREE' }[];
}

export interface SvgInput {
  title: string;
  perspectives: number;
  participants: number;
  rows: { label: string; counts: Map<Generation | null, number> }[];
  buckets: (Generation | null)[];
  groups: SvgGroup[];
  points: { x: number; y: number; group: number }[];
  /** agreed in every group; when empty, `shared` (the top of consensusRanked) is shown instead */
  consensus: string[];
  shared: string[];
  divisive: string[];
  summary: string;
}

const COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f'];
const OTHER_COLOR = '#bab0ac';
export const GROUP_COLORS = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e'];
const WIDTH = 960;
/** more dots than this are drawn as one dot per small square of the plot and group, sized by count */
const MAX_DOTS = 2000;

/** XML-safe text (see src/lib/text/xml.ts): every XML writer strips what XML 1.0 cannot hold. */
export const escapeXml = xmlText;

export const groupLetter = (g: number) => String.fromCharCode(65 + g);

/** Collects the drawing and every character drawn (for the font subset). */
class Canvas {
  readonly parts: string[] = [];
  chars = '';
  text(x: number, y: number, size: number, content: string, attrs = ''): void {
    this.chars += content;
    this.parts.push(`<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-size="${size}"${attrs ? ` ${attrs}` : ''}>${escapeXml(content)}</text>`);
  }
  /** Wrapped text; returns the y below it. */
  para(x: number, y: number, size: number, content: string, width: number, maxLines: number, lineHeight = size * 1.45, attrs = ''): number {
    const lines = wrapJapanese(content, width, (s) => emWidth(s) * size, maxLines);
    lines.forEach((line, i) => this.text(x, y + i * lineHeight, size, line, attrs));
    return y + lines.length * lineHeight;
  }
  raw(s: string): void {
    this.parts.push(s);
  }
}

function drawPoints(c: Canvas, m: SvgInput, x0: number, y0: number, w: number, h: number): void {
  c.raw(`<rect x="${x0}" y="${y0}" width="${w}" height="${h}" fill="#fafafa" stroke="#ddd"/>`);
  if (!m.points.length) {
    c.text(x0 + 16, y0 + h / 2, 14, '（点を描くには、7人以上が賛否を示す必要があります）', 'fill="#666"');
    return;
  }
  const xs = m.points.map((p) => p.x);
  const ys = m.points.map((p) => p.y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const pad = 14;
  const sx = (x: number) => (maxX > minX ? x0 + pad + ((x - minX) / (maxX - minX)) * (w - 2 * pad) : x0 + w / 2);
  const sy = (y: number) => (maxY > minY ? y0 + h - pad - ((y - minY) / (maxY - minY)) * (h - 2 * pad) : y0 + h / 2);
  if (minX < 0 && maxX > 0) c.raw(`<line x1="${sx(0).toFixed(1)}" y1="${y0}" x2="${sx(0).toFixed(1)}" y2="${y0 + h}" stroke="#e3e3e3"/>`);
  if (minY < 0 && maxY > 0) c.raw(`<line x1="${x0}" y1="${sy(0).toFixed(1)}" x2="${x0 + w}" y2="${sy(0).toFixed(1)}" stroke="#e3e3e3"/>`);
  // participants at the same place are one dot, larger
  const cell = m.points.length > MAX_DOTS ? 4 : 0.5;
  const dots = new Map<string, { x: number; y: number; g: number; n: number }>();
  for (const p of m.points) {
    const [px, py] = [sx(p.x), sy(p.y)];
    const key = `${p.group}:${Math.round(px / cell)}:${Math.round(py / cell)}`;
    const d = dots.get(key);
    if (d) d.n++;
    else dots.set(key, { x: px, y: py, g: p.group, n: 1 });
  }
  for (const d of dots.values()) {
    c.raw(`<circle cx="${d.x.toFixed(1)}" cy="${d.y.toFixed(1)}" r="${(4 + 2 * Math.sqrt(d.n - 1)).toFixed(1)}" fill="${GROUP_COLORS[d.g % GROUP_COLORS.length]}" fill-opacity="0.75" stroke="#fff" stroke-width="0.8"/>`);
  }
  // each group's letter at its centre
  m.groups.forEach((_, g) => {
    const own = m.points.filter((p) => p.group === g);
    if (!own.length) return;
    const cx = sx(own.reduce((a, p) => a + p.x, 0) / own.length);
    const cy = sy(own.reduce((a, p) => a + p.y, 0) / own.length);
    c.text(cx - 7, cy + 7, 20, groupLetter(g), `font-weight="bold" fill="#222" stroke="#fff" stroke-width="3" paint-order="stroke"`);
  });
}

function drawGroups(c: Canvas, m: SvgInput, x0: number, y: number, w: number): number {
  m.groups.forEach((g, i) => {
    const color = GROUP_COLORS[i % GROUP_COLORS.length];
    c.raw(`<rect x="${x0}" y="${(y - 13).toFixed(1)}" width="14" height="14" rx="7" fill="${color}"/>`);
    y = c.para(x0 + 20, y, 15, `グループ${groupLetter(i)}（${g.size}人）：${g.label}`, w - 20, 2, 20, 'font-weight="bold"');
    for (const r of g.representatives.slice(0, 2)) {
      y = c.para(x0 + 20, y + 2, 13, `${r.direction === 'AGREE' ? '賛成' : '反対'}：「${r.text}」`, w - 20, 2, 18, 'fill="#333"');
    }
    y += 12;
  });
  return y;
}

export async function renderMapSvg(m: SvgInput): Promise<string> {
  const c = new Canvas();
  const left = 170;
  const barH = 26;
  const gap = 10;
  const rows = m.rows.slice(0, 16);
  const max = Math.max(1, ...rows.map((r) => [...r.counts.values()].reduce((a, b) => a + b, 0)));
  const scale = (WIDTH - left - 80) / max;
  const color = (g: Generation | null, i: number) => (g === null ? OTHER_COLOR : COLORS[i % COLORS.length]);

  c.text(24, 40, 24, `視点マップ：${m.title}`, 'font-weight="bold"');
  c.text(24, 70, 15, `視点 ${m.perspectives}件・参加 ${m.participants}人`, 'fill="#444"');
  let y = 110;

  if (m.groups.length) {
    c.text(24, y, 18, '意見の分布（賛否の近い人ほど近くに表示）', 'font-weight="bold"');
    const top = y + 14;
    drawPoints(c, m, 24, top, 400, 300);
    const below = drawGroups(c, m, 450, top + 18, WIDTH - 450 - 24);
    y = Math.max(top + 300, below) + 40;
  }

  c.text(24, y, 18, 'テーマ別の視点の数（世代ごと）', 'font-weight="bold"');
  y += 14;
  let lx = 24;
  m.buckets.forEach((g, i) => {
    const label = g === null ? 'その他・未回答' : GENERATION_LABEL[g];
    c.raw(`<rect x="${lx}" y="${y}" width="14" height="14" fill="${color(g, i)}"/>`);
    c.text(lx + 18, y + 12, 13, label);
    lx += 26 + emWidth(label) * 13;
  });
  y += 28;
  if (!rows.length) {
    c.text(24, y + 20, 16, 'まだ視点は寄せられていません。', 'fill="#666"');
    y += 40;
  }
  for (const r of rows) {
    c.text(left - 10, y + barH * 0.7, 15, r.label, 'text-anchor="end"');
    let x = left;
    m.buckets.forEach((g, i) => {
      const n = r.counts.get(g) ?? 0;
      if (!n) return;
      const w = Math.max(1, n * scale);
      const tip = `${r.label}・${g === null ? 'その他・未回答' : GENERATION_LABEL[g]}: ${n}件`;
      c.chars += tip;
      c.raw(`<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${barH}" fill="${color(g, i)}"><title>${escapeXml(tip)}</title></rect>`);
      x += w;
    });
    c.text(x + 6, y + barH * 0.7, 13, String([...r.counts.values()].reduce((a, b) => a + b, 0)), 'fill="#333"');
    y += barH + gap;
  }

  const lists: [string, string[], string][] = [
    m.consensus.length || !m.shared.length ? ['みんなが賛同した視点', m.consensus, '#59a14f'] : ['比較的広く賛同された視点（どのまとまりでも過半数ではありません）', m.shared, '#8cd17d'],
    ['意見が分かれた視点', m.divisive, '#e15759'],
  ];
  for (const [heading, texts, bar] of lists) {
    if (heading === '意見が分かれた視点' && !texts.length) continue;
    y += 30;
    c.text(24, y, 18, heading, 'font-weight="bold"');
    y += 10;
    if (!texts.length) {
      y += 24;
      c.text(24, y, 14, '（まだ見つかっていません）', 'fill="#666"');
    }
    for (const text of texts.slice(0, 5)) {
      y += 24;
      const end = c.para(40, y, 15, text, WIDTH - 40 - 24, 2, 20);
      c.raw(`<rect x="24" y="${y - 15}" width="6" height="${end - y}" fill="${bar}"/>`);
      y = end - 20 + 6;
    }
  }
  y += 36;
  y = c.para(24, y, 13, m.summary, WIDTH - 48, 8, 19, 'fill="#444"');
  const height = Math.ceil(y + 20);

  const font = (await fontSubset(c.chars)).toString('base64');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="'${MAP_FONT_FAMILY}', sans-serif" role="img" aria-label="${escapeXml(`視点マップ：${m.title}`)}">` +
    `<defs><style>@font-face{font-family:'${MAP_FONT_FAMILY}';src:url(data:font/woff;base64,${font}) format('woff');font-weight:400}</style></defs>` +
    `<rect width="100%" height="100%" fill="#ffffff"/>` +
    c.parts.join('') +
    `</svg>\n`
  );
}
