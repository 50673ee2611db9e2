/**
 * Pass 3 for kernel probes: each handler lowered to a BPF program (src/bpf), the maps they share
 * with user space laid out (src/wire), and the tables the runtime decodes ring-buffer records
 * with. Constructs the kernel side cannot run yet are pass-3 errors at their span, never
 * silently dropped.
 */

import { type AssembledProgram, assemble, type Instruction } from '../bpf/index.js';
import type { Diagnostic } from '../diag/index.js';
import {
  type AstNode,
  type DerivedProbe,
  type Program,
  runsInKernel,
  type Variable,
  walk,
} from '../elaborate/index.js';
import type { DeferredSite, GlobalStorage, MapDecl, OutputSite, StatShape } from '../wire/index.js';
import { Capacities } from './capacity.js';
import type { ContextTarget } from './context-target.js';
import { lowerHandler } from './handler.js';
import { type ErrorSite, tokenAt } from './lowering.js';
import { fixedMaps, kernelGlobals, planGlobals, SCRATCH_SYMBOL, ZEROS_SYMBOL } from './plan.js';
import { syscallEntryCompanion } from './syscall-entry.js';
import { syscallProgramName } from './syscall-rows.js';
import type { CompileTimezone } from './timezone.js';
import { rawSyscallEntry, usesTraceParams } from './trace-fields.js';
import { type EntryCompanion, entryCompanion } from './uprobe-entry.js';
import { type UprobeAttach, uprobeAttach, uprobeProgramName } from './uprobe-program.js';

export type { CodeRange, ContextTarget, TaskCharsAccess, TaskMemberAccess } from './context-target.js';
export { kernelListing } from './listing.js';
export type { ErrorSite } from './lowering.js';
export { describeUprobe, type UprobeAttach } from './uprobe-program.js';

export interface KernelCompileOptions {
  /** MAXSTRINGLEN. */
  readonly maxStringLen: number;
  /** MAXMAPENTRIES: the size of arrays declared without one. */
  readonly maxMapEntries: number;
  /** MAXERRORS (a huge number with --suppress-handler-errors). */
  readonly maxErrors: number;
  /** MAXACTION: the most iterations a kernel loop run through bpf_loop may make (default 1000). */
  readonly maxAction?: number;
  /** The ring buffer (a power of two, a multiple of the page size). */
  readonly ringBufferBytes: number;
  /** Each aggregate's histogram and `@variance` shift (from the runtime's analysis). */
  readonly statShapes: ReadonlyMap<Variable, StatShape>;
  /** The running kernel's task layout and CPUs (context-target.ts); absent: functions needing it are refused. */
  readonly context?: ContextTarget;
  /** The local time zone at startup, asked for by `tz_*()` in kernel handlers (timezone.ts). */
  readonly timezone?: () => CompileTimezone;
}

export interface KernelProgram {
  readonly probe: DerivedProbe;
  /** What `bpftool prog` shows (15 characters at most). */
  readonly name: string;
  /** `raw_tracepoint` when the handler reads TP_PROTO parameters (trace-fields.ts). */
  readonly type: 'tracepoint' | 'raw_tracepoint' | 'kprobe' | 'perf_event';
  readonly attach: { readonly system: string; readonly event: string };
  /** `kprobe` programs of process(...) probes: the uprobe they attach to (uprobe-program.ts). */
  readonly uprobe?: UprobeAttach;
  /** `perf_event` programs of perf.* probes: the event opened on every CPU. */
  readonly perf?: PerfAttach;
  readonly instructions: readonly Instruction[];
  readonly assembled: AssembledProgram;
}

/** A perf event to open on every CPU (`perf.type(T).config(C)`, `.sample(N)` or `.hz(F)`). */
export interface PerfAttach {
  readonly type: bigint;
  readonly config: bigint;
  readonly sampling: { readonly kind: 'period' | 'frequency'; readonly value: bigint };
}

