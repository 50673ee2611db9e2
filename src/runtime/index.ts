/**
 * Pass 5 for user-space probes (begin/end/error/never and interval timers): the generated-code
 * compiler (pass 3 for those handlers), the global store, and the session lifecycle.
 */
export type { CompiledProgram } from './codegen/index.js';
export type { OutputWriter } from './output.js';
export { type RunIo, type RunOptions, runSession, translate } from './session.js';
