/** Session control, logging and randomness (upstream tapset/logging.stp, random.stp). */
import { builtin } from './signature.js';

export const CONTROL_BUILTINS = [
  builtin('exit', [], 'unknown'),
  builtin('abort', [], 'unknown'),
  builtin('error', ['string'], 'unknown'),
  builtin('warn', ['string'], 'unknown'),
  builtin('log', ['string'], 'unknown'),
  builtin('assert', ['long'], 'unknown'),
  builtin('assert', ['long', 'string'], 'unknown'),
  builtin('randint', ['long'], 'long', { impure: true }),
  // A print operator in stap (staptree.cxx print_format::create): one byte to the output.
  builtin('print_char', ['long'], 'unknown'),
];

export type ControlBuiltinName = (typeof CONTROL_BUILTINS)[number]['name'];
