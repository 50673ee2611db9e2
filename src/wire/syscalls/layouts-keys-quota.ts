/**
 * argstr layouts of the key and quota syscalls (upstream `@__keyctl_argstr`,
 * `@__quotactl_argstr`), whose arguments mean different things per command.
 */
import { buf, cases, type Field, int, long, ptr, str, struct, ulong, value } from './fields.js';
import { lookupFlags, lookupName, nameTable } from './lookup.js';
import type { StructDecoder } from './structs.js';
import { hex } from './values.js';

const u64 = (v: bigint): bigint => BigInt.asUintN(64, v);

// ------------------------------------------------------------------ keys

const KC = {
  KEYCTL_GET_KEYRING_ID: 0,
  KEYCTL_JOIN_SESSION_KEYRING: 1,
  KEYCTL_UPDATE: 2,
  KEYCTL_REVOKE: 3,
  KEYCTL_CHOWN: 4,
  KEYCTL_SETPERM: 5,
  KEYCTL_DESCRIBE: 6,
  KEYCTL_CLEAR: 7,
  KEYCTL_LINK: 8,
  KEYCTL_UNLINK: 9,
  KEYCTL_SEARCH: 10,
  KEYCTL_READ: 11,
  KEYCTL_INSTANTIATE: 12,
  KEYCTL_NEGATE: 13,
  KEYCTL_SET_REQKEY_KEYRING: 14,
  KEYCTL_SET_TIMEOUT: 15,
  KEYCTL_ASSUME_AUTHORITY: 16,
  KEYCTL_GET_SECURITY: 17,
  KEYCTL_SESSION_TO_PARENT: 18,
  KEYCTL_REJECT: 19,
  KEYCTL_INSTANTIATE_IOV: 20,
  KEYCTL_INVALIDATE: 21,
  KEYCTL_GET_PERSISTENT: 22,
} as const;
const KEYCTL_CMDS = nameTable(KC);
const kc = (...names: (keyof typeof KC)[]): bigint[] => names.map((n) => BigInt(KC[n]));
const KEYRING_SHORTCUTS = nameTable({
  KEY_SPEC_THREAD_KEYRING: -1,
  KEY_SPEC_PROCESS_KEYRING: -2,
  KEY_SPEC_SESSION_KEYRING: -3,
  KEY_SPEC_USER_KEYRING: -4,
  KEY_SPEC_USER_SESSION_KEYRING: -5,
  KEY_SPEC_GROUP_KEYRING: -6,
  KEY_SPEC_REQKEY_AUTH_KEY: -7,
  KEY_SPEC_REQUESTOR_KEYRING: -8,
});
const DEFAULT_KEYRINGS = nameTable({
  KEY_REQKEY_DEFL_NO_CHANGE: -1,
  KEY_REQKEY_DEFL_DEFAULT: 0,
  KEY_REQKEY_DEFL_THREAD_KEYRING: 1,
  KEY_REQKEY_DEFL_PROCESS_KEYRING: 2,
  KEY_REQKEY_DEFL_SESSION_KEYRING: 3,
  KEY_REQKEY_DEFL_USER_KEYRING: 4,
  KEY_REQKEY_DEFL_USER_SESSION_KEYRING: 5,
  KEY_REQKEY_DEFL_GROUP_KEYRING: 6,
});
const KEY_PERMS = nameTable({
  KEY_POS_VIEW: 0x01000000,
  KEY_POS_READ: 0x02000000,
  KEY_POS_WRITE: 0x04000000,
  KEY_POS_SEARCH: 0x08000000,
  KEY_POS_LINK: 0x10000000,
  KEY_POS_SETATTR: 0x20000000,
  KEY_POS_ALL: 0x3f000000,
  KEY_USR_VIEW: 0x00010000,
  KEY_USR_READ: 0x00020000,
  KEY_USR_WRITE: 0x00040000,
  KEY_USR_SEARCH: 0x00080000,
  KEY_USR_LINK: 0x00100000,
  KEY_USR_SETATTR: 0x00200000,
  KEY_USR_ALL: 0x003f0000,
  KEY_GRP_VIEW: 0x00000100,
  KEY_GRP_READ: 0x00000200,
  KEY_GRP_WRITE: 0x00000400,
  KEY_GRP_SEARCH: 0x00000800,
  KEY_GRP_LINK: 0x00001000,
  KEY_GRP_SETATTR: 0x00002000,
  KEY_GRP_ALL: 0x00003f00,
  KEY_OTH_VIEW: 0x00000001,
  KEY_OTH_READ: 0x00000002,
  KEY_OTH_WRITE: 0x00000004,
  KEY_OTH_SEARCH: 0x00000008,
  KEY_OTH_LINK: 0x00000010,
  KEY_OTH_SETATTR: 0x00000020,
  KEY_OTH_ALL: 0x0000003f,
});

const keyring = (arg: number): Field =>
  value(arg, (v) => lookupName(KEYRING_SHORTCUTS, BigInt.asIntN(32, v), 10));
const kcmd = value(0, (v) => lookupName(KEYCTL_CMDS, BigInt.asIntN(32, v)));

