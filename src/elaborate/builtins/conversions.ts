/** Byte-order and device-number conversions (upstream tapset/linux/inet.stp, endian.stp, dev.stp). */
import { builtin } from './signature.js';

export const CONVERSION_BUILTINS = [
  builtin('htonll', ['long'], 'long'),
  builtin('htonl', ['long'], 'long'),
  builtin('htons', ['long'], 'long'),
  builtin('ntohll', ['long'], 'long'),
  builtin('ntohl', ['long'], 'long'),
  builtin('ntohs', ['long'], 'long'),
  builtin('big_endian2', ['long'], 'long'),
  builtin('big_endian4', ['long'], 'long'),
  builtin('big_endian8', ['long'], 'long'),
  builtin('little_endian2', ['long'], 'long'),
  builtin('little_endian4', ['long'], 'long'),
  builtin('little_endian8', ['long'], 'long'),
  builtin('MAJOR', ['long'], 'long'),
  builtin('MINOR', ['long'], 'long'),
  builtin('MKDEV', ['long', 'long'], 'long'),
  builtin('usrdev2kerndev', ['long'], 'long'),
];

export type ConversionBuiltinName = (typeof CONVERSION_BUILTINS)[number]['name'];
