/**
 * The Japanese font of the SVG map: Noto Sans JP Regular from @expo-google-fonts/noto-sans-jp (the
 * package the PDF plan already ships), measured with fontkit for line breaking and cut down with
 * subset-font (harfbuzz's hb-subset compiled to WebAssembly) to the glyphs one picture uses, as
 * WOFF (about 20 KB for a map, instead of 5 MB), so the picture renders the same on a machine
 * without any Japanese font. Bold text uses the same face (the browser emboldens it).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const MAP_FONT_PATH = require.resolve('@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf');
export const MAP_FONT_FAMILY = 'ChifukuMapJP';

type Subsetter = (font: Buffer, text: string, opts: { targetFormat: 'woff' | 'woff2' | 'truetype'; noLayoutClosure?: boolean }) => Promise<Buffer>;
interface Measured {
  unitsPerEm: number;
  glyphForCodePoint(cp: number): { id: number; advanceWidth: number };
}

let fontFile: Buffer | undefined;
let measured: Measured | undefined;
const file = () => (fontFile ??= readFileSync(MAP_FONT_PATH));
const metrics = () => (measured ??= (require('fontkit') as { create(b: Buffer): Measured }).create(file()));

const advanceCache = new Map<number, number>();
/** Advance width of a text in em (sum of the glyphs' advances; no kerning, as SVG text without shaping features). */
export function emWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    let a = advanceCache.get(cp);
    if (a === undefined) {
      const f = metrics();
      a = f.glyphForCodePoint(cp).advanceWidth / f.unitsPerEm;
      advanceCache.set(cp, a);
    }
    w += a;
  }
  return w;
}

/** Whether the font has a glyph for every character of the text (a missing one would be a box). */
export function covers(text: string): boolean {
  return [...text].every((ch) => /\s/u.test(ch) || metrics().glyphForCodePoint(ch.codePointAt(0)!).id !== 0);
}

// the subsets of the last few pictures: a map asked for again draws the same characters
const subsets = new Map<string, Promise<Buffer>>();
const MAX_SUBSETS = 32;

/** A WOFF with the glyphs of `text` (and the basic Latin ones, for numbers and labels). */
export function fontSubset(text: string): Promise<Buffer> {
  const chars = [...new Set([...text, ...' 0123456789%.,:()-+人件'])].sort().join('');
  let found = subsets.get(chars);
  if (!found) {
    const subsetFont = require('subset-font') as Subsetter;
    // no layout closure: SVG text here is horizontal and unshaped, so the alternates GSUB reaches are never drawn
    found = subsetFont(file(), chars, { targetFormat: 'woff', noLayoutClosure: true });
    found.catch(() => subsets.delete(chars));
    subsets.set(chars, found);
    if (subsets.size > MAX_SUBSETS) subsets.delete(subsets.keys().next().value!);
  }
  return found;
}
