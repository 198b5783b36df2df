import { Injectable, type PipeTransform } from '@nestjs/common';
import { validate, type ValidationError } from 'class-validator';
import { badInput } from '../common/errors/domain-error.js';
import { passesRules, toInstance } from '../common/validation/index.js';
import { EnrollStudentInput } from './student.inputs.js';
import { MAX_ROSTER } from './student.policy.js';

export type FieldError = { field: string; message: string };

/** Bad rows of a large roster could name thousands of fields; the first ones are enough to fix it. */
export const MAX_REPORTED_FIELDS = 100;

/**
 * Validates a roster (`enrollStudents(input: [...])`) row by row with EnrollStudentInput's rules;
 * the global pipe validates classes, not lists. Errors name `input.<index>.<field>`. The roster
 * size and duplicate externalRefs are checked first, before any row.
 *
 * Each row is made an instance as plainToInstance makes it and checked against the class's rules
 * without class-validator's per-object bookkeeping (fast-check.ts); only a row that does not
 * plainly pass goes through class-validator's validate, which names its fields and messages. A
 * roster of 100 valid rows took about 4 ms of CPU that way before (bench/RESULTS.md).
 */
@Injectable()
export class RosterValidationPipe implements PipeTransform<unknown, Promise<EnrollStudentInput[]>> {
  async transform(value: unknown): Promise<EnrollStudentInput[]> {
    if (!Array.isArray(value)) throw badInput([{ field: 'input', message: '名簿は配列で送ってください' }]);
    if (value.length > MAX_ROSTER) {
      throw badInput([{ field: 'input', message: `一度に登録できるのは${MAX_ROSTER}人までです (${value.length}人が送られました)` }]);
    }
    const rows = value.map((v: unknown) => toInstance(EnrollStudentInput, v));
    const errors: FieldError[] = [];
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      if (passesRules(row)) continue;
      errors.push(...collect(await validate(row, { whitelist: true, forbidUnknownValues: false }), ['input', String(i)]));
    }
    errors.push(...duplicateRefs(rows));
    if (errors.length) throw badInput(errors.slice(0, MAX_REPORTED_FIELDS));
    return rows;
  }
}

/** Every row whose externalRef an earlier row already used. */
export function duplicateRefs(rows: readonly { externalRef: string }[], prefix = (i: number) => `input.${i}`): FieldError[] {
  const firstAt = new Map<string, number>();
  const errors: FieldError[] = [];
  rows.forEach((row, i) => {
    const seen = firstAt.get(row.externalRef);
    if (seen === undefined) firstAt.set(row.externalRef, i);
    else errors.push({ field: `${prefix(i)}.externalRef`, message: `externalRef が名簿の ${seen} 番目と重複しています` });
  });
  return errors;
}

function collect(errors: ValidationError[], path: string[]): FieldError[] {
  return errors.flatMap((e) => {
    const here = [...path, e.property];
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field: here.join('.'), message }));
    return [...own, ...collect(e.children ?? [], here)];
  });
}
