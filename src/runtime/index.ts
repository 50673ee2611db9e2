/**
 * Pass 5: the generated-code compiler for user-space probes (begin/end/error/never and interval
 * timers: pass 3 for those handlers), the global store, the session lifecycle, and for kernel
 * probes pass 4 (loading into the verifier) and the kernel half of the session.
 */
export type { CompiledProgram } from './codegen/index.js';
export { type KernelOpenResult, type KernelSide, openKernel } from './kernel-entry.js';
export { kernelCompileOptions } from './kernel-options.js';
export type { OutputWriter } from './output.js';
export { type RunIo, type RunOptions, runSession, translate } from './session.js';
