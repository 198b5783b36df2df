import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * Lengths as PostgreSQL's char_length counts them (code points), so that what passes here also
 * passes the table's CHECK constraints. class-validator's MaxLength counts UTF-16 units: 𠮷 or an
 * emoji counts 2 there and 1 in the database, so a text at the column's limit would be refused.
 * Use it for every text stored in a column bounded by char_length (see migrations/).
 */
export function MaxChars(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name: 'maxChars', constraints: [max], validator: { validate: (v: unknown) => typeof v === 'string' && [...v].length <= max, defaultMessage: () => `${max}文字までです` } },
    options,
  );
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
