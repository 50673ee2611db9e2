/**
 * Test support for kernel compilation: a script through the real front end and elaboration
 * (against a fake target with the given tracepoints), then compileKernel with small limits, and
 * its refusals as `message at line:col` lines.
 */
import { DiagnosticBag, makeSource } from '../diag/index.js';
import {
  BUILTIN_LOOKUP,
  elaborate,
  fakeTarget,
  type Program,
  type TracepointInfo,
} from '../elaborate/index.js';
import { type PreprocessContext, parseScript } from '../lang/index.js';
import { compileKernel, type KernelCompileOptions, type KernelCompileResult } from './index.js';

const CONTEXT: PreprocessContext = {
  args: [],
  kernelRelease: '6.8.0-1-generic',
  kernelVersion: '6.8.0',
  arch: 'x86_64',
  runtime: 'bpf',
  compatible: '5.6',
  privilege: 'stapdev',
  guruMode: false,
  kernelConfig: () => undefined,
};

/** `syscalls:sys_enter_getpid` with no fields. */
export const GETPID: TracepointInfo = { system: 'syscalls', name: 'sys_enter_getpid', fields: [] };

/** Elaborates `text` (as file `t.stp`, optimized, no guru mode); any error fails the test. */
function elaborated(text: string, tracepoints: readonly TracepointInfo[]): Program {
  const bag = new DiagnosticBag();
  const { script } = parseScript(makeSource('t.stp', text), { privileged: false, preprocess: CONTEXT }, bag);
  const { program } = elaborate(
    [script],
    [],
    BUILTIN_LOOKUP,
    { guru: false, unoptimized: false, target: fakeTarget(tracepoints) },
    bag,
  );
  if (program === undefined) throw new Error(bag.all.map((d) => d.message).join('\n'));
  return program;
}

/** Compiles `text` for the kernel with small limits, which `options` may override or add to. */
export function compileText(
  text: string,
  tracepoints: readonly TracepointInfo[],
  options: Partial<KernelCompileOptions> = {},
): KernelCompileResult {
  return compileKernel(elaborated(text, tracepoints), {
    maxStringLen: 512,
    maxMapEntries: 2048,
    maxErrors: 0,
    ringBufferBytes: 1 << 20,
    statShapes: new Map(),
    ...options,
  });
}

/** The diagnostics of a compilation, as `message at line:col`. */
export function refusals(result: KernelCompileResult): string[] {
  return result.diagnostics.map((d) => `${d.message} at ${d.span?.line}:${d.span?.col}`);
}
