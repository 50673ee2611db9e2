/**
 * Error numbers (upstream tapset/errno.stp): the x86-64 Linux names stap's table holds, which
 * stops at ENOTRECOVERABLE (131) and has no entries for 41 and 58 (no errno) nor for ERFKILL and
 * EHWPOISON. A number's sign is ignored. Shared by the runtime's errno_str/return_str builtins and
 * the syscall tapset's retstr.
 */

// biome-ignore format: one row per ten numbers reads like the header it mirrors.
const ERRNO_NAMES: readonly (string | undefined)[] = [
  undefined, 'EPERM', 'ENOENT', 'ESRCH', 'EINTR', 'EIO', 'ENXIO', 'E2BIG', 'ENOEXEC', 'EBADF',
  'ECHILD', 'EAGAIN', 'ENOMEM', 'EACCES', 'EFAULT', 'ENOTBLK', 'EBUSY', 'EEXIST', 'EXDEV', 'ENODEV',
  'ENOTDIR', 'EISDIR', 'EINVAL', 'ENFILE', 'EMFILE', 'ENOTTY', 'ETXTBSY', 'EFBIG', 'ENOSPC', 'ESPIPE',
  'EROFS', 'EMLINK', 'EPIPE', 'EDOM', 'ERANGE', 'EDEADLK', 'ENAMETOOLONG', 'ENOLCK', 'ENOSYS', 'ENOTEMPTY',
  'ELOOP', undefined, 'ENOMSG', 'EIDRM', 'ECHRNG', 'EL2NSYNC', 'EL3HLT', 'EL3RST', 'ELNRNG', 'EUNATCH',
  'ENOCSI', 'EL2HLT', 'EBADE', 'EBADR', 'EXFULL', 'ENOANO', 'EBADRQC', 'EBADSLT', undefined, 'EBFONT',
  'ENOSTR', 'ENODATA', 'ETIME', 'ENOSR', 'ENONET', 'ENOPKG', 'EREMOTE', 'ENOLINK', 'EADV', 'ESRMNT',
  'ECOMM', 'EPROTO', 'EMULTIHOP', 'EDOTDOT', 'EBADMSG', 'EOVERFLOW', 'ENOTUNIQ', 'EBADFD', 'EREMCHG', 'ELIBACC',
  'ELIBBAD', 'ELIBSCN', 'ELIBMAX', 'ELIBEXEC', 'EILSEQ', 'ERESTART', 'ESTRPIPE', 'EUSERS', 'ENOTSOCK', 'EDESTADDRREQ',
  'EMSGSIZE', 'EPROTOTYPE', 'ENOPROTOOPT', 'EPROTONOSUPPORT', 'ESOCKTNOSUPPORT', 'EOPNOTSUPP', 'EPFNOSUPPORT', 'EAFNOSUPPORT', 'EADDRINUSE', 'EADDRNOTAVAIL',
  'ENETDOWN', 'ENETUNREACH', 'ENETRESET', 'ECONNABORTED', 'ECONNRESET', 'ENOBUFS', 'EISCONN', 'ENOTCONN', 'ESHUTDOWN', 'ETOOMANYREFS',
  'ETIMEDOUT', 'ECONNREFUSED', 'EHOSTDOWN', 'EHOSTUNREACH', 'EALREADY', 'EINPROGRESS', 'ESTALE', 'EUCLEAN', 'ENOTNAM', 'ENAVAIL',
  'EISNAM', 'EREMOTEIO', 'EDQUOT', 'ENOMEDIUM', 'EMEDIUMTYPE', 'ECANCELED', 'ENOKEY', 'EKEYEXPIRED', 'EKEYREVOKED', 'EKEYREJECTED',
  'EOWNERDEAD', 'ENOTRECOVERABLE',
];

/** The errno name of `value` or of its negation, if stap's table has one. */
export function errnoName(value: bigint): string | undefined {
  const magnitude = value < 0n ? -value : value;
  return magnitude < BigInt(ERRNO_NAMES.length) ? ERRNO_NAMES[Number(magnitude)] : undefined;
}

/**
 * `return_str(format, ret)`: `-2 (ENOENT)` for a negative errno, else decimal (1), `0x` hex (2)
 * or `%#o` octal (3), hex and octal of the 64-bit two's complement; stap's `%#o` of 0 is `00`.
 */
export function returnStr(format: bigint, ret: bigint): string {
  const name = ret < 0n ? errnoName(ret) : undefined;
  if (name !== undefined) return `${ret} (${name})`;
  if (format === 2n) return `0x${BigInt.asUintN(64, ret).toString(16)}`;
  if (format === 3n) return `0${BigInt.asUintN(64, ret).toString(8)}`;
  return `${ret}`;
}
