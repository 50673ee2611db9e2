/**
 * argstr layouts of prctl and ptrace, whose arguments mean different things per option or
 * request (upstream `_prctl_argstr`, `_ptrace_argstr` and x86-64's `_arch_ptrace_argstr`).
 */
import { cases, type Field, hexOf, int, ptr, struct, ulong, value } from './fields.js';
import { lookupFlags, lookupName, type NameTable, nameTable } from './lookup.js';
import type { StructDecoder } from './structs.js';
import { ARCH_PRCTL_CODES, SIGNALS } from './tables.js';
import { hex } from './values.js';

// ------------------------------------------------------------------ prctl

const PR = {
  PR_SET_PDEATHSIG: 1,
  PR_GET_PDEATHSIG: 2,
  PR_GET_DUMPABLE: 3,
  PR_SET_DUMPABLE: 4,
  PR_GET_UNALIGN: 5,
  PR_SET_UNALIGN: 6,
  PR_GET_KEEPCAPS: 7,
  PR_SET_KEEPCAPS: 8,
  PR_GET_FPEMU: 9,
  PR_SET_FPEMU: 10,
  PR_GET_FPEXC: 11,
  PR_SET_FPEXC: 12,
  PR_GET_TIMING: 13,
  PR_SET_TIMING: 14,
  PR_SET_NAME: 15,
  PR_GET_NAME: 16,
  PR_GET_ENDIAN: 19,
  PR_SET_ENDIAN: 20,
  PR_GET_SECCOMP: 21,
  PR_SET_SECCOMP: 22,
  PR_CAPBSET_READ: 23,
  PR_CAPBSET_DROP: 24,
  PR_GET_TSC: 25,
  PR_SET_TSC: 26,
  PR_GET_SECUREBITS: 27,
  PR_SET_SECUREBITS: 28,
  PR_SET_TIMERSLACK: 29,
  PR_GET_TIMERSLACK: 30,
  PR_TASK_PERF_EVENTS_DISABLE: 31,
  PR_TASK_PERF_EVENTS_ENABLE: 32,
  PR_MCE_KILL: 33,
  PR_MCE_KILL_GET: 34,
  PR_SET_MM: 35,
  PR_SET_CHILD_SUBREAPER: 36,
  PR_GET_CHILD_SUBREAPER: 37,
  PR_SET_NO_NEW_PRIVS: 38,
  PR_GET_NO_NEW_PRIVS: 39,
  PR_GET_TID_ADDRESS: 40,
  PR_SET_THP_DISABLE: 41,
  PR_GET_THP_DISABLE: 42,
  PR_MPX_ENABLE_MANAGEMENT: 43,
  PR_MPX_DISABLE_MANAGEMENT: 44,
  PR_SET_PTRACER: 0x59616d61,
} as const;
const PRCTL_OPTIONS = nameTable(PR);
const pr = (...names: (keyof typeof PR)[]): bigint[] => names.map((n) => BigInt(PR[n]));

