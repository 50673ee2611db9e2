/** String functions (upstream tapset/string.stp, tokenize.stp, regex.stp). */
import { builtin } from './signature.js';

export const STRING_BUILTINS = [
  builtin('strlen', ['s:string'], 'long'),
  builtin('substr', ['str:string', 'start:long', 'length:long'], 'string'),
  builtin('stringat', ['str:string', 'pos:long'], 'long'),
  builtin('isinstr', ['s1:string', 's2:string'], 'long'),
  builtin('strpos', ['s1:string', 's2:string'], 'long'),
  builtin('str_replace', ['prnt_str:string', 'srch_str:string', 'rplc_str:string'], 'string'),
  builtin('tokenize', ['delim:string'], 'string'),
  builtin('tokenize', ['input:string', 'delim:string'], 'string'),
  builtin('strtol', ['str:string', 'base:long'], 'long'),
  builtin('isdigit', ['str:string'], 'long'),
  builtin('text_str', ['input:string'], 'string'),
  builtin('text_strn', ['input:string', 'len:long', 'quoted:long'], 'string'),
  builtin('string_quoted', ['str:string'], 'string'),
  // Not in upstream's tapset; tstap offers them (ASCII case mapping, as C's toupper/tolower).
  builtin('toupper', ['s:string'], 'string'),
  builtin('tolower', ['s:string'], 'string'),
  builtin('matched', ['n:long'], 'string'),
  builtin('matched_str', [], 'string'),
  builtin('ngroups', [], 'long'),
];

export type StringBuiltinName = (typeof STRING_BUILTINS)[number]['name'];
