/**
 * Why a student fits an offer, in Japanese a coordinator reads, built ONLY from signals that are
 * true for that pair (each line is checked against the data, never templated blindly):
 *   共通のテーマ: 防災・まちづくり                 themes both sides chose (vocabulary order)
 *   「避難所」「見守り」への関心が募集内容と一致     up to 2 shared words of the texts, by their
 *                                                   share of the cosine (displayable words only)
 *   同じ地域: 中央                                  both areas known and equal
 *   参加できる時間帯が合う: 平日放課後・週末午前     the overlapping slots (or the offer has none)
 *   参加方法が合う: オンライン                      the student's modes the offer's mode admits
 * Terms are single words, never the student's sentences: nothing long is quoted verbatim.
 */
import { SLOT_LABEL } from '../../lib/slots/labels.js';
import { SLOTS } from '../../lib/slots/slots.js';
import { joinJa } from '../../lib/text/join-ja.js';
import { sharedTerms } from '../../lib/text/tfidf.js';
import { MODES } from './types.js';
import { MODE_LABEL } from './labels.js';
import type { Model } from './model.js';

export const MAX_REASON_TERMS = 2;

export function themeLabel(labels: Record<string, string>, key: string): string {
  return Object.prototype.hasOwnProperty.call(labels, key) ? labels[key] : key;
}

/** Keys of the themes shared by student s and offer o, in vocabulary order. */
export function sharedThemeKeys(m: Model, s: number, o: number): string[] {
  const a = m.sThemes[s], b = m.oThemes[o];
  const out: string[] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) {
      out.push(m.themes.keys[a[i]]);
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return out;
}

export function reasonsFor(m: Model, s: number, o: number, labels: Record<string, string>): string[] {
  const out: string[] = [];
  const themes = sharedThemeKeys(m, s, o);
  if (themes.length) out.push(`共通のテーマ: ${joinJa(themes.map((k) => themeLabel(labels, k)))}`);

  const terms = sharedTerms(m.text, s, m.S + o, MAX_REASON_TERMS);
  if (terms.length) out.push(`${terms.map((t) => `「${t}」`).join('')}への関心が募集内容と一致`);

  if (m.sArea[s] >= 0 && m.sArea[s] === m.oArea[o]) out.push(`同じ地域: ${m.areas[m.sArea[s]]}`);

  const oSlots = m.oSlots[o];
  if (oSlots === 0) out.push('参加できる時間帯が合う: 時間帯の指定なし');
  else {
    const both = m.sSlots[s] & oSlots;
    if (both) out.push(`参加できる時間帯が合う: ${joinJa(SLOTS.filter((_, i) => (both >>> i) & 1).map((x) => SLOT_LABEL[x]))}`);
  }

  // ONSITE/ONLINE admit only themselves; HYBRID admits every mode the student listed
  const admitted = m.offers[o].mode === 'HYBRID' ? m.sModes[s] : m.sModes[s] & m.oMode[o];
  if (admitted) out.push(`参加方法が合う: ${joinJa(MODES.filter((_, i) => (admitted >>> i) & 1).map((x) => MODE_LABEL[x]))}`);
  if (m.interested.has(s * m.O + o)) out.push('本人がこの募集に「関心あり」と回答');
  return out;
}
