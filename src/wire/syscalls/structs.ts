/**
 * Decoders of fixed-size user structs the tapset copies at syscall entry (`_struct_timespec_u`,
 * `_stp_sigset_u`, `_struct_sockaddr_u`...), over the x86-64 layouts. A NULL pointer prints
 * `NULL`, a copy that faulted the pointer in hex (each decoder's `faulted`).
 */
import { lookupFlags, lookupName, type NameTable, nameTable } from './lookup.js';
import { SA_FLAGS, SIG_HANDLERS, SIGNALS } from './tables.js';
import { quoteBytes } from './text-quote.js';
import { hex } from './values.js';

export interface StructDecoder {
  /** Bytes to copy from the pointer. */
  readonly bytes: number;
  /** What a NULL pointer prints as. */
  readonly nullText: string;
  /** What a copy that faulted prints as, given the pointer. */
  readonly faulted: (pointer: bigint) => string;
  readonly format: (data: DataView, args: readonly bigint[]) => string;
}

const view = (data: Uint8Array): DataView => new DataView(data.buffer, data.byteOffset, data.byteLength);

const s64 = (d: DataView, offset: number): bigint => d.getBigInt64(offset, true);
const s32 = (d: DataView, offset: number): number => d.getInt32(offset, true);
const pad = (n: bigint | number, width: number): string => {
  const text = `${n < 0 ? -n : n}`.padStart(width, '0');
  return n < 0 ? `-${text}` : text;
};

const UTIME_NOW = (1n << 30n) - 1n;
const UTIME_OMIT = (1n << 30n) - 2n;

function timespecText(d: DataView, offset: number): string {
  const sec = s64(d, offset);
  const nsec = s64(d, offset + 8);
  if (nsec === UTIME_NOW) return '[UTIME_NOW]';
  if (nsec === UTIME_OMIT) return '[UTIME_OMIT]';
  return `[${sec}.${pad(nsec, 9)}]`;
}

/** `_struct_timespec_u(addr, n)`: `[sec.nsec]` per element, nanoseconds to 9 digits. */
export function timespecs(n: 1 | 2): StructDecoder {
  return {
    bytes: 16 * n,
    nullText: 'NULL',
    faulted: hex,
    format: (d) => (n === 1 ? timespecText(d, 0) : timespecText(d, 0) + timespecText(d, 16)),
  };
}

/** `_struct_timeval_u(addr, n)`: `[sec.usec]`, microseconds to 6 digits. */
export function timevals(n: 1 | 2): StructDecoder {
  const one = (d: DataView, offset: number) => `[${s64(d, offset)}.${pad(s64(d, offset + 8), 6)}]`;
  return {
    bytes: 16 * n,
    nullText: 'NULL',
    faulted: hex,
    format: (d) => (n === 1 ? one(d, 0) : one(d, 0) + one(d, 16)),
  };
}

/** `_struct_itimerval_u` / `_struct_itimerspec_u`: `[interval,value]` as `%d.%06d` of ints. */
export const ITIMER_PAIR: StructDecoder = {
  bytes: 32,
  nullText: 'NULL',
  faulted: hex,
  format: (d) => {
    const int = (offset: number) => Number(BigInt.asIntN(32, s64(d, offset)));
    return `[${int(0)}.${pad(int(8), 6)},${int(16)}.${pad(int(24), 6)}]`;
  },
};

export const TIMEZONE: StructDecoder = {
  bytes: 8,
  nullText: 'NULL',
  faulted: hex,
  format: (d) => `[${s32(d, 0)}, ${s32(d, 4)}]`,
};

/** `_struct_rlimit_u`: `[cur,max]` as signed longs (RLIM_INFINITY prints -1). */
export const RLIMIT: StructDecoder = {
  bytes: 16,
  nullText: 'NULL',
  faulted: hex,
  format: (d) => `[${s64(d, 0)},${s64(d, 8)}]`,
};

/** `_stp_sigset_str`: `[SIGA|SIGB]` in table order, or `[EMPTY]`. */
export function sigsetText(mask: bigint): string {
  const names: string[] = [];
  for (const [signal, name] of SIGNALS) {
    if (signal > 0n && signal <= 64n && ((mask >> (signal - 1n)) & 1n) !== 0n) names.push(name);
  }
  return names.length === 0 ? '[EMPTY]' : `[${names.join('|')}]`;
}

