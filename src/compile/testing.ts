/**
 * Test support for kernel compilation: a script through the real front end and elaboration
 * (against a target, by default a fake one with the given tracepoints), then compileKernel with
 * small limits, and its refusals as `message at line:col` lines.
 */
import { DiagnosticBag } from '../diag/index.js';
import {
  BUILTIN_LOOKUP,
  elaborate,
  fakeTarget,
  type Program,
  type TargetSystem,
  type TracepointInfo,
} from '../elaborate/index.js';
import { parseTestScript } from '../lang/index.js';
import { compileKernel, type KernelCompileOptions, type KernelCompileResult } from './index.js';

/** `syscalls:sys_enter_getpid` with no fields. */
export const GETPID: TracepointInfo = { system: 'syscalls', name: 'sys_enter_getpid', fields: [] };

/** Elaborates `text` (as file `t.stp`, no guru mode) against `target`; any error fails the test. */
export function elaborated(text: string, target: TargetSystem, unoptimized = false): Program {
  const bag = new DiagnosticBag();
  const script = parseTestScript(text, bag);
  const { program } = elaborate([script], [], BUILTIN_LOOKUP, { guru: false, unoptimized, target }, bag);
  if (program === undefined) throw new Error(bag.all.map((d) => d.message).join('\n'));
  return program;
}

/** Compiles `program` for the kernel with small limits, which `options` may override or add to. */
export function compileProgram(
  program: Program,
  options: Partial<KernelCompileOptions> = {},
): KernelCompileResult {
  return compileKernel(program, {
    maxStringLen: 512,
    maxMapEntries: 2048,
    maxErrors: 0,
    ringBufferBytes: 1 << 20,
    statShapes: new Map(),
    ...options,
  });
}

/**
 * Compiles `text` (optimized, against a fake target with `tracepoints`) for the kernel with small
 * limits, which `options` may override or add to.
 */
export function compileText(
  text: string,
  tracepoints: readonly TracepointInfo[],
  options: Partial<KernelCompileOptions> = {},
): KernelCompileResult {
  return compileProgram(elaborated(text, fakeTarget(tracepoints)), options);
}

/** The diagnostics of a compilation, as `message at line:col`. */
export function refusals(result: KernelCompileResult): string[] {
  return result.diagnostics.map((d) => `${d.message} at ${d.span?.line}:${d.span?.col}`);
}
