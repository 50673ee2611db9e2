/** The kernel half of a session (loaded only for programs with kernel probes: it brings the FFI). */
export { type KernelEvents, type KernelOpenResult, KernelSide } from './kernel-side.js';
