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
import type { GlobalStorage, MapDecl, OutputSite, StatShape } from '../wire/index.js';
import { Capacities } from './capacity.js';
import { lowerHandler } from './handler.js';
import { type ErrorSite, tokenAt } from './lowering.js';
import { fixedMaps, kernelGlobals, planGlobals, SCRATCH_SYMBOL, ZEROS_SYMBOL } from './plan.js';
import { usesTraceParams } from './trace-fields.js';

export { kernelListing } from './listing.js';
export type { ErrorSite } from './lowering.js';

export interface KernelCompileOptions {
  /** MAXSTRINGLEN. */
  readonly maxStringLen: number;
  /** MAXMAPENTRIES: the size of arrays declared without one. */
  readonly maxMapEntries: number;
  /** MAXERRORS (a huge number with --suppress-handler-errors). */
  readonly maxErrors: number;
  /** The ring buffer (a power of two, a multiple of the page size). */
  readonly ringBufferBytes: number;
  /** Each aggregate's histogram and `@variance` shift (from the runtime's analysis). */
  readonly statShapes: ReadonlyMap<Variable, StatShape>;
}

export interface KernelProgram {
  readonly probe: DerivedProbe;
  /** What `bpftool prog` shows (15 characters at most). */
  readonly name: string;
  /** `raw_tracepoint` when the handler reads TP_PROTO parameters (trace-fields.ts). */
  readonly type: 'tracepoint' | 'raw_tracepoint';
  readonly attach: { readonly system: string; readonly event: string };
  readonly instructions: readonly Instruction[];
  readonly assembled: AssembledProgram;
}

export interface KernelCompileResult {
  readonly programs: readonly KernelProgram[];
  /** Every map the programs name; the runtime creates them before loading. */
  readonly maps: readonly MapDecl[];
  /** Where each global the kernel side touches lives; the others stay in user space. */
  readonly storage: ReadonlyMap<Variable, GlobalStorage>;
  /** PRINTF record ids index this. */
  readonly outputSites: readonly OutputSite[];
  /** ERROR record ids index this. */
  readonly errorSites: readonly ErrorSite[];
  readonly diagnostics: readonly Diagnostic[];
}

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
  const shared = { errorSites: [], outputSites: [], diagnostics: [] as Diagnostic[] };
  const lowering = {
    maxStringLen: options.maxStringLen,
    maxErrors: options.maxErrors,
    varianceUsed: varianceUsed(program),
  };
  const programs: KernelProgram[] = [];
  let scratchBytes = 0;
  let zeros = false;
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
    if (point.family !== 'kernel.trace') continue;
    programs.push({
      probe,
      name: programName(point.event),
      type: usesTraceParams(probe) ? 'raw_tracepoint' : 'tracepoint',
      attach: { system: point.system, event: point.event },
      instructions: handler.instructions,
      assembled: assembled.program,
    });
  }
  const maps: MapDecl[] = [...fixedMaps({ ...options, statShapes: options.statShapes }), ...plan.maps];
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
