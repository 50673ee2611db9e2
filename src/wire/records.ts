/**
 * The records kernel handlers write to the ring buffer and the runtime reads: one 8-byte header
 * (u32 type, u32 id, host byte order) and a payload whose layout the id selects. Records are
 * 8-byte aligned and padded to a multiple of 8 bytes.
 *
 * - PRINTF: `id` is the output site (see OutputSite); its arguments follow the header at the
 *   offsets of the site's PrintfLayout.
 * - EXIT: `exit()` ran in a kernel handler; no payload (id 0).
 * - ERROR: a runtime error aborted a kernel handler; `id` is the error site (the span blamed and
 *   the probe), then u32 code, s32 detail (the errno of a fault), u64 argument (the array size
 *   of an overflow, the address of a fault).
 * - WARNING: `warn(msg)` ran in a kernel handler (id 0); u64 capacity, then the message,
 *   NUL-terminated in a slot of that many bytes (see `readWarningMessage`).
 * - SYSTEM: `system(cmd)` ran in a kernel handler (id 0); laid out as WARNING, the command
 *   in place of the message.
 */

export const RECORD_HEADER_BYTES = 8;

export const RECORD_TYPE = {
  printf: 1,
  exit: 2,
  error: 3,
  /** A print whose arguments are formatted in user space (deferred-output.ts). */
  printfDeferred: 4,
  warning: 5,
  system: 6,
} as const;

export type RecordType = (typeof RECORD_TYPE)[keyof typeof RECORD_TYPE];

/** Offsets in an ERROR record. */
export const ERROR_RECORD = {
  code: 8,
  detail: 12,
  argument: 16,
  bytes: 24,
} as const;

/** Offsets in a WARNING record. */
export const WARNING_RECORD = {
  capacity: 8,
  bytes: 16,
} as const;

/** What went wrong, with stap's message for each (see `errorMessage`). */
export const ERROR_CODE = {
  divisionByZero: 1,
  /** The argument is the array's declared size, 0 for MAXMAPENTRIES. */
  arrayOverflow: 2,
  /** The argument is the address, the detail the (negative) errno. */
  userStringFault: 3,
  /** The argument is the address. */
  kernelStringFault: 4,
  /**
   * `error(msg)`: the message follows the 24 bytes of the record, NUL-terminated in a slot of
   * `argument` bytes (see `readScriptErrorMessage`).
   */
  scriptError: 5,
  /** `cpu_clock_*(cpu)` of a CPU that does not exist; the argument is the cpu. */
  cpuNotOnline: 6,
  /** `@avg`, `@min`, `@max` of an aggregate without samples. */
  emptyAggregate: 7,
  /** A `$p->member` (or @cast) load that faulted; the argument is the address. */
  readFault: 8,
  /** A loop in a kernel handler ran MAXACTION times (loops.ts); no argument. */
  maxActionExceeded: 9,
  /** `@hist_*(s)[i]` with i outside the histogram's buckets; no argument. */
  histogramIndexOutOfRange: 10,
} as const;

export type ErrorCode = (typeof ERROR_CODE)[keyof typeof ERROR_CODE];

/**
 * stap's text for an error record (translate.cxx, tapset conversions): `division by 0`,
 * `Array overflow, check size limit (N)`, `user string copy fault -14 at 0x... [man error::fault]`.
 */
export function errorMessage(code: number, detail: number, argument: bigint): string {
  const address = `0x${BigInt.asUintN(64, argument).toString(16)}`;
  switch (code) {
    case ERROR_CODE.divisionByZero:
      return 'division by 0';
    case ERROR_CODE.arrayOverflow:
      return argument > 0n
        ? `Array overflow, check size limit (${argument})`
        : 'Array overflow, check MAXMAPENTRIES';
    case ERROR_CODE.userStringFault:
      return `user string copy fault ${detail} at ${address} [man error::fault]`;
    case ERROR_CODE.kernelStringFault:
      return `kernel string copy fault at ${address} [man error::fault]`;
    case ERROR_CODE.readFault:
      return `read fault [man error::fault] at ${address}`;
    case ERROR_CODE.cpuNotOnline:
      return `cpu ${argument} is not online`;
    case ERROR_CODE.emptyAggregate:
      return 'empty aggregate';
    case ERROR_CODE.maxActionExceeded:
      return 'MAXACTION exceeded';
    case ERROR_CODE.histogramIndexOutOfRange:
      return 'histogram index out of range';
    default:
      return `unknown runtime error ${code}`;
  }
}

/** The message of a `scriptError` ERROR record at `offset` of `view`. */
export function readScriptErrorMessage(view: DataView, offset: number): string {
  const capacity = Number(view.getBigUint64(offset + ERROR_RECORD.argument, true));
  let s = '';
  for (let i = 0; i < capacity; i++) {
    const b = view.getUint8(offset + ERROR_RECORD.bytes + i);
    if (b === 0) break;
    s += String.fromCharCode(b);
  }
  return s;
}

/** The message of a WARNING record at `offset` of `view`. */
export function readWarningMessage(view: DataView, offset: number): string {
  const capacity = Number(view.getBigUint64(offset + WARNING_RECORD.capacity, true));
  let s = '';
  for (let i = 0; i < capacity; i++) {
    const b = view.getUint8(offset + WARNING_RECORD.bytes + i);
    if (b === 0) break;
    s += String.fromCharCode(b);
  }
  return s;
}

/** A record's type and id, read at `offset` of `view`. */
export function recordType(view: DataView, offset: number): number {
  return view.getUint32(offset, true);
}

export function recordId(view: DataView, offset: number): number {
  return view.getUint32(offset + 4, true);
}

/** Rounds a record or field size up to the 8-byte alignment every record keeps. */
export function align8(bytes: number): number {
  return (bytes + 7) & ~7;
}
