/** Byte-order and device-number conversions (upstream tapset/linux/inet.stp, endian.stp, dev.stp). */
import { builtin } from './signature.js';

export const CONVERSION_BUILTINS = [
  builtin('htonll', ['x:long'], 'long'),
  builtin('htonl', ['x:long'], 'long'),
  builtin('htons', ['x:long'], 'long'),
  builtin('ntohll', ['x:long'], 'long'),
  builtin('ntohl', ['x:long'], 'long'),
  builtin('ntohs', ['x:long'], 'long'),
  builtin('big_endian2', ['val:long'], 'long'),
  builtin('big_endian4', ['val:long'], 'long'),
  builtin('big_endian8', ['val:long'], 'long'),
  builtin('little_endian2', ['val:long'], 'long'),
  builtin('little_endian4', ['val:long'], 'long'),
  builtin('little_endian8', ['val:long'], 'long'),
  builtin('MAJOR', ['dev:long'], 'long'),
  builtin('MINOR', ['dev:long'], 'long'),
  builtin('MKDEV', ['major:long', 'minor:long'], 'long'),
  builtin('usrdev2kerndev', ['dev:long'], 'long'),
];

export type ConversionBuiltinName = (typeof CONVERSION_BUILTINS)[number]['name'];