export interface KernelCompileResult {
  readonly programs: readonly KernelProgram[];
  /** Every map the programs name; the runtime creates them before loading. */
  readonly maps: readonly MapDecl[];
  /** Where each global the kernel side touches lives; the others stay in user space. */
  readonly storage: ReadonlyMap<Variable, GlobalStorage>;
  /** PRINTF record ids index this. */
  readonly outputSites: readonly OutputSite[];
  /** PRINTF_DEFERRED record ids index this (backtraces, symbols: wire/deferred-output.ts). */
  readonly deferredSites?: readonly DeferredSite[];
  /** ERROR record ids index this. */
  readonly errorSites: readonly ErrorSite[];
  readonly diagnostics: readonly Diagnostic[];
}

/** stap's MAXACTION default. */
const DEFAULT_MAX_ACTION = 1000;

export function hasKernelProbes(program: Program): boolean {
  return program.probes.some((p) => runsInKernel(p.point));
}

export function compileKernel(program: Program, options: KernelCompileOptions): KernelCompileResult {
  const probes = program.probes.filter((p) => runsInKernel(p.point));
  const capacities = new Capacities(program, options.maxStringLen);
  const plan = planGlobals(kernelGlobals(probes, program), capacities, {
    maxMapEntries: options.maxMapEntries,
    ringBufferBytes: options.ringBufferBytes,
    statShapes: options.statShapes,
  });
  const shared = {
    errorSites: [],
    outputSites: [],
    deferredSites: [] as DeferredSite[],
    diagnostics: [] as Diagnostic[],
    tableMaps: [] as MapDecl[],
  };
  const lowering = {
    maxStringLen: options.maxStringLen,
    maxErrors: options.maxErrors,
    maxAction: options.maxAction ?? DEFAULT_MAX_ACTION,
    varianceUsed: varianceUsed(program),
    ...(options.context === undefined ? {} : { context: options.context }),
    ...(options.timezone === undefined ? {} : { timezone: options.timezone }),
  };
  const programs: KernelProgram[] = [];
  let scratchBytes = 0;
  let zeros = false;
  /** Counts an entry companion's scratch, zeros and maps in; its program, when it assembled. */
  const adopt = (
    entry: Pick<EntryCompanion, 'scratchBytes' | 'usesZeros' | 'assembled'>,
    entryMaps: readonly MapDecl[],
  ): AssembledProgram | undefined => {
    scratchBytes = Math.max(scratchBytes, entry.scratchBytes);
    zeros ||= entry.usesZeros;
    shared.tableMaps.push(...entryMaps);
    return entry.assembled;
  };
  for (const probe of probes) {
    const handler = lowerHandler(program, probe, plan.storage, capacities, shared, lowering);
    scratchBytes = Math.max(scratchBytes, handler.scratchBytes);
    zeros ||= handler.usesZeros;
    if (handler.failed) continue;
    const assembled = assemble(handler.instructions);
    if (!assembled.ok) {
      for (const err of assembled.errors) {
        shared.diagnostics.push({
          category: 'translate',
          severity: 'error',
          code: 'T402',
          message: `cannot assemble the BPF program of ${probe.name}: ${err.message}`,
          ...(err.span ? { span: err.span, subject: { label: 'at', description: tokenAt(err.span) } } : {}),
        });
      }
      continue;
    }
    const point = probe.point;
    const companionArgs: Parameters<typeof entryCompanion> = [
      program,
      probe,
      plan.storage,
      capacities,
      shared,
      lowering,
      options.maxMapEntries,
    ];
    if (point.family === 'syscall') {
      const entry = syscallEntryCompanion(...companionArgs);
      if (entry !== undefined) {
        const entryProgram = adopt(entry, entry.maps);
        if (entryProgram === undefined) continue;
        programs.push({
          probe,
          name: syscallProgramName(point).replace(/_ret$/, '_ent'),
          type: 'raw_tracepoint',
          attach: { system: 'raw_syscalls', event: 'sys_enter' },
          instructions: entry.instructions,
          assembled: entryProgram,
        });
      }
      programs.push({
        probe,
        name: syscallProgramName(point),
        type: 'raw_tracepoint',
        attach: { system: 'raw_syscalls', event: point.isReturn ? 'sys_exit' : 'sys_enter' },
        instructions: handler.instructions,
        assembled: assembled.program,
      });
      continue;
    }
    if (point.family === 'process.lifecycle') {
      programs.push({
        probe,
        name: `process_${point.event.replace('.', '_')}`.slice(0, 15),
        type: 'tracepoint',
        attach: { system: point.system, event: point.tracepoint },
        instructions: handler.instructions,
        assembled: assembled.program,
      });
      continue;
    }
    if (point.family === 'process') {
      const uprobe = uprobeAttach(point);
      const entry = entryCompanion(...companionArgs);
      if (entry !== undefined) {
        const entryProgram = adopt(entry, [entry.map]);
        if (entryProgram === undefined) continue;
        programs.push({
          probe,
          name: uprobeProgramName(point),
          type: 'kprobe',
          attach: { system: 'uprobes', event: point.symbol },
          uprobe: { ...uprobe, retprobe: false },
          instructions: entry.instructions,
          assembled: entryProgram,
        });
      }
      programs.push({
        probe,
        name: uprobeProgramName(point),
        type: 'kprobe',
        attach: { system: 'uprobes', event: point.symbol },
        uprobe,
        instructions: handler.instructions,
        assembled: assembled.program,
      });
      continue;
    }
    if (point.family === 'perf') {
      programs.push({
        probe,
        name: `perf_${point.type}_${point.config}`.slice(0, 15),
        type: 'perf_event',
        attach: { system: 'perf', event: probe.name },
        perf: { type: point.type, config: point.config, sampling: point.sampling },
        instructions: handler.instructions,
        assembled: assembled.program,
      });
      continue;
    }
    if (point.family !== 'kernel.trace') continue;
    const rawSyscall = rawSyscallEntry(probe) !== undefined;
    programs.push({
      probe,
      name: programName(point.event),
      type: rawSyscall || usesTraceParams(probe) ? 'raw_tracepoint' : 'tracepoint',
      attach: rawSyscall
        ? { system: 'raw_syscalls', event: 'sys_enter' }
        : { system: point.system, event: point.event },
      instructions: handler.instructions,
      assembled: assembled.program,
    });
  }
  const maps: MapDecl[] = [
    ...fixedMaps({ ...options, statShapes: options.statShapes }),
    ...plan.maps,
    ...shared.tableMaps,
  ];
  if (scratchBytes > 0) {
    maps.push({
      symbol: SCRATCH_SYMBOL,
      name: 'stap_scratch',
      kind: 'percpu_array',
      keyBytes: 4,
      valueBytes: scratchBytes,
      maxEntries: 1,
    });
  }
  if (zeros) {
    const largest = Math.max(
      8,
      ...plan.maps.filter((m) => m.kind.includes('percpu')).map((m) => m.valueBytes),
    );
    maps.push({
      symbol: ZEROS_SYMBOL,
      name: 'stap_zeros',
      kind: 'array',
      keyBytes: 4,
      valueBytes: largest,
      maxEntries: 1,
    });
  }
  return {
    programs,
    maps,
    storage: plan.storage,
    outputSites: shared.outputSites,
    deferredSites: shared.deferredSites,
    errorSites: shared.errorSites,
    diagnostics: shared.diagnostics,
  };
}

/** `sys_enter_getpid` → `sys_enter_getpi` (the kernel keeps 15 characters). */
function programName(event: string): string {
  return event.replace(/[^A-Za-z0-9_.]/g, '_').slice(0, 15);
}

/** Aggregates whose `@variance` some handler reads. */
function varianceUsed(program: Program): Set<Variable> {
  const used = new Set<Variable>();
  const visit = (node: AstNode): undefined => {
    if (node.kind === 'Stat' && node.stat === 'variance') {
      const operand = node.operand.kind === 'Index' ? node.operand.base : node.operand;
      const v = operand.kind === 'Symbol' ? program.bindings.get(operand) : undefined;
      if (v !== undefined) used.add(v);
    }
    return undefined;
  };
  for (const p of program.probes) walk(p.body, { enter: visit });
  for (const f of program.functions) if (f.body.kind === 'Block') walk(f.body, { enter: visit });
  return used;
}