const CAPABILITIES = nameTable({
  CAP_CHOWN: 0,
  CAP_DAC_OVERRIDE: 1,
  CAP_DAC_READ_SEARCH: 2,
  CAP_FOWNER: 3,
  CAP_FSETID: 4,
  CAP_KILL: 5,
  CAP_SETGID: 6,
  CAP_SETUID: 7,
  CAP_SETPCAP: 8,
  CAP_LINUX_IMMUTABLE: 9,
  CAP_NET_BIND_SERVICE: 10,
  CAP_NET_BROADCAST: 11,
  CAP_NET_ADMIN: 12,
  CAP_NET_RAW: 13,
  CAP_IPC_LOCK: 14,
  CAP_IPC_OWNER: 15,
  CAP_SYS_MODULE: 16,
  CAP_SYS_RAWIO: 17,
  CAP_SYS_CHROOT: 18,
  CAP_SYS_PTRACE: 19,
  CAP_SYS_PACCT: 20,
  CAP_SYS_ADMIN: 21,
  CAP_SYS_BOOT: 22,
  CAP_SYS_NICE: 23,
  CAP_SYS_RESOURCE: 24,
  CAP_SYS_TIME: 25,
  CAP_SYS_TTY_CONFIG: 26,
  CAP_MKNOD: 27,
  CAP_LEASE: 28,
  CAP_AUDIT_WRITE: 29,
  CAP_AUDIT_CONTROL: 30,
  CAP_SETFCAP: 31,
  CAP_MAC_OVERRIDE: 32,
  CAP_MAC_ADMIN: 33,
  CAP_SYSLOG: 34,
  CAP_WAKE_ALARM: 35,
  CAP_BLOCK_SUSPEND: 36,
  CAP_AUDIT_READ: 37,
  CAP_PERFMON: 38,
  CAP_BPF: 39,
  CAP_CHECKPOINT_RESTORE: 40,
});
const SECUREBITS = nameTable({
  SECBIT_NOROOT: 1,
  SECBIT_NOROOT_LOCKED: 2,
  SECBIT_NO_SETUID_FIXUP: 4,
  SECBIT_NO_SETUID_FIXUP_LOCKED: 8,
  SECBIT_KEEP_CAPS: 16,
  SECBIT_KEEP_CAPS_LOCKED: 32,
  SECBIT_NO_CAP_AMBIENT_RAISE: 64,
  SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED: 128,
});
const SECCOMP_MODES = nameTable({ SECCOMP_MODE_DISABLED: 0, SECCOMP_MODE_STRICT: 1, SECCOMP_MODE_FILTER: 2 });
const PR_MM = nameTable({
  PR_SET_MM_START_CODE: 1,
  PR_SET_MM_END_CODE: 2,
  PR_SET_MM_START_DATA: 3,
  PR_SET_MM_END_DATA: 4,
  PR_SET_MM_START_STACK: 5,
  PR_SET_MM_START_BRK: 6,
  PR_SET_MM_BRK: 7,
  PR_SET_MM_ARG_START: 8,
  PR_SET_MM_ARG_END: 9,
  PR_SET_MM_ENV_START: 10,
  PR_SET_MM_ENV_END: 11,
  PR_SET_MM_AUXV: 12,
  PR_SET_MM_EXE_FILE: 13,
  PR_SET_MM_MAP: 14,
  PR_SET_MM_MAP_SIZE: 15,
});

const u64 = (v: bigint): bigint => BigInt.asUintN(64, v);
/** `_stp_lookup_str(table, (unsigned long)arg)`. */
const namedLong = (arg: number, table: NameTable): Field => value(arg, (v) => lookupName(table, u64(v)));

const PR_MCE_KILL_CLEAR = 0n;
const PR_MCE_KILL_SET = 1n;

