import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * Lengths as PostgreSQL's char_length counts them (code points), so that what passes here also
 * passes the table's CHECK constraints. class-validator's MaxLength counts UTF-16 units: 𠮷 or an
 * emoji counts 2 there and 1 in the database, so a text at the column's limit would be refused.
 * Use it for every text stored in a column bounded by char_length (see migrations/).
 */
export function MaxChars(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name: 'maxChars', constraints: [max], validator: { validate: (v: unknown) => typeof v === 'string' && codePointsAtMost(v, max), defaultMessage: () => `${max}文字までです` } },
    options,
  );
}

/**
 * `[...text].length <= max` without making the array (a roster's 100 rows carry two texts of up to
 * 2,000 characters each): a text has at most as many code points as UTF-16 units, so only a longer
 * one is counted, a surrogate pair as one and a lone surrogate as one, as the spread counts them.
 */
export function codePointsAtMost(text: string, max: number): boolean {
  if (text.length <= max) return true;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    if (++count > max) return false;
  }
  return true;
}

// NUL cannot be stored in PostgreSQL text; other control characters have no place in names or texts
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const CONTROL_OR_NEWLINE = /[\u0000-\u001F\u007F]/;

/** No control characters (free texts keep tabs and line breaks). */
export function PlainText(opts: { multiline?: boolean } = {}, options?: ValidationOptions): PropertyDecorator {
  const bad = opts.multiline ? CONTROL : CONTROL_OR_NEWLINE;
  return ValidateBy(
    { name: 'plainText', validator: { validate: (v: unknown) => typeof v === 'string' && !bad.test(v), defaultMessage: () => '制御文字は使えません' } },
    options,
  );
}
