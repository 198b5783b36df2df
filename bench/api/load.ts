/** Load scenarios against one API process, with autocannon (in this process), every response checked. */
import autocannon from 'autocannon';
import { procCpuMs } from '../support/machine.js';
import type { Config } from './scenarios.js';
import type { ApiProcess } from './server.js';

export interface Scenario {
  key: string;
  label: string;
  /** what each connection sends: connection i uses bodies[i % bodies.length] and headers[i % headers.length] */
  bodies: string[];
  headers: Record<string, string>[];
  /** checks the `data` of a sampled response; returns what is wrong, or undefined */
  check: (data: any) => string | undefined;
}

/** One autocannon run (a slice of a measurement). */
export interface Slice {
  responses: number;
  seconds: number;
  /** latency of each 2xx response, ms */
  latencies: number[];
  bytes2xx: number;
  ok2xx: number;
  non2xx: number;
  /** 2xx responses whose body is not `{"data":…}` without `errors` */
  gqlErrors: number;
  /** sampled responses whose data did not have the expected shape */
  shapeErrors: number;
  /** connection errors and timeouts (no response at all) */
  connErrors: number;
  /** how many responses were parsed and checked in full */
  sampled: number;
  statusCodes: Record<string, number>;
  problems: string[];
}

export interface LoadResult extends Omit<Slice, 'latencies'> {
  reqPerSec: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** mean response size (bytes, 2xx) */
  bytes: number;
  /** every failed request: non-2xx, GraphQL errors, wrong data, no response */
  failed: number;
  /** req/s of each slice, in the order measured */
  sliceRates: number[];
}

export interface LoadOptions {
  connections: number;
  seconds: number;
  /** every response is scanned for errors; one in this many (and the first 3) is parsed and checked in full */
  sampleEvery: number;
}

