import { Transform } from 'class-transformer';

export interface TrimOptions {
  /** what a text that is blank after trimming becomes: kept as '' (default), or absent (undefined / null) */
  blank?: 'keep' | 'undefined' | 'null';
  /** fold full-width letters and digits first (NFKC), for texts compared or searched as typed (preparedness) */
  nfkc?: boolean;
  /** trim each string of an array instead */
  each?: boolean;
  /** lower-case after trimming (email addresses, compared as typed in any case) */
  lowerCase?: boolean;
}

/** One text as `Trim` leaves it; values that are not strings pass unchanged, for the validators to refuse. */
export function trimText(value: unknown, opts: TrimOptions = {}): unknown {
  if (typeof value !== 'string') return value;
  const folded = (opts.nfkc ? value.normalize('NFKC') : value).trim();
  const trimmed = opts.lowerCase ? folded.toLowerCase() : folded;
  if (trimmed !== '' || !opts.blank || opts.blank === 'keep') return trimmed;
  return opts.blank === 'null' ? null : undefined;
}

/**
 * The one trim of input texts (leading and trailing white space never counts towards a limit or
 * makes a name differ). Put it before the validators: class-transformer runs it first anyway.
 */
export function Trim(opts: TrimOptions = {}): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (opts.each && Array.isArray(value) ? value.map((v) => trimText(v, opts)) : opts.each ? value : trimText(value, opts)));
}
