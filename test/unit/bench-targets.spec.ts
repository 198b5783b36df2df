import { targetsTable, type Measured } from '../../bench/api/tables.js';

/** A run's measurements as targetsTable reads them: CPU ms a request per scenario and process. */
function measured(cpu: Record<string, number>, baselineCommit?: string): Measured {
  const get = (s: string, cfg: string) => (cpu[`${s}/${cfg}`] === undefined ? undefined : ({ reqPerSec: 1000 / cpu[`${s}/${cfg}`] } as never));
  return {
    list: [],
    configs: [],
    floor: null,
    get,
    cpu: (s, cfg) => cpu[`${s}/${cfg}`] ?? NaN,
    o: { connections: 10, duration: 10, rounds: 5, warmup: 2, sampleEvery: 50, withControl: false, withRate: false },
    baselineCommit,
  };
}
const resultOf = (m: Measured, starts: string): string => targetsTable(m, null).table.rows.find((r) => r[0].startsWith(starts))![2];

describe('bench:api targets in ms', () => {
  it('are judged in ms without a baseline', () => {
    expect(resultOf(measured({ 'proposals/limits': 5.9 }), "coordinator's proposals(first: 50) ≤ 6 ms")).toBe('PASS');
    expect(resultOf(measured({ 'proposals/limits': 6.1 }), "coordinator's proposals(first: 50) ≤ 6 ms")).toBe('FAIL');
  });

  it("with --baseline at the issue's build, as the ratio to it in the same run that 6 ms is to the issue's figure", () => {
    const issue = '03244f3' + '0'.repeat(33);
    // the issue's 20 ms of the proposals page: ≤ 0.30× the baseline; its 15 ms of the roster: ≤ 0.40×
    const slow = { 'proposals/limits': 11.5, 'proposals/baseline': 45, 'roster/limits': 18.5, 'roster/baseline': 45 };
    expect(resultOf(measured(slow, issue), "coordinator's proposals(first: 50) ≤ 6 ms")).toBe('PASS');
    expect(resultOf(measured(slow, issue), 'roster of 100 (enrollStudents) ≤ 6 ms')).toBe('FAIL');
    // another baseline says nothing of the issue's machine: ms again
    expect(resultOf(measured(slow, 'e455aee' + '0'.repeat(33)), "coordinator's proposals(first: 50) ≤ 6 ms")).toBe('FAIL');
  });
});
