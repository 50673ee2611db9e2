/**
 * The wire format shared by the BPF code generator (writer) and the runtime (reader): ring-buffer
 * records, the session-state slot, and the layouts of globals in BPF maps. Imports only lang
 * (for printf formats); bpf and wire are peers that do not import each other.
 */
export * from './deferred-output.js';
export * from './globals.js';
export * from './output-sites.js';
export * from './records.js';
export * from './session-state.js';
export * from './stats.js';
export {
  SYSCALL_TEXT,
  type SyscallTextCall,
  type SyscallTextTable,
  syscallTextTable,
} from './syscall-text.js';
export {
  argstrCaptures,
  type Capture,
  type DecodedText,
  decodedCaptures,
  decodedField,
  errnoName,
  formatArgstr,
  formatDecoded,
  formatRetstr,
  hasStapLayout,
  returnStr,
  type SyscallParam,
  VECTOR,
} from './syscalls/index.js';
export { escapeBytes, escapeText, type TextEscapeOptions } from './text-escape.js';
