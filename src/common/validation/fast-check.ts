import { getMetadataStorage, ValidationTypes, type ValidatorConstraintInterface } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata.js';
import type { ConstraintMetadata } from 'class-validator/types/metadata/ConstraintMetadata.js';

/**
 * A quick "no errors, nothing to strip" answer from the rules class-validator holds for a class,
 * for `validate(object, { whitelist: true, forbidUnknownValues: false })` (the options of both of
 * our pipes). A roster of 100 rows spent most of its validation in class-validator's bookkeeping:
 * every row looked up, filtered and grouped the class's metadata again and built an error object
 * per property (bench/RESULTS.md). Here the metadata is grouped once per class, and each row runs
 * the same decorators' own validate functions in the same order.
 *
 * It answers `true` only when class-validator would return no errors and strip no property; on
 * `false` the caller asks class-validator itself, which then names the fields with the very same
 * messages. So `false` means "not sure": a failing rule, an unknown property, an async validator,
 * a Set or a Map, a rule type this does not mirror, or an object of no class.
 */
export function passesRules(object: unknown): boolean {
  return object !== null && typeof object === 'object' && checkObject(object, undefined);
}

/** a rule and its constraints' validators (from class-validator's container, as ValidationExecutor takes them) */
type Rule = { meta: ValidationMetadata; constraints: ConstraintMetadata[]; validators: ValidatorConstraintInterface[] };
interface Property {
  name: string;
  defined: Rule[];
  custom: Rule[];
  nested: ValidationMetadata[];
  conditional: ValidationMetadata[];
  /** a PROMISE_VALIDATION rule: a promised value is class-validator's to await */
  awaits: boolean;
}
interface Plan {
  /** false when a rule is of a kind this does not mirror: always ask class-validator */
  supported: boolean;
  /** properties with at least one rule of any kind (the whitelist) */
  allowed: Set<string>;
  properties: Property[];
}

const MIRRORED = new Set<string>([
  ValidationTypes.CUSTOM_VALIDATION,
  ValidationTypes.NESTED_VALIDATION,
  ValidationTypes.CONDITIONAL_VALIDATION,
  ValidationTypes.IS_DEFINED,
  ValidationTypes.WHITELIST,
  ValidationTypes.PROMISE_VALIDATION,
]);

// per class, then per schema name (nested objects are validated with their parent's class name as schema)
const plans = new Map<Function, Map<string | undefined, Plan>>();

function planOf(target: Function, schema: string | undefined): Plan {
  let bySchema = plans.get(target);
  if (!bySchema) plans.set(target, (bySchema = new Map()));
  let plan = bySchema.get(schema);
  if (!plan) bySchema.set(schema, (plan = buildPlan(target, schema)));
  return plan;
}

function buildPlan(target: Function, schema: string | undefined): Plan {
  const storage = getMetadataStorage();
  // the arguments ValidationExecutor.execute passes without groups, `always` or `strictGroups`
  const metas = storage.getTargetValidationMetadatas(target, schema as string, false, false, undefined);
  const grouped = storage.groupByPropertyName(metas);
  const supported = metas.every((m) => MIRRORED.has(m.type) && !m.groups?.length && !(m.type === ValidationTypes.CUSTOM_VALIDATION && !m.constraintCls));
  const rules = (list: ValidationMetadata[]): Rule[] =>
    list.map((meta) => {
      const constraints = storage.getTargetValidatorConstraints(meta.constraintCls);
      return { meta, constraints, validators: constraints.map((c) => c.instance) };
    });
  const properties = Object.keys(grouped).map((name): Property => {
    const all = grouped[name];
    const rest = all.filter((m) => m.type !== ValidationTypes.IS_DEFINED && m.type !== ValidationTypes.WHITELIST);
    return {
      name,
      defined: rules(all.filter((m) => m.type === ValidationTypes.IS_DEFINED)),
      custom: rules(rest.filter((m) => m.type === ValidationTypes.CUSTOM_VALIDATION)),
      nested: rest.filter((m) => m.type === ValidationTypes.NESTED_VALIDATION),
      conditional: rest.filter((m) => m.type === ValidationTypes.CONDITIONAL_VALIDATION),
      awaits: rest.some((m) => m.type === ValidationTypes.PROMISE_VALIDATION),
    };
  });
  const allowed = new Set(Object.keys(grouped).filter((name) => grouped[name].length > 0));
  const asyncRule = properties.some((p) => [...p.defined, ...p.custom].some((r) => r.constraints.some((c) => c.async)));
  return { supported: supported && !asyncRule, allowed, properties };
}

/** ValidationExecutor.execute, for a yes or a "not sure". */
function checkObject(object: object, schema: string | undefined): boolean {
  const target: unknown = object.constructor;
  if (typeof target !== 'function') return false;
  const plan = planOf(target, schema);
  if (!plan.supported) return false;
  // whitelist: a property without rules would be stripped (forbidUnknownValues is off, so a class without rules is not an error in itself)
  for (const key of Object.keys(object)) if (!plan.allowed.has(key)) return false;
  const record = object as Record<string, unknown>;
  const targetName = target.name;
  for (const p of plan.properties) {
    const value = record[p.name];
    if (value instanceof Promise && p.awaits) return false;
    if (!checkValue(object, targetName, value, p)) return false;
  }
  return true;
}

/** ValidationExecutor.performValidations */
function checkValue(object: object, targetName: string, value: unknown, p: Property): boolean {
  // every condition is evaluated, as class-validator's map/reduce does
  let canValidate = true;
  for (const c of p.conditional) canValidate = (c.constraints[0] as (o: object, v: unknown) => boolean)(object, value) && canValidate;
  if (!canValidate) return true;
  return passesCustom(object, targetName, value, p.defined) && passesCustom(object, targetName, value, p.custom) && passesNested(value, p.nested);
}

/** ValidationExecutor.customValidations: every constraint of every rule holds, synchronously. */
function passesCustom(object: object, targetName: string, value: unknown, rules: Rule[]): boolean {
  if (rules.length && (value instanceof Set || value instanceof Map)) return false;
  for (const { meta, validators } of rules) {
    if (meta.validateIf && !meta.validateIf(object, value)) continue;
    for (const validator of validators) {
      const args = { targetName, property: meta.propertyName, object, value, constraints: meta.constraints };
      if (!meta.each || !Array.isArray(value)) {
        const valid: unknown = validator.validate(value, args);
        if (valid !== true && (isThenable(valid) || !valid)) return false;
      } else {
        for (const item of value) {
          const valid: unknown = validator.validate(item, args);
          if (valid !== true && (isThenable(valid) || !valid)) return false;
        }
      }
    }
  }
  return true;
}

/** ValidationExecutor.nestedValidations */
function passesNested(value: unknown, rules: ValidationMetadata[]): boolean {
  if (value === undefined) return true;
  for (const meta of rules) {
    if (value instanceof Set || value instanceof Map) return false;
    if (Array.isArray(value)) {
      // each item as performValidations(array, item, index, [], rules): only the nested rules apply to it
      for (const item of value) if (!passesNested(item, rules)) return false;
    } else if (value instanceof Object) {
      if (!checkObject(value, typeof meta.target === 'string' ? meta.target : meta.target.name)) return false;
    } else {
      return false; // "nested property must be either object or array"
    }
  }
  return true;
}

const isThenable = (v: unknown): boolean => v !== null && typeof v === 'object' && typeof (v as { then?: unknown }).then === 'function';
