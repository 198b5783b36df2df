import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import type { GqlResult } from './app.js';

/**
 * Queries generated from the schema itself, so that a field added later is asked for without
 * anyone remembering it: from each root field, every field of every object type reachable within
 * `maxDepth` (a type at most twice on a path, so cycles end), each object with `__typename`, and
 * the arguments a field requires taken from `Pools`. `walk` runs one root field for a caller and,
 * when fields are refused (FORBIDDEN on a field nulls its parents up to the nearest nullable one),
 * asks again without them until the answer holds no error: every answer on the way is kept, so
 * what the refused field's siblings hold is seen too.
 */

export interface Pools {
  /** candidate values for a required argument (the walker calls the field once per value); undefined: none known */
  values(parent: string, field: string, arg: string, type: GraphQLInputType, returns: string): unknown[] | undefined;
}

interface Node {
  field: string;
  type: string;
  args: string;
  children: Node[];
  removed?: boolean;
}

export interface Walked {
  root: string;
  args: Record<string, unknown>;
  query: string;
  answers: GqlResult[];
  /** `Type.field` of each field refused to this caller, with its code */
  refused: Map<string, string>;
}

/** A GraphQL literal of `value` for an input type. */
export function literal(value: unknown, type: GraphQLInputType): string {
  const t = isNonNullType(type) ? type.ofType : type;
  if (value === null || value === undefined) return 'null';
  if (isListType(t)) return `[${(value as unknown[]).map((v) => literal(v, t.ofType)).join(', ')}]`;
  if (isEnumType(t)) return String(value);
  if (isInputObjectType(t)) {
    const fields = t.getFields();
    return `{ ${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}: ${literal(v, fields[k].type)}`).join(', ')} }`;
  }
  return JSON.stringify(value);
}

export class SchemaWalker {
  /** `Type.field` of every field some generated query asked for */
  readonly selected = new Set<string>();
  /** `Type.field` of fields left out because an argument they require had no value */
  readonly unreachable = new Set<string>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly pools: Pools,
    /** calls of root fields whose arguments are all optional but some are needed to answer (perspectiveMap's eventId) */
    private readonly extraCalls: Record<string, Record<string, unknown>[]> = {},
    private readonly maxDepth = 6,
  ) {}

  /** Every `Type.field` of the object types reachable from Query (what `selected` should cover). */
  reachableFields(): string[] {
    const out = new Set<string>();
    const seen = new Set<string>();
    const visit = (type: GraphQLObjectType) => {
      if (seen.has(type.name)) return;
      seen.add(type.name);
      for (const f of Object.values(type.getFields())) {
        out.add(`${type.name}.${f.name}`);
        const named = getNamedType(f.type);
        if (isObjectType(named)) visit(named);
      }
    };
    for (const f of Object.values(this.schema.getQueryType()!.getFields())) {
      const named = getNamedType(f.type);
      if (isObjectType(named)) visit(named);
    }
    return [...out].sort();
  }

  /** The calls of each root field: one per combination of its required arguments' values (none known: no call). */
  rootCalls(): { field: string; args: Record<string, unknown> }[] {
    const query = this.schema.getQueryType()!;
    const calls: { field: string; args: Record<string, unknown> }[] = [];
    for (const f of Object.values(query.getFields())) {
      let combos: Record<string, unknown>[] = [{}];
      for (const a of f.args) {
        if (!isNonNullType(a.type) || a.defaultValue !== undefined) continue;
        const values = this.pools.values('Query', f.name, a.name, a.type, getNamedType(f.type).name);
        if (!values?.length) {
          combos = [];
          this.unreachable.add(`Query.${f.name}`);
          break;
        }
        combos = combos.flatMap((c) => values.map((v) => ({ ...c, [a.name]: v })));
      }
      for (const args of combos) calls.push({ field: f.name, args });
      for (const args of this.extraCalls[f.name] ?? []) calls.push({ field: f.name, args });
    }
    return calls;
  }

  /** Runs one root call for one caller, pruning refused fields until the answer holds no error. */
  async walk(run: (query: string) => Promise<GqlResult>, root: string, args: Record<string, unknown>): Promise<Walked> {
    const field = this.schema.getQueryType()!.getFields()[root];
    const tree: Node = { field: root, type: getNamedType(field.type).name, args: this.printArgs(field, args), children: this.children(getNamedType(field.type), 1, new Map()) };
    this.selected.add(`Query.${root}`);
    const answers: GqlResult[] = [];
    const refused = new Map<string, string>();
    let query = '';
    for (let attempt = 0; attempt < 25; attempt++) {
      query = `{ ${print(tree)} }`;
      const res = await run(query);
      answers.push(res);
      const paths = (res.errors ?? []).map((e) => ({ path: (e as { path?: (string | number)[] }).path, code: e.extensions?.code ?? '?' }));
      if (!paths.length) break;
      let pruned = false;
      for (const { path, code } of paths) {
        const at = path ? locate(tree, path) : undefined;
        if (!at || at.node === tree) continue;
        at.node.removed = true;
        refused.set(`${at.parentType}.${at.node.field}`, String(code));
        pruned = true;
      }
      if (!pruned) break;
    }
    return { root, args, query, answers, refused };
  }

  private printArgs(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): string {
    const parts = field.args.filter((a) => args[a.name] !== undefined).map((a) => `${a.name}: ${literal(args[a.name], a.type)}`);
    return parts.length ? `(${parts.join(', ')})` : '';
  }

  private children(type: GraphQLNamedType, depth: number, onPath: Map<string, number>): Node[] {
    if (!isObjectType(type)) return [];
    const path = new Map(onPath).set(type.name, (onPath.get(type.name) ?? 0) + 1);
    const out: Node[] = [{ field: '__typename', type: 'String', args: '', children: [] }];
    for (const f of Object.values(type.getFields())) {
      const named = getNamedType(f.type);
      const args: Record<string, unknown> = {};
      let missing = false;
      for (const a of f.args) {
        if (!isNonNullType(a.type) || a.defaultValue !== undefined) continue;
        const values = this.pools.values(type.name, f.name, a.name, a.type, named.name);
        if (!values?.length) missing = true;
        else args[a.name] = values[0];
      }
      if (missing) {
        this.unreachable.add(`${type.name}.${f.name}`);
        continue;
      }
      if (isLeafType(named)) {
        out.push({ field: f.name, type: named.name, args: this.printArgs(f, args), children: [] });
        this.selected.add(`${type.name}.${f.name}`);
      } else if (isObjectType(named) && depth < this.maxDepth && (path.get(named.name) ?? 0) < 2) {
        const children = this.children(named, depth + 1, path);
        if (children.length) {
          out.push({ field: f.name, type: named.name, args: this.printArgs(f, args), children });
          this.selected.add(`${type.name}.${f.name}`);
        }
      }
    }
    return out;
  }
}

function print(n: Node): string {
  const kids = n.children.filter((c) => !c.removed);
  return kids.length ? `${n.field}${n.args} { ${kids.map(print).join(' ')} }` : `${n.field}${n.args}`;
}

/** The selection an error's path names (list indices skipped), with the type it is a field of. */
function locate(tree: Node, path: (string | number)[]): { node: Node; parentType: string } | undefined {
  let node = tree;
  let parentType = 'Query';
  for (const step of path.slice(1)) {
    if (typeof step === 'number') continue;
    const next = node.children.find((c) => c.field === step && !c.removed);
    if (!next) return undefined;
    parentType = node.type;
    node = next;
  }
  return { node, parentType };
}

/**
 * Every object in an answer with its `__typename`, the object it hangs under and the field path
 * (list indices dropped): the structural rules read objects of a kind where they appear.
 */
export function objectsOf(data: unknown, visit: (o: Record<string, unknown>, parent: Record<string, unknown> | null, path: string) => void): void {
  const walk = (v: unknown, parent: Record<string, unknown> | null, path: string) => {
    if (Array.isArray(v)) return v.forEach((x) => walk(x, parent, path));
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.__typename === 'string') visit(o, parent, path);
      for (const [k, x] of Object.entries(o)) walk(x, typeof o.__typename === 'string' ? o : parent, path ? `${path}.${k}` : k);
    }
  };
  walk(data, null, '');
}