/** `@__keyctl_argstr`. */
const KEYCTL: readonly Field[] = cases(
  (args) => BigInt.asIntN(32, args[0] ?? 0n),
  [
    [kc('KEYCTL_READ', 'KEYCTL_DESCRIBE', 'KEYCTL_GET_SECURITY'), [kcmd, keyring(1), ptr(2), long(3)]],
    [kc('KEYCTL_UPDATE'), [kcmd, long(1), str(2), long(3)]],
    [kc('KEYCTL_REVOKE', 'KEYCTL_CLEAR', 'KEYCTL_INVALIDATE', 'KEYCTL_ASSUME_AUTHORITY'), [kcmd, long(1)]],
    [kc('KEYCTL_LINK', 'KEYCTL_UNLINK'), [kcmd, long(1), long(2)]],
    [kc('KEYCTL_SEARCH'), [kcmd, long(1), str(2), str(3), long(4)]],
    [kc('KEYCTL_CHOWN'), [kcmd, long(1), long(2), long(3)]],
    [
      kc('KEYCTL_SETPERM'),
      [kcmd, long(1), value(2, (v) => lookupFlags(KEY_PERMS, BigInt.asUintN(32, v), 10))],
    ],
    [kc('KEYCTL_INSTANTIATE'), [kcmd, long(1), str(2), long(3), long(4)]],
    [kc('KEYCTL_INSTANTIATE_IOV'), [kcmd, long(1), ptr(2), long(3), long(4)]],
    [kc('KEYCTL_NEGATE'), [kcmd, long(1), ulong(2), long(3)]],
    [kc('KEYCTL_REJECT'), [kcmd, long(1), ulong(2), ulong(3), long(4)]],
    [kc('KEYCTL_SET_TIMEOUT'), [kcmd, long(1), ulong(2)]],
    [kc('KEYCTL_GET_KEYRING_ID'), [kcmd, keyring(1), long(2)]],
    [
      kc('KEYCTL_SET_REQKEY_KEYRING'),
      [kcmd, value(1, (v) => lookupName(DEFAULT_KEYRINGS, BigInt.asIntN(32, v), 10))],
    ],
    [kc('KEYCTL_JOIN_SESSION_KEYRING'), [kcmd, ptr(1)]],
    [kc('KEYCTL_GET_PERSISTENT'), [kcmd, long(1), long(2)]],
    [null, [int(0), long(1), long(2), long(3), long(4)]],
  ],
);

// ------------------------------------------------------------------ quotactl

const Q = {
  Q_SYNC: 0x800001,
  Q_QUOTAON: 0x800002,
  Q_QUOTAOFF: 0x800003,
  Q_GETFMT: 0x800004,
  Q_GETINFO: 0x800005,
  Q_SETINFO: 0x800006,
  Q_GETQUOTA: 0x800007,
  Q_SETQUOTA: 0x800008,
  Q_XQUOTAON: 0x5801,
  Q_XQUOTAOFF: 0x5802,
  Q_XGETQUOTA: 0x5803,
  Q_XSETQLIM: 0x5804,
  Q_XGETQSTAT: 0x5805,
  Q_XQUOTARM: 0x5806,
  Q_XQUOTASYNC: 0x5807,
  Q_XGETQSTATV: 0x5808,
} as const;
const QUOTA_CMDS = nameTable(Q);
const q = (...names: (keyof typeof Q)[]): bigint[] => names.map((n) => BigInt(Q[n]));
const QUOTA_FORMATS = nameTable({ QFMT_VFS_OLD: 1, QFMT_VFS_V0: 2, QFMT_OCFS2: 3, QFMT_VFS_V1: 4 });

/** `_quotactl_cmd_str`: the command (cmd >> 8), then `|USRQUOTA`, `|GRPQUOTA` or the type in hex. */
function quotactlCmdStr(v: bigint): string {
  const cmd = BigInt.asUintN(32, v);
  const type = cmd & 0xffn;
  const typeText = type === 0n ? 'USRQUOTA' : type === 1n ? 'GRPQUOTA' : `0x${type.toString(16)}`;
  return `${lookupName(QUOTA_CMDS, cmd >> 8n)}|${typeText}`;
}

const DQBLK: StructDecoder = {
  bytes: 72,
  nullText: 'NULL',
  faulted: hex,
  format: (d) => {
    const f = (i: number) => d.getBigUint64(i * 8, true);
    return `{dqb_bhardlimit=${f(0)}, dqb_bsoftlimit=${f(1)}, dqb_curspace=${f(2)}, dqb_ihardlimit=${f(3)}, dqb_isoftlimit=${f(4)}, ...}`;
  },
};
const DQINFO: StructDecoder = {
  bytes: 24,
  nullText: 'NULL',
  faulted: hex,
  format: (d) =>
    `{dqi_bgrace=${d.getBigUint64(0, true)}, dqi_igrace=${d.getBigUint64(8, true)}, dqi_flags=${d.getInt32(16, true)}, dqi_valid=${d.getInt32(20, true)}}`,
};

const qcmd = value(0, quotactlCmdStr);
/** `@__quotactl_argstr`. */
const QUOTACTL: readonly Field[] = cases(
  (args) => BigInt.asUintN(32, args[0] ?? 0n) >> 8n,
  [
    [
      q('Q_QUOTAON'),
      [qcmd, str(1), value(2, (v) => lookupName(QUOTA_FORMATS, BigInt.asIntN(32, v))), str(3)],
    ],
    [q('Q_GETQUOTA', 'Q_SETQUOTA'), [qcmd, str(1), int(2), struct(3, DQBLK)]],
    [q('Q_GETINFO', 'Q_SETINFO'), [qcmd, str(1), int(2), struct(3, DQINFO)]],
    [q('Q_GETFMT'), [qcmd, str(1), int(2), value(3, (v) => u64(v).toString(16))]],
    [q('Q_SYNC', 'Q_QUOTAOFF'), [qcmd, str(1), int(2), ptr(3)]],
    [null, [qcmd, ptr(1), int(2), ptr(3)]],
  ],
);

export const KEY_QUOTA_LAYOUTS: Readonly<Record<string, readonly Field[]>> = {
  keyctl: KEYCTL,
  add_key: [str(0), str(1), buf(2, 3), ulong(3), int(4)],
  request_key: [str(0), str(1), ptr(2), int(3)],
  quotactl: QUOTACTL,
};