/** `_prctl_argstr`: the option, then what that option's arguments mean. */
const PRCTL: readonly Field[] = [
  value(0, (v) => lookupName(PRCTL_OPTIONS, BigInt.asUintN(32, v))),
  ...cases(
    (args) => BigInt.asUintN(32, args[0] ?? 0n),
    [
      [
        pr(
          'PR_GET_DUMPABLE',
          'PR_GET_TIMING',
          'PR_GET_KEEPCAPS',
          'PR_GET_SECCOMP',
          'PR_TASK_PERF_EVENTS_DISABLE',
          'PR_TASK_PERF_EVENTS_ENABLE',
          'PR_GET_TIMERSLACK',
          'PR_MCE_KILL_GET',
          'PR_GET_NO_NEW_PRIVS',
          'PR_GET_THP_DISABLE',
          'PR_MPX_ENABLE_MANAGEMENT',
          'PR_MPX_DISABLE_MANAGEMENT',
          'PR_GET_SECUREBITS',
        ),
        [],
      ],
      [pr('PR_SET_UNALIGN'), [namedLong(1, nameTable({ PR_UNALIGN_NOPRINT: 1, PR_UNALIGN_SIGBUS: 2 }))]],
      [pr('PR_SET_FPEMU'), [namedLong(1, nameTable({ PR_FPEMU_NOPRINT: 1, PR_FPEMU_SIGFPE: 2 }))]],
      [
        pr('PR_SET_FPEXC'),
        [
          namedLong(
            1,
            nameTable({
              PR_FP_EXC_SW_ENABLE: 0x80,
              PR_FP_EXC_DIV: 0x10000,
              PR_FP_EXC_OVF: 0x20000,
              PR_FP_EXC_UND: 0x40000,
              PR_FP_EXC_RES: 0x80000,
              PR_FP_EXC_INV: 0x100000,
              PR_FP_EXC_DISABLED: 0,
              PR_FP_EXC_NONRECOV: 1,
              PR_FP_EXC_ASYNC: 2,
              PR_FP_EXC_PRECISE: 3,
            }),
          ),
        ],
      ],
      [pr('PR_SET_TIMING'), [namedLong(1, nameTable({ PR_TIMING_STATISTICAL: 0, PR_TIMING_TIMESTAMP: 1 }))]],
      [
        pr('PR_SET_ENDIAN'),
        [namedLong(1, nameTable({ PR_ENDIAN_BIG: 0, PR_ENDIAN_LITTLE: 1, PR_ENDIAN_PPC_LITTLE: 2 }))],
      ],
      [pr('PR_SET_TSC'), [namedLong(1, nameTable({ PR_TSC_ENABLE: 1, PR_TSC_SIGSEGV: 2 }))]],
      [
        pr('PR_SET_PTRACER'),
        [value(1, (v) => lookupName(nameTable({ PR_SET_PTRACER_ANY: -1 }), BigInt.asIntN(64, v), 10))],
      ],
      [pr('PR_CAPBSET_READ', 'PR_CAPBSET_DROP'), [namedLong(1, CAPABILITIES)]],
      [pr('PR_SET_SECUREBITS'), [value(1, (v) => lookupFlags(SECUREBITS, u64(v)))]],
      [
        pr(
          'PR_SET_PDEATHSIG',
          'PR_GET_PDEATHSIG',
          'PR_GET_UNALIGN',
          'PR_GET_FPEMU',
          'PR_GET_FPEXC',
          'PR_SET_NAME',
          'PR_GET_NAME',
          'PR_GET_ENDIAN',
          'PR_GET_TSC',
          'PR_GET_TID_ADDRESS',
          'PR_GET_CHILD_SUBREAPER',
          'PR_SET_THP_DISABLE',
        ),
        [hexOf(1, 'u64')],
      ],
      [
        pr(
          'PR_SET_DUMPABLE',
          'PR_SET_KEEPCAPS',
          'PR_SET_CHILD_SUBREAPER',
          'PR_SET_NO_NEW_PRIVS',
          'PR_SET_TIMERSLACK',
        ),
        [ulong(1)],
      ],
      [
        pr('PR_MCE_KILL'),
        [
          namedLong(1, nameTable({ PR_MCE_KILL_CLEAR: 0, PR_MCE_KILL_SET: 1 })),
          ...cases(
            (args) => u64(args[1] ?? 0n),
            [
              [
                [PR_MCE_KILL_SET],
                [
                  namedLong(
                    2,
                    nameTable({ PR_MCE_KILL_LATE: 0, PR_MCE_KILL_EARLY: 1, PR_MCE_KILL_DEFAULT: 2 }),
                  ),
                ],
              ],
              [[PR_MCE_KILL_CLEAR], []],
              [null, [hexOf(2, 'u64')]],
            ],
          ),
        ],
      ],
      [pr('PR_SET_SECCOMP'), [namedLong(1, SECCOMP_MODES), hexOf(2, 'u64')]],
      [pr('PR_SET_MM'), [namedLong(1, PR_MM), hexOf(2, 'u64')]],
      [null, [hexOf(1, 'u64'), hexOf(2, 'u64'), hexOf(3, 'u64'), hexOf(4, 'u64')]],
    ],
  ),
];

// ------------------------------------------------------------------ ptrace

