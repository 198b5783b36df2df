import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { getMetadataStorage, validate, type ValidationError } from 'class-validator';
import { badInput } from './domain-error.js';
import { passesRules } from '../validation/fast-check.js';
import { toInstance } from '../validation/fast-instance.js';

/**
 * Runs every argument's class-validator rules; failures become BAD_USER_INPUT naming the fields
 * (e.g. `input.title`). Then, for every argument whatever its type, the rules no value may break
 * because the database cannot hold it (`storable`).
 */
@Injectable()
export class InputValidationPipe implements PipeTransform {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // GraphQL arguments (`@Args`) come as 'body'; the viewer, the context and the like are not input
    if (value === null || value === undefined || metadata.type !== 'body') return value;
    const path = metadata.data ? [metadata.data] : [];
    const unstorable: FieldError[] = [];
    storable(value, path, unstorable, 0);
    const type = metadata.metatype;
    let result = value;
    if (type && isValidated(type)) {
      result = toInstance(type as new () => object, value);
      // the common case, every rule plainly passed and nothing to strip, without class-validator's
      // per-call bookkeeping (fast-check.ts; every request's root field comes through here); any
      // doubt goes to class-validator, which names the fields with its messages as before
      if (quickPass(result)) {
        if (unstorable.length) throw badInput(unstorable);
        return result;
      }
      let errors: ValidationError[];
      try {
        errors = await validate(result as object, { whitelist: true, forbidUnknownValues: false });
      } catch (err) {
        // some validators throw on malformed text (validator.js's isEmail runs encodeURI, which throws on a lone surrogate)
        if (unstorable.length) throw badInput(unstorable);
        throw err;
      }
      if (errors.length) {
        const found = collect(errors, path);
        const named = new Set(found.map((f) => f.field));
        throw badInput([...found, ...unstorable.filter((u) => !named.has(u.field))]);
      }
    }
    if (unstorable.length) throw badInput(unstorable);
    return result;
  }
}

type FieldError = { field: string; message: string };

/** passesRules, where a validator that throws (validator.js on malformed text) is "not sure": class-validator's path below handles it */
function quickPass(instance: unknown): boolean {
  try {
    return passesRules(instance);
  } catch {
    return false;
  }
}

/** A UTF-16 surrogate without its other half: not text at all (JSON lets `"\\ud800"` through). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Any surrogate: the quick test first, most texts hold none (the lookarounds above cost more on long texts). */
const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * What no argument may hold, whatever its rules say: a NUL character (PostgreSQL text cannot store
 * it), a lone surrogate (not Unicode text: validators throw on it, PostgreSQL would get U+FFFD),
 * and a date-time outside RFC 3339's four-digit years (0001 to 9999; PostgreSQL refuses some of
 * what JavaScript dates reach). Without this, such values came back as internal errors.
 */
function storable(value: unknown, path: string[], out: FieldError[], depth: number): void {
  if (out.length >= 20 || depth > 32) return;
  const field = () => path.join('.') || 'input';
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push({ field: field(), message: 'NUL 文字 (U+0000) は使えません' });
    else if (SURROGATE.test(value) && LONE_SURROGATE.test(value)) out.push({ field: field(), message: '文字として読めない値 (対のないサロゲート) が含まれています' });
  } else if (value instanceof Date) {
    const year = value.getUTCFullYear();
    if (Number.isNaN(value.getTime()) || year < 1 || year > 9999) out.push({ field: field(), message: '日時は 0001〜9999 年の ISO 8601 形式にしてください' });
  } else if (Array.isArray(value)) {
    // one path, grown and shrunk on the way (a roster of 100 rows holds about 2,000 values)
    for (let i = 0; i < value.length; i++) {
      path.push(String(i));
      storable(value[i], path, out, depth + 1);
      path.pop();
    }
  } else if (value !== null && typeof value === 'object' && isInputObject(value)) {
    for (const key of Object.keys(value)) {
      path.push(key);
      storable((value as Record<string, unknown>)[key], path, out, depth + 1);
      path.pop();
    }
  }
}

/** Plain data or an input class's instance: never a request, a stream or anything else with insides to walk. */
function isInputObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null || isValidated((proto as { constructor?: unknown }).constructor);
}

const checked = new Map<unknown, boolean>();
function isValidated(type: unknown): boolean {
  if (!checked.has(type)) {
    const targets = getMetadataStorage().getTargetValidationMetadatas(type as new () => unknown, '', true, false);
    checked.set(type, targets.length > 0);
  }
  return checked.get(type)!;
}

function collect(errors: ValidationError[], path: string[]): FieldError[] {
  return errors.flatMap((e) => {
    const here = [...path, e.property];
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field: here.join('.'), message }));
    return [...own, ...collect(e.children ?? [], here)];
  });
}
