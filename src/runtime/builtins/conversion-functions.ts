/**
 * Byte order and device numbers (upstream tapset/linux/inet.stp, endian.stp, dev.stp; kernel
 * include/linux/kdev_t.h). Arguments are cast to the C parameter width first, as the tapset does.
 */
import { endianness } from 'node:os';
import type { ConversionBuiltinName } from '../../elaborate/index.js';
import { type BuiltinImpl, longArg } from './builtin-impl.js';

const LITTLE_ENDIAN = endianness() === 'LE';

/** The low `bytes` bytes of `value` (unsigned), reversed when `reverse` is set. */
function reorderBytes(value: bigint, bytes: number, reverse: boolean): bigint {
  let unsigned = BigInt.asUintN(bytes * 8, value);
  let result = unsigned;
  if (reverse) {
    result = 0n;
    for (let i = 0; i < bytes; i++) {
      result = (result << 8n) | (unsigned & 0xffn);
      unsigned >>= 8n;
    }
  }
  // The u16/u32 results are non-negative; the u64 one is returned as the script's signed long.
  return bytes === 8 ? BigInt.asIntN(64, result) : result;
}

/** `cpu_to_be16/32/64` (and htons...): reversed on a little-endian host, else unchanged. */
export function swapBytes(value: bigint, bytes: number): bigint {
  return reorderBytes(value, bytes, LITTLE_ENDIAN);
}

/** `cpu_to_le16/32/64`: unchanged (but for the width) on a little-endian host. */
export function littleEndian(value: bigint, bytes: number): bigint {
  return reorderBytes(value, bytes, !LITTLE_ENDIAN);
}

/** The kernel's internal dev_t: 12-bit major above a 20-bit minor. */
const MINORBITS = 20n;
const MINORMASK = (1n << MINORBITS) - 1n;

export function mkdev(major: bigint, minor: bigint): bigint {
  return BigInt.asIntN(64, (major << MINORBITS) | minor);
}

/** `new_decode_dev`: the user-space (glibc) encoding to the kernel's. */
function usrdevToKerndev(dev: bigint): bigint {
  const value = BigInt.asUintN(32, dev);
  const major = (value & 0xfff00n) >> 8n;
  const minor = (value & 0xffn) | ((value >> 12n) & 0xfff00n);
  return BigInt.asUintN(32, mkdev(major, minor));
}

export const CONVERSION_IMPLS: { readonly [K in ConversionBuiltinName]: BuiltinImpl } = {
  htonll: (_ctx, args) => swapBytes(longArg(args, 0), 8),
  htonl: (_ctx, args) => swapBytes(longArg(args, 0), 4),
  htons: (_ctx, args) => swapBytes(longArg(args, 0), 2),
  ntohll: (_ctx, args) => swapBytes(longArg(args, 0), 8),
  ntohl: (_ctx, args) => swapBytes(longArg(args, 0), 4),
  ntohs: (_ctx, args) => swapBytes(longArg(args, 0), 2),
  // cpu_to_be*: network order is big-endian.
  big_endian2: (_ctx, args) => swapBytes(longArg(args, 0), 2),
  big_endian4: (_ctx, args) => swapBytes(longArg(args, 0), 4),
  big_endian8: (_ctx, args) => swapBytes(longArg(args, 0), 8),
  little_endian2: (_ctx, args) => littleEndian(longArg(args, 0), 2),
  little_endian4: (_ctx, args) => littleEndian(longArg(args, 0), 4),
  little_endian8: (_ctx, args) => littleEndian(longArg(args, 0), 8),
  // MAJOR(dev) is (unsigned int)(dev >> MINORBITS), an arithmetic shift of the int64.
  MAJOR: (_ctx, args) => BigInt.asUintN(32, longArg(args, 0) >> MINORBITS),
  MINOR: (_ctx, args) => longArg(args, 0) & MINORMASK,
  MKDEV: (_ctx, args) => mkdev(longArg(args, 0), longArg(args, 1)),
  usrdev2kerndev: (_ctx, args) => usrdevToKerndev(longArg(args, 0)),
};
