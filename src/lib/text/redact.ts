/** What replaces a student's name wherever one slipped into a public text (a title, a summary). */
export const NAME_REDACTED = '（参加者）';

/** Each name (and its given and family parts, when written with a space) replaced in the text. */
export function redact(text: string, names: string[]): string {
  const parts = new Set<string>();
  for (const name of names) {
    const trimmed = name.trim();
    if (trimmed.length >= 2) parts.add(trimmed);
    for (const p of trimmed.split(/[\s\u3000]+/)) if (p.length >= 2) parts.add(p);
  }
  let out = text;
  for (const p of [...parts].sort((a, b) => b.length - a.length)) out = out.split(p).join(NAME_REDACTED);
  return out;
}
