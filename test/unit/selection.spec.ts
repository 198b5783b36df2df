import { buildSchema, execute, parse, type GraphQLResolveInfo } from 'graphql';
import { selects, selectsOnly } from '../../src/common/graphql/selection.js';

const schema = buildSchema(`
  type Student { id: ID displayName: String }
  type Participant { score: Float student: Student }
  type Proposal { id: ID participants: [Participant] offer: Offer }
  type Offer { title: String }
  type Edge { node: Proposal }
  type Page { edges: [Edge] totalCount: Int }
  type Query { proposals: Page }
`);

/** The info graphql-js hands the root field `proposals` for this document. */
function infoOf(document: string): GraphQLResolveInfo {
  let seen: GraphQLResolveInfo | undefined;
  execute({ schema, document: parse(document), rootValue: { proposals: (_a: unknown, _c: unknown, info: GraphQLResolveInfo) => ((seen = info), null) } });
  return seen!;
}

describe('selects', () => {
  it('follows a path of plain fields, and no further than the query asks', () => {
    const info = infoOf('{ proposals { edges { node { id participants { score } } } } }');
    expect(selects(info, ['edges', 'node', 'participants'])).toBe(true);
    expect(selects(info, ['edges', 'node', 'offer'])).toBe(false);
    expect(selects(info, ['edges', 'node', 'participants', 'student'])).toBe(false);
    expect(selects(info, ['totalCount'])).toBe(false);
  });

  it('sees through named fragments, inline fragments, nested fragments and aliases (names, not aliases, count)', () => {
    const info = infoOf(`
      query { proposals { edges { node { ...P } } } }
      fragment P on Proposal { ... on Proposal { people: participants { ...S } } }
      fragment S on Participant { student { displayName } }`);
    expect(selects(info, ['edges', 'node', 'participants', 'student'])).toBe(true);
    expect(selects(info, ['edges', 'node', 'people'])).toBe(false);
    expect(selects(info, ['edges', 'node', 'offer'])).toBe(false);
  });

  it('finds a field that only one of two selections of the same parent asks for', () => {
    const info = infoOf('{ proposals { edges { node { id } } edges { node { offer { title } } } } }');
    expect(selects(info, ['edges', 'node', 'offer'])).toBe(true);
  });
});

describe('selectsOnly', () => {
  const names = new Set(['displayName']);
  const at = ['edges', 'node', 'participants', 'student'];

  it('is true only when the path is selected and nothing below it but the names (and __typename)', () => {
    expect(selectsOnly(infoOf('{ proposals { edges { node { participants { student { displayName __typename } } } } } }'), at, names)).toBe(true);
    expect(selectsOnly(infoOf('{ proposals { edges { node { participants { student { displayName id } } } } } }'), at, names)).toBe(false);
    expect(selectsOnly(infoOf('{ proposals { edges { node { participants { score } } } } }'), at, names)).toBe(false);
  });

  it('counts every selection of the path, through fragments, aliases by their field names, and fields under @skip', () => {
    expect(selectsOnly(infoOf(`
      query { proposals { edges { node { participants { student { displayName } } ...P } } } }
      fragment P on Proposal { participants { student { ... on Student { name: displayName } } } }`), at, names)).toBe(true);
    expect(selectsOnly(infoOf(`
      query { proposals { edges { node { participants { student { displayName } } ...P } } } }
      fragment P on Proposal { participants { student { ... on Student { displayName: id } } } }`), at, names)).toBe(false);
    expect(selectsOnly(infoOf('{ proposals { edges { node { participants { student { displayName id @skip(if: true) } } } } } }'), at, names)).toBe(false);
  });
});
