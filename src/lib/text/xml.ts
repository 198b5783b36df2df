/**
 * Text for XML 1.0 (SVG, RSS), whatever a title or a statement holds: the code points XML cannot
 * carry at all are dropped (C0 controls but tab and line breaks, lone surrogates, U+FFFE, U+FFFF),
 * and the five specials escaped. Every XML writer of the service goes through here.
 */
export function xmlText(s: string): string {
  return s
    .replace(/[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