export const SIGSET: StructDecoder = {
  bytes: 8,
  nullText: 'NULL',
  faulted: hex,
  format: (d) => sigsetText(d.getBigUint64(0, true)),
};

/** `_struct_sigaction_u` over the kernel's x86-64 `struct sigaction` (handler, flags, restorer, mask). */
export const SIGACTION: StructDecoder = {
  bytes: 32,
  nullText: 'NULL',
  faulted: hex,
  format: (d) => {
    const handler = d.getBigUint64(0, true);
    const handlerText = lookupName(SIG_HANDLERS, handler);
    if (handler === 0n || handler === 1n) return handlerText;
    const flags = lookupFlags(SA_FLAGS, d.getBigUint64(8, true));
    return `${handlerText}, ${flags}, ${hex(d.getBigUint64(16, true))}, ${sigsetText(d.getBigUint64(24, true))}`;
  },
};

/** `pipe`/`pipe2`: the two descriptors of the `int[2]`. */
export const FD_PAIR: StructDecoder = {
  bytes: 8,
  nullText: 'NULL',
  faulted: () => '[0, 0]',
  format: (d) => `[${s32(d, 0)}, ${s32(d, 4)}]`,
};

const AF_UNIX = 1;
const AF_INET = 2;
const AF_INET6 = 10;
const AF_NETLINK = 16;
const AF_PACKET = 17;

function ipv6Text(d: DataView, offset: number): string {
  // The kernel's %pI6: eight groups of four hex digits, no compression.
  const groups: string[] = [];
  for (let i = 0; i < 8; i++)
    groups.push(
      d
        .getUint16(offset + 2 * i, false)
        .toString(16)
        .padStart(4, '0'),
    );
  return groups.join(':');
}

/**
 * `_struct_sockaddr_u(addr, len)`: the address for AF_INET / AF_INET6 / AF_UNIX / AF_NETLINK /
 * AF_PACKET when `len` fits the family, else `{unknown sockaddr ...}`. `lenArg` names the
 * argument holding the length (clamped to 0..128 as the tapset does).
 */
export function sockaddr(lenArg: number): StructDecoder {
  return {
    bytes: 128,
    nullText: 'NULL',
    faulted: () => '{...}',
    format: (full, args) => {
      const rawLen = BigInt.asIntN(64, args[lenArg] ?? 0n);
      const len = rawLen < 0n ? 128 : rawLen > 128n ? 128 : Number(rawLen);
      const bytes = new Uint8Array(128);
      bytes.set(new Uint8Array(full.buffer, full.byteOffset, Math.min(len, full.byteLength)));
      const d = view(bytes);
      const family = d.getUint16(0, true);
      if (family === AF_INET && len === 16) {
        const ip = [4, 5, 6, 7].map((i) => bytes[i]).join('.');
        return `{AF_INET, ${ip}, ${d.getUint16(2, false)}}`;
      }
      if (family === AF_UNIX && (len === 110 || len >= 4)) {
        if (bytes[2] === 0) {
          const text = quoteBytes(bytes.subarray(3), { inputBytes: len - 2, outputBytes: 0, buffer: true });
          return `{AF_UNIX, "\\000${text.slice(1, -1)}"}`;
        }
        const path = bytes.subarray(2, 127);
        const end = path.indexOf(0);
        return `{AF_UNIX, "${Buffer.from(path.subarray(0, end < 0 ? path.length : end)).toString('latin1')}"}`;
      }
      if (family === AF_NETLINK && len === 12) {
        return `{AF_NETLINK, pid=${s32(d, 4)}, groups=${d.getUint32(8, true).toString(16).padStart(8, '0')}}`;
      }
      if (family === AF_INET6 && len === 28) return `{AF_INET6, ${ipv6Text(d, 8)}, ${d.getUint16(2, false)}}`;
      if (family === AF_PACKET && len === 20) {
        return (
          `{AF_PACKET, proto=${d.getUint16(2, true)}, ind=${s32(d, 4)}, hatype=${d.getUint16(8, true)}, ` +
          `pkttype=${bytes[10]}, halen=${bytes[11]}, addr=0x${d.getBigUint64(12, true).toString(16)}}`
        );
      }
      if (len >= 2) return `{unknown sockaddr with sa=${family}, salen=${len}}`;
      return `{unknown sockaddr with salen=${len}}`;
    },
  };
}

