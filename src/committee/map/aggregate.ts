/**
 * Aggregates of a perspective map that are safe to show: counts by category with small groups
 * suppressed, keywords of the Japanese texts (content words: src/lib/text/content-words.ts), and a short
 * extractive Japanese summary. Pure functions.
 */
import { contentTerms } from '../../lib/text/content-words.js';
import { MIN_GROUP } from './clusters.js';
import { keywordsOf } from './compute-map.js';

/**
 * Counts of people by category (null = not declared) with every shown count ≥ MIN_GROUP.
 * Categories under MIN_GROUP are merged into the null bucket ("not declared or too few"); if that
 * bucket would still hold 1 or 2 people, the smallest shown category joins it too (complementary
 * suppression: the total minus the shown counts must not single anyone out either); a bucket
 * that stays under MIN_GROUP is dropped.
 */
export function suppressSmall<K extends string>(counts: ReadonlyMap<K | null, number>): { key: K | null; count: number }[] {
  const shown = [...counts].filter(([k, n]) => k !== null && n >= MIN_GROUP).map(([key, count]) => ({ key: key as K, count }));
  let rest = [...counts].reduce((sum, [k, n]) => sum + (k === null || n < MIN_GROUP ? n : 0), 0);
  shown.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
  while (rest > 0 && rest < MIN_GROUP && shown.length) rest += shown.pop()!.count;
  const out: { key: K | null; count: number }[] = shown;
  if (rest >= MIN_GROUP) out.push({ key: null, count: rest });
  return out;
}

/** Content words and compounds by the number of texts they occur in. */
export function keywords(texts: readonly string[], limit = 20): { term: string; count: number }[] {
  return keywordsOf(texts.map(contentTerms), limit);
}

export interface SummaryInput {
  perspectives: number;
  participants: number;
  themes: { label: string; count: number }[];
  keywords: string[];
  /** the groups' labels, largest group first */
  groups: string[];
  consensus: string[];
  /** the top of consensusRanked, said when nothing is agreed in every group */
  shared: string[];
  /** the top of acrossGenerations, with the number of generations it covers */
  acrossGenerations: { texts: string[]; generations: number };
  divisive: string[];
}

const quote = (text: string, max = 60): string => {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return `「${chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('')}」`;
};

/** A few Japanese sentences built from the map itself: nothing is invented, the statements are quoted. */
export function summarize(m: SummaryInput): string {
  if (m.perspectives === 0) return 'まだ視点は寄せられていません。';
  const parts: string[] = [];
  parts.push(`${m.participants}人が参加し、${m.perspectives}件の視点が寄せられました。`);
  const themes = m.themes.slice(0, 3).map((t) => `${t.label}（${t.count}件）`);
  if (themes.length) parts.push(`多く挙がったテーマは${themes.join('、')}です。`);
  if (m.keywords.length) parts.push(`よく出た言葉は${m.keywords.slice(0, 5).map((k) => `「${k}」`).join('')}などです。`);
  const grouped = m.groups.length >= 2;
  if (grouped) parts.push(`賛否の傾向から${m.groups.length}つの意見のまとまり（${m.groups.map((g) => `「${g}」`).join('')}）が見られました。`);
  if (m.consensus.length) parts.push(`${grouped ? 'まとまりを越えて' : '多くの人が'}賛同した視点は${m.consensus.slice(0, 2).map((t) => quote(t)).join('、')}です。`);
  else if (grouped && m.shared.length) parts.push(`どのまとまりでも過半数とまではいきませんが、比較的広く賛同された視点は${m.shared.slice(0, 2).map((t) => quote(t)).join('、')}です。`);
  if (m.acrossGenerations.generations >= 2 && m.acrossGenerations.texts.length) {
    parts.push(`${m.acrossGenerations.generations}つの世代に共通して賛同が多かったのは${quote(m.acrossGenerations.texts[0])}です。`);
  }
  if (m.divisive.length) parts.push(`意見が分かれた視点は${m.divisive.slice(0, 2).map((t) => quote(t)).join('、')}です。`);
  return parts.join('');
}