export function runSlice(url: string, s: Scenario, o: LoadOptions): Promise<Slice> {
  let seen = 0;
  let bad = 0;
  let sampled = 0;
  let shapeErrors = 0;
  let bytes2xx = 0;
  const latencies: number[] = [];
  const problems: string[] = [];
  const note = (p: string): void => {
    if (problems.length < 3) problems.push(p.slice(0, 300));
  };
  let client = 0;
  return new Promise<Slice>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${url}/graphql`,
        method: 'POST',
        connections: o.connections,
        duration: o.seconds,
        timeout: 30,
        headers: s.headers[0],
        body: s.bodies[0],
        setupClient: (c) => {
          const i = client++;
          c.setHeadersAndBody(s.headers[i % s.headers.length], s.bodies[i % s.bodies.length]);
        },
        verifyBody: (body: unknown) => {
          const text = String(body);
          seen++;
          if (!text.startsWith('{"data":') || text.includes('"errors"')) {
            bad++;
            note(text);
            return false;
          }
          if (seen <= 3 || seen % o.sampleEvery === 0) {
            sampled++;
            let problem: string | undefined;
            try {
              problem = s.check((JSON.parse(text) as { data: unknown }).data);
            } catch (err) {
              problem = `unparsable: ${String(err)}`;
            }
            if (problem) {
              shapeErrors++;
              note(problem);
              return false;
            }
          }
          return true;
        },
      },
      (err, result) => {
        if (err) return reject(err);
        const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([k, v]) => [k, v.count ?? 0]));
        const responses = Object.values(statusCodes).reduce((a, b) => a + b, 0);
        resolve({
          responses,
          seconds: result.duration,
          latencies,
          bytes2xx,
          ok2xx: result['2xx'],
          non2xx: result.non2xx,
          // non-2xx bodies fail verifyBody too: `bad` counts them
          gqlErrors: Math.max(0, bad - result.non2xx),
          shapeErrors,
          connErrors: result.errors,
          sampled,
          statusCodes,
          problems,
        });
      },
    );
    instance.on('response', (_client, statusCode, resBytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) {
        latencies.push(responseTime);
        bytes2xx += resBytes;
      }
    });
  });
}

const percentile = (sorted: number[], p: number): number => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : NaN);

/** The slices of one measurement as one result: rates over the summed time, percentiles over all latencies. */
export function combine(slices: Slice[]): LoadResult {
  const sum = (f: (s: Slice) => number): number => slices.reduce((a, s) => a + f(s), 0);
  const latencies = slices.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const statusCodes: Record<string, number> = {};
  for (const s of slices) for (const [k, v] of Object.entries(s.statusCodes)) statusCodes[k] = (statusCodes[k] ?? 0) + v;
  const r = {
    responses: sum((s) => s.responses),
    seconds: sum((s) => s.seconds),
    bytes2xx: sum((s) => s.bytes2xx),
    ok2xx: sum((s) => s.ok2xx),
    non2xx: sum((s) => s.non2xx),
    gqlErrors: sum((s) => s.gqlErrors),
    shapeErrors: sum((s) => s.shapeErrors),
    connErrors: sum((s) => s.connErrors),
    sampled: sum((s) => s.sampled),
    statusCodes,
    problems: slices.flatMap((s) => s.problems).slice(0, 3),
  };
  return {
    ...r,
    reqPerSec: r.responses / r.seconds,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    max: latencies.length ? latencies[latencies.length - 1] : NaN,
    bytes: r.ok2xx ? r.bytes2xx / r.ok2xx : 0,
    failed: r.non2xx + r.gqlErrors + r.shapeErrors + r.connErrors,
    sliceRates: slices.map((s) => s.responses / s.seconds),
  };
}

/** A process under load: an API process of a configuration, or the floor server. */
export interface Proc {
  cfg: Config;
  api: ApiProcess;
}

export interface MeasureOptions {
  connections: number;
  /** seconds per scenario and process, in `rounds` slices */
  duration: number;
  rounds: number;
  warmup: number;
  sampleEvery: number;
  log: (s: string) => void;
  tag?: string;
}

/**
 * Each scenario on each process: a warm-up, then `rounds` slices taking the processes in turn
 * (forwards, then backwards), so that whatever else the machine does falls on all of them alike.
 * Results and CPU ms per answer (of the process: /proc/<pid>/stat) go `into`, keyed `scenario/config`.
 */
export async function measure(list: Scenario[], procs: Proc[], into: { results: Map<string, LoadResult>; cpu: Map<string, number> }, o: MeasureOptions): Promise<void> {
  const slice = { connections: o.connections, seconds: o.duration / o.rounds, sampleEvery: o.sampleEvery };
  for (const s of list) {
    for (const p of procs) if (o.warmup > 0) await runSlice(p.api.url, s, { ...slice, seconds: o.warmup, sampleEvery: 1_000_000 });
    const slices: Slice[][] = procs.map(() => []);
    const cpuMs = procs.map(() => 0);
    for (let r = 0; r < o.rounds; r++) {
      const order = r % 2 === 0 ? procs.map((_, i) => i) : procs.map((_, i) => procs.length - 1 - i);
      for (const i of order) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        const cpu0 = procCpuMs(procs[i].api.child.pid!) ?? NaN;
        slices[i].push(await runSlice(procs[i].api.url, s, slice));
        cpuMs[i] += (procCpuMs(procs[i].api.child.pid!) ?? NaN) - cpu0;
        for (const p of procs) if (p.api.child.exitCode !== null) throw new Error(`${p.api.name} exited during the load:\n${p.api.tail()}`);
      }
    }
    for (const [i, p] of procs.entries()) {
      const r = combine(slices[i]);
      into.cpu.set(`${s.key}/${p.cfg.key}`, cpuMs[i] / r.responses);
      into.results.set(`${s.key}/${p.cfg.key}`, r);
      const line = `${s.key.padEnd(9)} ${p.cfg.label.padEnd(16)} ${r.reqPerSec.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms`;
      o.log(`${o.tag ?? ''}${line}  CPU ${(cpuMs[i] / r.responses).toFixed(2)} ms/req  failed ${r.failed}${r.problems.length ? `: ${r.problems[0]}` : ''}`);
    }
  }
}