const PT = {
  PTRACE_TRACEME: 0,
  PTRACE_PEEKTEXT: 1,
  PTRACE_PEEKDATA: 2,
  PTRACE_PEEKUSR: 3,
  PTRACE_POKETEXT: 4,
  PTRACE_POKEDATA: 5,
  PTRACE_POKEUSR: 6,
  PTRACE_CONT: 7,
  PTRACE_KILL: 8,
  PTRACE_SINGLESTEP: 9,
  PTRACE_ATTACH: 16,
  PTRACE_DETACH: 17,
  PTRACE_SYSCALL: 24,
  PTRACE_SETOPTIONS: 0x4200,
  PTRACE_GETEVENTMSG: 0x4201,
  PTRACE_GETSIGINFO: 0x4202,
  PTRACE_SETSIGINFO: 0x4203,
  PTRACE_GETREGSET: 0x4204,
  PTRACE_SETREGSET: 0x4205,
  PTRACE_SEIZE: 0x4206,
  PTRACE_INTERRUPT: 0x4207,
  PTRACE_LISTEN: 0x4208,
  PTRACE_PEEKSIGINFO: 0x4209,
  PTRACE_GETSIGMASK: 0x420a,
  PTRACE_SETSIGMASK: 0x420b,
} as const;
/** The x86-64 requests (`_stp_arch_ptrace_request_list`). */
const PT_ARCH = {
  PTRACE_GETREGS: 12,
  PTRACE_SETREGS: 13,
  PTRACE_GETFPREGS: 14,
  PTRACE_SETFPREGS: 15,
  PTRACE_GETFPXREGS: 18,
  PTRACE_SETFPXREGS: 19,
  PTRACE_OLDSETOPTIONS: 21,
  PTRACE_GET_THREAD_AREA: 25,
  PTRACE_SET_THREAD_AREA: 26,
  PTRACE_ARCH_PRCTL: 30,
  PTRACE_SYSEMU: 31,
  PTRACE_SYSEMU_SINGLESTEP: 32,
  PTRACE_SINGLEBLOCK: 33,
} as const;
const PTRACE_REQUESTS = nameTable(PT);
const PTRACE_ARCH_REQUESTS = nameTable(PT_ARCH);
const pt = (...names: (keyof typeof PT)[]): bigint[] => names.map((n) => BigInt(PT[n]));
const pta = (...names: (keyof typeof PT_ARCH)[]): bigint[] => names.map((n) => BigInt(PT_ARCH[n]));

const PTRACE_OPTIONS = nameTable({
  PTRACE_O_EXITKILL: 0x100000,
  PTRACE_O_TRACECLONE: 8,
  PTRACE_O_TRACEEXEC: 0x10,
  PTRACE_O_TRACEEXIT: 0x40,
  PTRACE_O_TRACEFORK: 2,
  PTRACE_O_TRACESYSGOOD: 1,
  PTRACE_O_TRACEVFORK: 4,
  PTRACE_O_TRACEVFORKDONE: 0x20,
  PTRACE_O_TRACESECCOMP: 0x80,
});
const ELF_NOTES = nameTable({
  NT_PRSTATUS: 1,
  NT_PRFPREG: 2,
  NT_PRPSINFO: 3,
  NT_TASKSTRUCT: 4,
  NT_AUXV: 6,
  NT_SIGINFO: 0x53494749,
  NT_FILE: 0x46494c45,
  NT_PRXFPREG: 0x46e62b7f,
  NT_386_TLS: 0x200,
  NT_386_IOPERM: 0x201,
  NT_X86_XSTATE: 0x202,
});

/** `_stp_struct_iovec_u`: one iovec as `[{base, len}]`. */
const IOVEC: StructDecoder = {
  bytes: 16,
  nullText: 'NULL',
  faulted: hex,
  format: (d) => `[{${hex(d.getBigUint64(0, true))}, ${d.getBigUint64(8, true)}}]`,
};

const request = (table: NameTable): Field => value(0, (v) => lookupName(table, u64(v)));
const pid = int(1);
const addrHex = hexOf(2, 'u64');
const signalData = value(3, (v) => lookupName(SIGNALS, BigInt.asUintN(32, v)));