/** The same decoder printed inside `{...}` whatever it prints (`"{%s}"` in the argstr format). */
export function braced(decoder: StructDecoder): StructDecoder {
  return {
    bytes: decoder.bytes,
    nullText: `{${decoder.nullText}}`,
    faulted: (pointer) => `{${decoder.faulted(pointer)}}`,
    format: (data, args) => `{${decoder.format(data, args)}}`,
  };
}

const SI_CODES = nameTable({
  SI_USER: 0,
  SI_KERNEL: 0x80,
  SI_QUEUE: -1,
  SI_TIMER: -2,
  SI_MESGQ: -3,
  SI_ASYNCIO: -4,
  SI_SIGIO: -5,
  SI_TKILL: -6,
  SI_DETHREAD: -7,
});
const names = (...list: string[]): NameTable => list.map((name, i) => [BigInt(i + 1), name] as const);
/** The per-signal si_code names, by signal number. */
const SIGNAL_SI_CODES: ReadonlyMap<number, NameTable> = new Map([
  [
    4,
    names(
      'ILL_ILLOPC',
      'ILL_ILLOPN',
      'ILL_ILLADR',
      'ILL_ILLTRP',
      'ILL_PRVOPC',
      'ILL_PRVREG',
      'ILL_COPROC',
      'ILL_BADSTK',
    ),
  ],
  [
    8,
    names(
      'FPE_INTDIV',
      'FPE_INTOVF',
      'FPE_FLTDIV',
      'FPE_FLTOVF',
      'FPE_FLTUND',
      'FPE_FLTRES',
      'FPE_FLTINV',
      'FPE_FLTSUB',
    ),
  ],
  [11, names('SEGV_MAPERR', 'SEGV_ACCERR', 'SEGV_BNDERR')],
  [7, names('BUS_ADRALN', 'BUS_ADRERR', 'BUS_OBJERR', 'BUS_MCEERR_AR', 'BUS_MCEERR_AO')],
  [5, names('TRAP_BRKPT', 'TRAP_TRACE', 'TRAP_BRANCH', 'TRAP_HWBKPT')],
  [17, names('CLD_EXITED', 'CLD_KILLED', 'CLD_DUMPED', 'CLD_TRAPPED', 'CLD_STOPPED', 'CLD_CONTINUED')],
  [29, names('POLL_IN', 'POLL_OUT', 'POLL_MSG', 'POLL_ERR', 'POLL_PRI', 'POLL_HUP')],
  [31, names('SYS_SECCOMP')],
]);

/** What follows si_code in `_stp_siginfo_u`, by sender and signal. */
function siginfoTail(d: DataView, signo: number, code: number): string {
  const pidUid = `, si_pid=${d.getUint32(16, true)}, si_uid=${d.getUint32(20, true)}`;
  // SI_FROMUSER: a non-positive si_code.
  if (code <= 0)
    return code === -2
      ? `, si_tid=${hex(BigInt(d.getUint32(16, true)))}, si_overrun=${d.getInt32(20, true)}`
      : pidUid;
  switch (signo) {
    case 17: {
      const status = d.getInt32(24, true);
      return `${pidUid}, si_status=${code === 1 ? `${status}` : lookupName(SIGNALS, BigInt(status))}`;
    }
    case 4:
    case 8:
    case 11:
    case 7:
      return `, si_addr=${hex(d.getBigUint64(16, true))}`;
    case 29:
      return code >= 1 && code <= 3 ? `, si_band=${d.getBigInt64(16, true)}` : '';
    case 31:
      return `, si_call_addr=${hex(d.getBigUint64(16, true))}, si_syscall=${d.getInt32(24, true)}, si_arch=${d.getUint32(28, true)}`;
    default:
      return d.getUint32(16, true) !== 0 || d.getUint32(20, true) !== 0 ? pidUid : '';
  }
}

/** `_stp_siginfo_u` over the x86-64 `siginfo_t`. */
export const SIGINFO: StructDecoder = {
  bytes: 32,
  nullText: 'NULL',
  faulted: hex,
  format: (d) => {
    const signo = d.getInt32(0, true);
    const code = d.getInt32(8, true);
    let codeText = lookupName(SI_CODES, BigInt(code));
    // An si_code the generic table lacks is looked up again per signal (appended, as stap does).
    const perSignal = SIGNAL_SI_CODES.get(signo);
    if (codeText.startsWith('0') && perSignal !== undefined) codeText += lookupName(perSignal, BigInt(code));
    return `{si_signo=${lookupName(SIGNALS, BigInt(signo))}, si_code=${codeText}${siginfoTail(d, signo, code)}}`;
  },
};
