import { plainToInstance, TransformationType } from 'class-transformer';
// the library's own metadata singleton (the package has no exports map; its index re-exports only the decorators)
import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';
import type { TransformMetadata, TypeMetadata } from 'class-transformer';

type Class<T> = new () => T;

/**
 * `plainToInstance(cls, plain)` with its default options, for the decorators our inputs use (`@Type`
 * and `@Transform`): the same instance, the same keys, the same transforms in the same order. The
 * library looks up every key's metadata again for every object (about 1.6 ms for a roster of 100
 * rows, bench/RESULTS.md); here each class's metadata is read once. Anything else (`@Expose`,
 * `@Exclude`, discriminators, groups, Maps, Sets, Buffers, promises) is handed to plainToInstance
 * itself, which then does the whole object.
 */
export function toInstance<T>(cls: Class<T>, plain: unknown): T {
  try {
    return transform(plain, cls, undefined) as T;
  } catch (err) {
    if (err === UNSUPPORTED) return plainToInstance(cls, plain);
    throw err;
  }
}

const UNSUPPORTED = Symbol('plainToInstance does this one');

/** The options plainToInstance hands a @Transform function (its defaults; ours read none of them). */
const OPTIONS = Object.freeze({
  enableCircularCheck: false,
  enableImplicitConversion: false,
  excludeExtraneousValues: false,
  excludePrefixes: undefined,
  exposeDefaultValues: false,
  exposeUnsetFields: true,
  groups: undefined,
  ignoreDecorators: false,
  strategy: undefined,
  targetMaps: undefined,
  version: undefined,
});

interface Key {
  type: TypeMetadata | undefined;
  transforms: TransformMetadata[];
  /** a method or a getter without a setter of the class's prototype: never overwritten */
  own: boolean;
}
const keysOf = new Map<Function, Map<string, Key>>();
const plain = new Set<Function>();

/** Whether the class is one this mirrors (no @Expose or @Exclude on it or its ancestors). */
function mirrored(target: Function): boolean {
  if (plain.has(target)) return true;
  const ok =
    defaultMetadataStorage.getStrategy(target) === 'none' &&
    !defaultMetadataStorage.getExposedMetadatas(target).length &&
    !defaultMetadataStorage.getExcludedMetadatas(target).length;
  if (ok) plain.add(target);
  return ok;
}

function keyOf(target: Function, key: string): Key {
  let keys = keysOf.get(target);
  if (!keys) keysOf.set(target, (keys = new Map()));
  let found = keys.get(key);
  if (!found) {
    const type = defaultMetadataStorage.findTypeMetadata(target, key);
    // without groups or a version asked for, plainToInstance keeps the transforms that have no groups
    const transforms = defaultMetadataStorage
      .findTransformMetadatas(target, key, TransformationType.PLAIN_TO_CLASS)
      .filter((m) => !m.options || !m.options.groups || !m.options.groups.length);
    const d = Object.getOwnPropertyDescriptor(target.prototype, key);
    keys.set(key, (found = { type, transforms, own: !!d && !d.set }));
  }
  return found;
}

const ownOfObject = (proto: object, key: string): boolean => {
  const d = Object.getOwnPropertyDescriptor(proto, key);
  return !!d && !d.set;
};

/** TransformOperationExecutor.transform (PLAIN_TO_CLASS, default options, no source object). */
function transform(value: unknown, targetType: Function | undefined, arrayType: Function | undefined): unknown {
  if (Array.isArray(value)) {
    let out: unknown[] = [];
    if (arrayType) {
      const made: unknown = new (arrayType as new () => unknown)();
      if (made instanceof Set) throw UNSUPPORTED;
      out = typeof made === 'object' && made !== null && 'push' in made ? (made as unknown[]) : [];
    }
    for (const item of value) {
      if (item instanceof Map) throw UNSUPPORTED;
      out.push(transform(item, targetType, undefined));
    }
    return out;
  }
  if (value instanceof Set || value instanceof Map || value instanceof Date || Buffer.isBuffer(value) || value instanceof Promise) throw UNSUPPORTED;
  if (targetType === String || targetType === Number || targetType === Boolean || targetType === Date || targetType === Buffer) {
    if (value === null || value === undefined) return value;
    if (targetType === String) return String(value);
    if (targetType === Number) return Number(value);
    if (targetType === Boolean) return Boolean(value);
    throw UNSUPPORTED;
  }
  if (typeof value !== 'object' || value === null) return value;
  if (typeof (value as { then?: unknown }).then === 'function') return value;

  let target = targetType;
  if (!target && value.constructor !== Object) {
    // plainToInstance refuses array-like objects posing as arrays; anything else of a class keeps it
    if (value.constructor !== Array) target = value.constructor;
  }
  if (target && !mirrored(target)) throw UNSUPPORTED;
  const out = (target ? new (target as new () => object)() : {}) as Record<string, unknown>;
  const proto: unknown = out.constructor?.prototype;
  const source = value as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    if (key === '__proto__' || key === 'constructor') continue;
    const sub = source[key];
    const meta = target ? keyOf(target, key) : undefined;
    let type: Function | undefined;
    if (meta?.type) {
      const t = meta.type;
      if (t.options?.discriminator || t.reflectedType === Map) throw UNSUPPORTED;
      type = t.typeFunction ? (t.typeFunction({ newObject: out, object: source, property: key }) as Function) : (t.reflectedType as Function);
    }
    if (sub instanceof Map) throw UNSUPPORTED;
    const subArrayType = Array.isArray(sub) ? (meta?.type?.reflectedType as Function | undefined) : undefined;
    // a method or a getter of the class (or of Object, for a plain object) is never overwritten
    if (meta ? meta.own : proto && ownOfObject(proto, key)) continue;
    if (out[key] instanceof Function) continue;
    let final = transform(sub, type, subArrayType);
    for (const m of meta?.transforms ?? []) final = m.transformFn({ value: final, key, obj: source, type: TransformationType.PLAIN_TO_CLASS, options: OPTIONS });
    // exposeUnsetFields is on by default: undefined is set too
    out[key] = final;
  }
  return out;
}