/** `_arch_ptrace_argstr` (x86-64), then `_ptrace_argstr`'s generic requests. */
const PTRACE: readonly Field[] = cases(
  (args) => u64(args[0] ?? 0n),
  [
    [
      pta(
        'PTRACE_GETREGS',
        'PTRACE_SETREGS',
        'PTRACE_GETFPREGS',
        'PTRACE_SETFPREGS',
        'PTRACE_GETFPXREGS',
        'PTRACE_SETFPXREGS',
      ),
      [request(PTRACE_ARCH_REQUESTS), pid, addrHex, ptr(3)],
    ],
    [
      pta('PTRACE_SYSEMU', 'PTRACE_SYSEMU_SINGLESTEP', 'PTRACE_SINGLEBLOCK'),
      [request(PTRACE_ARCH_REQUESTS), pid, addrHex, signalData],
    ],
    [
      pta('PTRACE_OLDSETOPTIONS'),
      [request(PTRACE_ARCH_REQUESTS), pid, addrHex, value(3, (v) => lookupFlags(PTRACE_OPTIONS, u64(v)))],
    ],
    [
      pta('PTRACE_GET_THREAD_AREA', 'PTRACE_SET_THREAD_AREA'),
      [request(PTRACE_ARCH_REQUESTS), pid, value(2, (v) => `${BigInt.asIntN(32, v)}`), ptr(3)],
    ],
    [
      pta('PTRACE_ARCH_PRCTL'),
      [
        request(PTRACE_ARCH_REQUESTS),
        pid,
        ptr(2),
        value(3, (v) => lookupName(ARCH_PRCTL_CODES, BigInt.asUintN(32, v))),
      ],
    ],
    [
      pt('PTRACE_PEEKTEXT', 'PTRACE_PEEKDATA', 'PTRACE_PEEKUSR'),
      [request(PTRACE_REQUESTS), pid, ptr(2), value(3, (v) => `[${hex(v)}]`)],
    ],
    [
      pt('PTRACE_POKETEXT', 'PTRACE_POKEDATA', 'PTRACE_POKEUSR', 'PTRACE_PEEKSIGINFO'),
      [request(PTRACE_REQUESTS), pid, ptr(2), ptr(3)],
    ],
    [
      pt('PTRACE_CONT', 'PTRACE_SYSCALL', 'PTRACE_SINGLESTEP', 'PTRACE_DETACH'),
      [request(PTRACE_REQUESTS), pid, addrHex, signalData],
    ],
    [
      pt(
        'PTRACE_GETSIGINFO',
        'PTRACE_SETSIGINFO',
        'PTRACE_GETEVENTMSG',
        'PTRACE_GETSIGMASK',
        'PTRACE_SETSIGMASK',
      ),
      [request(PTRACE_REQUESTS), pid, addrHex, ptr(3)],
    ],
    [
      pt('PTRACE_GETREGSET', 'PTRACE_SETREGSET'),
      [request(PTRACE_REQUESTS), pid, value(2, (v) => lookupName(ELF_NOTES, u64(v))), struct(3, IOVEC)],
    ],
    [
      pt(
        'PTRACE_TRACEME',
        'PTRACE_KILL',
        'PTRACE_ATTACH',
        'PTRACE_SEIZE',
        'PTRACE_INTERRUPT',
        'PTRACE_LISTEN',
      ),
      [request(PTRACE_REQUESTS), pid, addrHex, hexOf(3, 'u64')],
    ],
    [
      pt('PTRACE_SETOPTIONS'),
      [request(PTRACE_REQUESTS), pid, addrHex, value(3, (v) => lookupFlags(PTRACE_OPTIONS, u64(v)))],
    ],
    [null, [request(PTRACE_REQUESTS), pid, ptr(2), ptr(3)]],
  ],
);

export const PRCTL_PTRACE_LAYOUTS: Readonly<Record<string, readonly Field[]>> = {
  prctl: PRCTL,
  ptrace: PTRACE,
};
