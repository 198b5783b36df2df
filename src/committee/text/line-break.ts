/**
 * Line breaking for Japanese text in pictures, after JIS X 4051's rules (禁則処理):
 *  - no line starts with a closing bracket or mark, 、。，．・：；？！, the long-vowel mark ー,
 *    the iteration marks 々ゝゞヽヾ or a small kana (ぁぃぅぇぉっゃゅょゎ, ァ…ヶ);
 *  - no line ends with an opening bracket;
 *  - words are not cut: breaks fall between the words Intl.Segmenter finds, and a particle or
 *    ending written in hiragana stays with the word before it (公民館を, 居場所に), so a line never
 *    begins with the tail of a word (「す。」 of です。). A word longer than a line is cut between
 *    characters, still under the rules above.
 * Widths come from the caller (the embedded font's advance widths), so the lines fit what is drawn.
 */

export const NO_LINE_START = new Set([
  ...'、。，．,.・：；:;？！?!）)］]｝}」』】〕〉》〙〗〟’”»ヽヾゝゞ々〻ーぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ‐〜～…‥',
]);
export const NO_LINE_END = new Set([...'（(［[｛{「『【〔〈《〘〖〝‘“«']);

let segmenter: Intl.Segmenter | undefined;
const words = (text: string) => [...(segmenter ??= new Intl.Segmenter('ja', { granularity: 'word' })).segment(text)].map((s) => s.segment);

const isHiragana = (c: string) => c >= '\u3041' && c <= '\u309f';
const allHiragana = (s: string) => [...s].every(isHiragana);

/** Units that are never split across lines (unless one alone is wider than a line). */
export function unbreakableUnits(text: string): string[] {
  const units: string[] = [];
  for (const w of words(text)) {
    const last = units[units.length - 1];
    if (last === undefined) {
      units.push(w);
      continue;
    }
    const lastChar = [...last].pop()!;
    const first = [...w][0];
    const joins =
      NO_LINE_START.has(first) || // 。 、 ー ゃ … belong to what is before them
      NO_LINE_END.has(lastChar) || // 「 ( belong to what follows them
      (allHiragana(w) && !isHiragana(lastChar) && /\S/u.test(lastChar)); // particles and endings stay with their word
    if (joins) units[units.length - 1] = last + w;
    else units.push(w);
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
