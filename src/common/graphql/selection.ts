import { Kind, type FieldNode, type FragmentDefinitionNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Whether the query selects `path` below the field being resolved (`['edges', 'node',
 * 'participants']` below `proposals`), through named and inline fragments. A root field uses it
 * to read in its own statement what the page will ask for next, shaped as the answer needs it,
 * instead of leaving it to a loader's statement after the page. Directives are not evaluated: a
 * field under `@skip` counts as selected, which only reads a little more than needed.
 */
export function selects(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, path: readonly string[]): boolean {
  return fieldsAt(info, path).length > 0;
}

/**
 * Whether the query selects `path` and, below it, no field outside `names` (through fragments;
 * `__typename` always allowed). A root field uses it to read a narrower shape of a row when that
 * is all the answer shows. Like `selects`, it does not evaluate directives: a field under `@skip`
 * still counts, so a doubt always means the wider read.
 */
export function selectsOnly(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, path: readonly string[], names: ReadonlySet<string>): boolean {
  const fields = fieldsAt(info, path);
  if (!fields.length) return false;
  const below: FieldNode[] = [];
  for (const field of fields) {
    if (!field.selectionSet) return false;
    collect(field.selectionSet, null, info.fragments, below, new Set());
  }
  return below.every((f) => f.name.value === '__typename' || names.has(f.name.value));
}

/** The field nodes the query selects at `path` below the field being resolved. */
function fieldsAt(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, path: readonly string[]): readonly FieldNode[] {
  let level: readonly FieldNode[] = info.fieldNodes;
  for (const name of path) {
    const next: FieldNode[] = [];
    for (const field of level) if (field.selectionSet) collect(field.selectionSet, name, info.fragments, next, new Set());
    if (!next.length) return [];
    level = next;
  }
  return level;
}

/** Collects the fields of `set` named `name` (every field when `name` is null), through fragments. */
function collect(set: SelectionSetNode, name: string | null, fragments: Record<string, FragmentDefinitionNode>, into: FieldNode[], seen: Set<string>): void {
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) {
      if (name === null || s.name.value === name) into.push(s);
    } else if (s.kind === Kind.INLINE_FRAGMENT) {
      collect(s.selectionSet, name, fragments, into, seen);
    } else if (!seen.has(s.name.value) && fragments[s.name.value]) {
      // validation refuses fragment cycles; `seen` keeps this walk finite even so
      seen.add(s.name.value);
      collect(fragments[s.name.value].selectionSet, name, fragments, into, seen);
    }
  }
}
