/**
 * What the bench runners share: the checkout's paths and tstap command, their command-line
 * options, bpftrace unless `--no-bpftrace`, the C programs that fire the probes (the getpid(2)
 * loop among them), and the pieces of their reports.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BpftraceInfo, findBpftrace } from './runtime/bpftrace.js';
import { type Command, Runner } from './runtime/measure.js';

/** The checkout (this module runs as dist/bench/common.js). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where a bench writes its scripts, programs and measurements: bench/out/NAME. */
export function outDirOf(name: string): string {
  return path.join(repoRoot, 'bench', 'out', name);
}

/** The command that runs this checkout's tstap (arguments follow). */
export const TSTAP: readonly string[] = [process.execPath, path.join(repoRoot, 'bin', 'tstap.js')];

/**
 * A bench's options from its arguments, starting from `defaults`: `--NAME=N` sets a number field
 * (a positive integer, `_` allowed; NAME is the field's name in kebab case, `exitEvents` is
 * `--exit-events`), `--no-NAME` clears a flag, and `--cases=A,B`, for a bench with `cases`,
 * picks some of them (all by default). A string is what is wrong with the arguments.
 */
export function parseOptions<O extends Readonly<Record<string, number | boolean>>, C extends string = never>(
  argv: readonly string[],
  defaults: O,
  cases: readonly C[] = [],
): (O & { readonly cases: ReadonlySet<C> }) | string {
  const options: Record<string, number | boolean> = { ...defaults };
  const chosen = new Set<C>(cases);
  const field = new Map(
    Object.keys(defaults).map((k) => [k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), k]),
  );
  const kind = (name: string | undefined) => typeof defaults[field.get(name ?? '') ?? ''];
  for (const a of argv) {
    const numeric = /^--([\w-]+)=(.*)$/.exec(a);
    if (numeric !== null && kind(numeric[1]) === 'number') {
      const n = Number(numeric[2]!.replace(/_/g, ''));
      if (!Number.isInteger(n) || n <= 0) return `--${numeric[1]} needs a positive integer: ${a}`;
      options[field.get(numeric[1]!)!] = n;
    } else if (cases.length > 0 && a.startsWith('--cases=')) {
      chosen.clear();
      for (const c of a.slice(8).split(',')) {
        if (!(cases as readonly string[]).includes(c)) return `unknown case ${c} (have: ${cases.join(', ')})`;
        chosen.add(c as C);
      }
    } else if (a.startsWith('--no-') && kind(a.slice(5)) === 'boolean')
      options[field.get(a.slice(5))!] = false;
    else return `unknown argument ${a}`;
  }
  return { ...(options as O), cases: chosen };
}

/** A runner that keeps its /usr/bin/time output in DIR/time.out and sends stdout to /dev/null. */
export function runnerIn(dir: string): Runner {
  return new Runner(path.join(dir, 'time.out'), openSync('/dev/null', 'w'));
}

/** bpftrace, unless `--no-bpftrace` said to skip it (a note says so). */
export function bpftraceUnlessSkipped(options: {
  readonly bpftrace: boolean;
  readonly install: boolean;
}): BpftraceInfo {
  return options.bpftrace
    ? findBpftrace(options.install)
    : { path: undefined, version: undefined, notes: ['bpftrace skipped (--no-bpftrace)'] };
}

/** Writes `text` to DIR/NAME and returns the file's path. */
export function writeScript(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** Writes `source` to DIR/NAME.c and builds DIR/NAME with `gcc -O2`; returns the binary's path. */
export function buildC(dir: string, name: string, source: string): string {
  mkdirSync(dir, { recursive: true });
  const src = writeScript(dir, `${name}.c`, source);
  const bin = path.join(dir, name);
  const r = spawnSync('gcc', ['-O2', '-o', bin, src], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`gcc failed: ${r.error?.message ?? r.stderr}`);
  return bin;
}

/**
 * The getpid(2) event source (`getpid-loop N`, 1,000,000 by default): N calls, then the loop's
 * time (`GETPID_LOOP_NS`) and its own exit stamp (`GETPID_EXIT_AT`, CLOCK_MONOTONIC ns) on stderr.
 */
export const GETPID_LOOP_C = `#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

static long long now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 1000000;
  long long a = now();
  for (long i = 0; i < n; i++) syscall(SYS_getpid);
  long long b = now();
  fprintf(stderr, "GETPID_LOOP_NS %lld\\n", b - a);
  fprintf(stderr, "GETPID_EXIT_AT %lld\\n", now());
  return 0;
}
`;

/** The last three lines of a failed run's stderr that `skip` does not match, cut at `max` characters. */
export function lastLines(text: string, skip: RegExp, max: number): string {
  const lines = text
    .trim()
    .split('\n')
    .filter((l) => !skip.test(l));
  return lines.slice(-3).join(' / ').slice(0, max);
}

/** A text table: the first column left-aligned, the others right-aligned, a rule under the header. */
export function table(header: readonly string[], body: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** A command as a shell line, paths relative to the checkout (`node` for this node). */
export function shellLine(cmd: Command): string {
  const rel = (a: string) => (a.startsWith(`${repoRoot}/`) ? path.relative(repoRoot, a) : a);
  const quote = (a: string) => (/^[\w./=,:@%+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  return cmd.argv.map((a, i) => (i === 0 && a === process.execPath ? 'node' : quote(rel(a)))).join(' ');
}
