import { parse, type OperationDefinitionNode } from 'graphql';
import { compilable } from '../../src/common/graphql/compiled-executor.js';

/** Which validated documents the compiled executor may take (compiled-executor.ts): reads only, no introspection. */
const may = (query: string, compileAfter = 2): boolean => {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
  return compilable(document, operation, compileAfter);
};

describe('compilable', () => {
  it('takes plain queries, with fragments, aliases and variables', () => {
    expect(may('{ offers(first: 20) { edges { node { title } } } }')).toBe(true);
    expect(may('query P($n: Int!) { a: proposals(first: $n) { ...F } } fragment F on ProposalConnection { totalCount }')).toBe(true);
    expect(may('{ __typename }')).toBe(true);
  });

  it('never takes mutations or subscriptions, nor anything when compiling is off', () => {
    expect(may('mutation { requestMatchingRun { id } }')).toBe(false);
    expect(may('subscription { matchingRunUpdated { id } }')).toBe(false);
    expect(may('{ offers(first: 1) { totalCount } }', 0)).toBe(false);
  });

  it('never takes a query that writes, however it is reached', () => {
    expect(may('{ exportStudentData(studentId: "x") { displayName } }')).toBe(false);
    expect(may('{ x: exportStudentData(studentId: "x") { displayName } }')).toBe(false);
    expect(may('{ ... on Query { exportStudentData(studentId: "x") { displayName } } }')).toBe(false);
    expect(may('{ ... { exportStudentData(studentId: "x") { displayName } } }')).toBe(false);
    expect(may('{ ...Q } fragment Q on Query { exportStudentData(studentId: "x") { displayName } }')).toBe(false);
  });

  it('leaves introspection to graphql-js, at any depth and through fragments', () => {
    expect(may('{ __schema { types { name } } }')).toBe(false);
    expect(may('{ offers(first: 1) { edges { node { ... on Offer { __type: title } } } } }')).toBe(true);
    expect(may('{ __type(name: "Offer") { name } }')).toBe(false);
    expect(may('{ ...I } fragment I on Query { __schema { queryType { name } } }')).toBe(false);
  });
});
