/**
 * `kernel.function("F")`, `kernel.statement(...)`, `module("M").function("F")` and
 * `kprobe.function("F")`, with `.call`, `.return`...: stap runs these on kprobes; tstap would
 * use fentry/fexit through BTF or kprobes. Neither is built yet, and a kernel may offer
 * neither: the point is refused with the reason, never taken for a missing alias.
 */
import type { ProbeComponent } from '../../lang/index.js';
import type { TargetSystem } from '../target.js';
import type { ProviderResult } from './families.js';

export const KERNEL_FUNCTION_PATTERNS: readonly string[] = [
  'kernel.function(string)',
  'kernel.function(string).call',
  'kernel.function(string).return',
  'kernel.statement(string)',
  'module(string).function(string)',
  'module(string).function(string).return',
  'kprobe.function(string)',
  'kprobe.function(string).return',
];

function isKernelFunctionPoint(cs: readonly ProbeComponent[]): string | undefined {
  const [first, second] = cs;
  if (first === undefined || second === undefined) return undefined;
  const site = second.name === 'function' || second.name === 'statement';
  if (first.name === 'kernel' && !first.arg && site) return `kernel.${second.name}`;
  if (first.name === 'module' && first.arg?.kind === 'String' && site) return `module().${second.name}`;
  if (first.name === 'kprobe' && !first.arg && site) return `kprobe.${second.name}`;
  return undefined;
}

export function resolveKernelFunction(cs: readonly ProbeComponent[], target: TargetSystem): ProviderResult {
  const family = isKernelFunctionPoint(cs);
  if (family === undefined) return undefined;
  const reason = target.kernelFunctionProbes?.();
  return reason === undefined
    ? { error: `${family} probes are not supported by tstap yet (they need fentry/fexit or kprobes)` }
    : { error: `${family} probes need kprobes or fentry: ${reason}` };
}
