/**
 * Pass 4 for programs with kernel probes: maps created and programs verified by the kernel. The
 * kernel layer (and the FFI package with it) is loaded only here, so runs without kernel probes
 * never pay for it.
 */
import type { KernelCompileResult } from '../compile/index.js';
import type { KernelOpenResult } from './kernel-side/index.js';

export type { KernelOpenResult, KernelSide } from './kernel-side/index.js';

export async function openKernel(kernel: KernelCompileResult): Promise<KernelOpenResult> {
  const { KernelSide } = await import('./kernel-side/index.js');
  return KernelSide.open(kernel);
}
