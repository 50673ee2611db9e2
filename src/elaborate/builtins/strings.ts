/** String functions (upstream tapset/string.stp, tokenize.stp, regex.stp). */
import { builtin } from './signature.js';

export const STRING_BUILTINS = [
  builtin('strlen', ['string'], 'long'),
  builtin('substr', ['string', 'long', 'long'], 'string'),
  builtin('stringat', ['string', 'long'], 'long'),
  builtin('isinstr', ['string', 'string'], 'long'),
  builtin('strpos', ['string', 'string'], 'long'),
  builtin('str_replace', ['string', 'string', 'string'], 'string'),
  builtin('tokenize', ['string'], 'string'),
  builtin('tokenize', ['string', 'string'], 'string'),
  builtin('strtol', ['string', 'long'], 'long'),
  builtin('isdigit', ['string'], 'long'),
  builtin('text_str', ['string'], 'string'),
  builtin('text_strn', ['string', 'long', 'long'], 'string'),
  builtin('string_quoted', ['string'], 'string'),
  // Not in upstream's tapset; tstap offers them (ASCII case mapping, as C's toupper/tolower).
  builtin('toupper', ['string'], 'string'),
  builtin('tolower', ['string'], 'string'),
  builtin('matched', ['long'], 'string'),
  builtin('matched_str', [], 'string'),
  builtin('ngroups', [], 'long'),
];

export type StringBuiltinName = (typeof STRING_BUILTINS)[number]['name'];
