/** Pass 3 for user-space handlers: the elaborated program compiled to JavaScript. */

export { displayedGlobals } from './global-usage.js';
export { type HandlerState, isAbort, isCatchable, MaxActionError, newHandlerState } from './handler-state.js';
export {
  type CompiledProgram,
  type CompileOptions,
  compileProgram,
  type Handler,
  type LinkedBuiltin,
  type LinkInputs,
} from './program.js';
export { describeSpan, SiteTable } from './sites.js';
export { type RegexMatcher, Support, type SupportOptions } from './support.js';
