/**
 * A joint action plan for an offer and its assigned students, built deterministically from the
 * data (no language model): the shared themes, the words the participants' texts weigh most, the
 * offer's title, area and mode. No names (the engine never receives them) and no sentences of
 * the students: only single words, which cannot identify or quote anyone.
 *
 *   title   「{offer title}」×3人の中学生・高校生：防災・まちづくりで取り組む共同アクション
 *   summary 2–3 sentences: themes and who; the participants' most frequent salient words; how it
 *           starts (area, mode)
 *   themes  keys shared by the offer and ≥ 1 participant, by how many participants share them,
 *           then vocabulary order
 */
import { STAGES } from './types.js';
import { MODE_LABEL, STAGE_LABEL, joinJa } from './labels.js';
import type { Model } from './model.js';
import { themeLabel } from './reasons.js';
import { pickDistinct } from './text.js';

export const PLAN_TERMS = 3;
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

  // the participants' salient words: how many participants use the word, then its summed
  // TF-IDF weight; words in more than half of the run's texts are not salient
  const tx = m.text;
  const maxDf = Math.max(2, tx.nDocs / 2);
  const votes = new Map<number, { n: number; w: number }>();
  for (const s of participants) {
    for (let k = tx.ptr[s]; k < tx.ptr[s + 1]; k++) {
      const t = tx.terms[k];
      if (!tx.displayable[t] || tx.df[t] > maxDf) continue;
      const v = votes.get(t) ?? { n: 0, w: 0 };
      v.n++;
      v.w += tx.weights[k];
      votes.set(t, v);
    }
  }
  const terms = pickDistinct(
    tx,
    [...votes].map(([t, v]) => ({ t, c: v.n * 1000 + v.w })),
    PLAN_TERMS,
  );

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
  if (terms.length) sentences.push(`参加者の関心は${terms.map((t) => `「${t}」`).join('')}などに集まっています。`);
  const where = offer.area ? `${offer.area.trim()}を拠点に` : '';
  const how = offer.mode === 'HYBRID' ? '対面とオンラインを組み合わせて' : `${MODE_LABEL[offer.mode]}で`;
  sentences.push(`${where}${where ? '、' : ''}${how}、まず顔合わせで関心と募集内容をすり合わせることから始めます。`);
  return { title, summary: sentences.join(''), themes };
}
