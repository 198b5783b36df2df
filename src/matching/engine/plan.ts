/**
 * A joint action plan for an offer and its assigned students, built deterministically from what
 * is public (no language model): the offer's title, area and mode, the themes the offer shares
 * with its participants, and how many participants of which stages. Never a word of the
 * students' own texts: the plan becomes the joint action's title and summary and its gathering's
 * description, which organisations and, once featured, everyone read beside the action (the
 * contract's "Minors first"). What each student wrote stays in the coordinators' `reasons`.
 *
 *   title   「{offer title}」×3人の中学生・高校生：防災・まちづくりで取り組む共同アクション
 *   summary 2 sentences: themes and who; how it starts (area, mode)
 *   themes  keys shared by the offer and ≥ 1 participant, by how many participants share them,
 *           then vocabulary order
 */
import { STAGES } from './types.js';
import { joinJa } from '../../lib/text/join-ja.js';
import { MODE_LABEL, STAGE_LABEL } from './labels.js';
import type { Model } from './model.js';
import { themeLabel } from './reasons.js';

const MAX_TITLE = 40;

const clip = (s: string, n: number): string => {
  const cs = [...s.replace(/\s+/g, ' ').trim()];
  return cs.length > n ? `${cs.slice(0, n - 1).join('')}…` : cs.join('');
};

export interface Plan {
  title: string;
  summary: string;
  themes: string[];
}

export function buildPlan(m: Model, o: number, participants: readonly number[], labels: Record<string, string>): Plan {
  const offer = m.offers[o];
  const n = participants.length;

  // themes: count participants per offer theme (theme ids are in vocabulary order)
  const count = new Map<number, number>();
  for (const s of participants) for (const t of m.sThemes[s]) if (m.oThemes[o].includes(t)) count.set(t, (count.get(t) ?? 0) + 1);
  const themeIds = [...count.keys()].sort((a, b) => count.get(b)! - count.get(a)! || a - b);
  const themes = themeIds.map((t) => m.themes.keys[t]);
  const themeText = joinJa(themes.map((k) => themeLabel(labels, k)));

  const stages = STAGES.filter((st) => participants.some((s) => m.students[s].stage === st)).map((st) => STAGE_LABEL[st]);
  const who = `${n}人の${joinJa(stages)}`;

  const offerTitle = clip(offer.title, MAX_TITLE);
  const title = themes.length
    ? `「${offerTitle}」×${who}：${themeText}で取り組む共同アクション`
    : `「${offerTitle}」×${who}で取り組む共同アクション`;

  const sentences: string[] = [];
  sentences.push(
    themes.length
      ? `${themeText}をテーマに、「${offerTitle}」に${who}が加わる共同アクションです。`
      : `「${offerTitle}」の募集内容に近い関心をもつ${who}が加わる共同アクションです。`,
  );
  const where = offer.area ? `${offer.area.trim()}を拠点に` : '';
  const how = offer.mode === 'HYBRID' ? '対面とオンラインを組み合わせて' : `${MODE_LABEL[offer.mode]}で`;
  sentences.push(`${where}${where ? '、' : ''}${how}、まず顔合わせで募集内容と一人ひとりの関心をすり合わせることから始めます。`);
  return { title, summary: sentences.join(''), themes };
}
