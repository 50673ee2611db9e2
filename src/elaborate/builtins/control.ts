/** Session control, logging and randomness (upstream tapset/logging.stp, random.stp). */
import { builtin } from './signature.js';

export const CONTROL_BUILTINS = [
  builtin('exit', [], 'unknown'),
  builtin('abort', [], 'unknown'),
  builtin('error', ['msg:string'], 'unknown'),
  builtin('warn', ['msg:string'], 'unknown'),
  builtin('log', ['msg:string'], 'unknown'),
  builtin('system', ['cmd:string'], 'unknown'),
  builtin('assert', ['expression:long'], 'unknown'),
  builtin('assert', ['expression:long', 'msg:string'], 'unknown'),
  builtin('randint', ['n:long'], 'long', { impure: true }),
  // A print operator in stap (staptree.cxx print_format::create): one byte to the output.
  builtin('print_char', ['c:long'], 'unknown'),
];

export type ControlBuiltinName = (typeof CONTROL_BUILTINS)[number]['name'];
