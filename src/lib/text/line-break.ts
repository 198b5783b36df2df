/**
 * Line breaking for Japanese text in pictures, after JIS X 4051's rules (禁則処理):
 *  - no line starts with a closing bracket or mark, 、。，．・：；？！, the long-vowel mark ー,
 *    the iteration marks 々ゝゞヽヾ or a small kana (ぁぃぅぇぉっゃゅょゎ, ァ…ヶ);
 *  - no line ends with an opening bracket;
 *  - breaks fall between phrases (文節), found from the parts of speech of the analyser the map
 *    already uses (content-words.ts): particles, auxiliaries, suffixes and dependent words stay
 *    with the word before them, nouns with the nouns they compound with (公民館を, 子ども食堂の,
 *    見直したい), so a line never begins with the tail of a word (「す。」 of です。). A phrase longer
 *    than a line is cut between characters, still under the rules above.
 * Widths come from the caller (the embedded font's advance widths), so the lines fit what is drawn.
 */
import { morphemes, type LinderaToken } from './content-words.js';

export const NO_LINE_START = new Set([
  ...'、。，．,.・：；:;？！?!）)］]｝}」』】〕〉》〙〗〟’”»ヽヾゝゞ々〻ーぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ‐〜～…‥',
]);
export const NO_LINE_END = new Set([...'（(［[｛{「『【〔〈《〘〖〝‘“«']);

/** A word that belongs to the one before it: particles, auxiliaries, suffixes, dependent words. */
function attaches(t: LinderaToken, prev: LinderaToken): boolean {
  const pos = t.partOfSpeech;
  const sub = t.partOfSpeechSubcategory1 ?? '';
  if (/^\s+$/u.test(t.surface) || /^\s+$/u.test(prev.surface)) return false;
  if (pos === '助詞' || pos === '助動詞') return true;
  if ((pos === '名詞' || pos === '動詞' || pos === '形容詞') && (sub === '非自立' || sub === '接尾')) return true;
  if (prev.partOfSpeech === '接頭詞') return true;
  // nouns compound with the nouns (and unknown words) next to them: 子ども|食堂, 第|11|回
  const nounish = (x: LinderaToken) => x.partOfSpeech === '名詞' || (x.partOfSpeech === 'UNK' && /[\p{L}\p{N}]/u.test(x.surface));
  return nounish(t) && nounish(prev);
}

/** Units that are never split across lines (unless one alone is wider than a line). */
export function unbreakableUnits(text: string): string[] {
  const units: string[] = [];
  let prev: LinderaToken | null = null;
  for (const t of morphemes(text)) {
    const last = units[units.length - 1];
    const joins =
      last !== undefined &&
      (NO_LINE_START.has([...t.surface][0]) || // 。 、 」 ー ゃ … belong to what is before them
        NO_LINE_END.has([...last].pop()!) || // 「 ( belong to what follows them
        attaches(t, prev!));
    if (joins) units[units.length - 1] = last + t.surface;
    else units.push(t.surface);
    prev = t;
  }
  return units;
}

/** May a line break fall between these two characters? */
const mayBreak = (before: string, after: string) => !NO_LINE_START.has(after) && !NO_LINE_END.has(before);

/**
 * Lines of at most `maxWidth` (in the units `width` returns), at most `maxLines` of them; a text
 * that does not fit ends its last line with 「…」.
 */
export function wrapJapanese(text: string, maxWidth: number, width: (s: string) => number, maxLines = Infinity): string[] {
  const clean = text.replace(/\s+/gu, ' ').trim();
  if (!clean) return [];
  const lines: string[] = [];
  let line = '';
  const push = () => {
    lines.push(line.replace(/^ +| +$/gu, ''));
    line = '';
  };
  for (let unit of unbreakableUnits(clean)) {
    if (line && width(line + unit) > maxWidth) push();
    // a unit wider than a line is cut between characters, where the rules allow it
    while (width(unit) > maxWidth) {
      const chars = [...unit];
      let fit = 1;
      while (fit < chars.length && width(chars.slice(0, fit + 1).join('')) <= maxWidth) fit++;
      let cut = fit;
      while (cut > 1 && !mayBreak(chars[cut - 1], chars[cut])) cut--;
      if (cut === 1 && !mayBreak(chars[0], chars[1])) cut = fit; // nowhere allowed: cut where it fits
      line = chars.slice(0, cut).join('');
      push();
      unit = chars.slice(cut).join('');
    }
    line += unit;
  }
  if (line) push();
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = [...kept[maxLines - 1]];
  while (last.length && width(`${last.join('')}…`) > maxWidth) last.pop();
  // 「…」 may not follow an opening bracket either
  while (last.length && NO_LINE_END.has(last[last.length - 1])) last.pop();
  kept[maxLines - 1] = `${last.join('')}…`;
  return kept;
}
