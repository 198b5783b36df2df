import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validate, type ValidationError } from 'class-validator';
import { badInput } from './domain-error.js';

/** Runs every argument's class-validator rules; failures become BAD_USER_INPUT naming the fields (e.g. `input.title`). */
@Injectable()
export class InputValidationPipe implements PipeTransform {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const type = metadata.metatype;
    if (!type || !isValidated(type) || value === null || value === undefined) return value;
    const instance = plainToInstance(type, value);
    const errors = await validate(instance as object, { whitelist: true, forbidUnknownValues: false });
    if (errors.length) throw badInput(collect(errors, metadata.data ? [metadata.data] : []));
    return instance;
  }
}

const checked = new Map<unknown, boolean>();
function isValidated(type: unknown): boolean {
  if (!checked.has(type)) {
    const targets = getMetadataStorage().getTargetValidationMetadatas(type as new () => unknown, '', true, false);
    checked.set(type, targets.length > 0);
  }
  return checked.get(type)!;
}

function collect(errors: ValidationError[], path: string[]): { field: string; message: string }[] {
  return errors.flatMap((e) => {
    const here = [...path, e.property];
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field: here.join('.'), message }));
    return [...own, ...collect(e.children ?? [], here)];
  });
}
