/**
 * Object introspection: BPF_OBJ_GET_INFO_BY_FD and the BPF_*_GET_NEXT_ID / GET_FD_BY_ID walks
 * over every program, map and link in the system (what `bpftool prog list` does).
 */
import { Attr, readCString } from './attr.js';
import { bpf } from './bpf.js';
import * as C from './constants.js';
import { ok, type SysResult } from './result.js';

export function objGetInfoByFd(fd: number, info: Uint8Array): SysResult<number> {
  const attr = new Attr(16).u32(0, fd).u32(4, info.byteLength).ptr(8, info);
  const r = bpf(C.BPF_OBJ_GET_INFO_BY_FD, attr.bytes, info);
  return r.ok ? ok(attr.readU32(4)) : r;
}

/** The fields of `struct bpf_prog_info` we use. */
export interface ProgInfo {
  readonly type: number;
  readonly id: number;
  readonly name: string;
  /** Cumulative run time and count (only while kernel.bpf_stats_enabled is 1). */
  readonly runTimeNs: bigint;
  readonly runCount: bigint;
  /** Instructions the verifier processed (5.16+). */
  readonly verifiedInsns: number;
}

const PROG_INFO_SIZE = 232;

export function progInfo(fd: number): SysResult<ProgInfo> {
  const info = Buffer.alloc(PROG_INFO_SIZE);
  const r = objGetInfoByFd(fd, info);
  if (!r.ok) return r;
  return ok({
    type: info.readUInt32LE(0),
    id: info.readUInt32LE(4),
    name: readCString(info, 64, C.BPF_OBJ_NAME_LEN),
    runTimeNs: info.readBigUInt64LE(192),
    runCount: info.readBigUInt64LE(200),
    verifiedInsns: info.readUInt32LE(216),
  });
}

/** The fields of `struct bpf_map_info` we use. */
export interface MapInfo {
  readonly type: number;
  readonly id: number;
  readonly keySize: number;
  readonly valueSize: number;
  readonly maxEntries: number;
  readonly mapFlags: number;
  readonly name: string;
}

const MAP_INFO_SIZE = 88;

export function mapInfo(fd: number): SysResult<MapInfo> {
  const info = Buffer.alloc(MAP_INFO_SIZE);
  const r = objGetInfoByFd(fd, info);
  if (!r.ok) return r;
  return ok({
    type: info.readUInt32LE(0),
    id: info.readUInt32LE(4),
    keySize: info.readUInt32LE(8),
    valueSize: info.readUInt32LE(12),
    maxEntries: info.readUInt32LE(16),
    mapFlags: info.readUInt32LE(20),
    name: readCString(info, 24, C.BPF_OBJ_NAME_LEN),
  });
}

/** The fields of `struct bpf_link_info` we use. */
export interface LinkInfo {
  readonly type: number;
  readonly id: number;
  readonly progId: number;
}

export function linkInfo(fd: number): SysResult<LinkInfo> {
  const info = Buffer.alloc(48);
  const r = objGetInfoByFd(fd, info);
  if (!r.ok) return r;
  return ok({ type: info.readUInt32LE(0), id: info.readUInt32LE(4), progId: info.readUInt32LE(8) });
}

export type ObjectKind = 'prog' | 'map' | 'link';

const NEXT_ID_CMD: Readonly<Record<ObjectKind, number>> = {
  prog: C.BPF_PROG_GET_NEXT_ID,
  map: C.BPF_MAP_GET_NEXT_ID,
  link: C.BPF_LINK_GET_NEXT_ID,
};

const FD_BY_ID_CMD: Readonly<Record<ObjectKind, number>> = {
  prog: C.BPF_PROG_GET_FD_BY_ID,
  map: C.BPF_MAP_GET_FD_BY_ID,
  link: C.BPF_LINK_GET_FD_BY_ID,
};

/** The id after `startId` (0 for the first); ENOENT after the last. */
export function objGetNextId(kind: ObjectKind, startId: number): SysResult<number> {
  const attr = new Attr(12).u32(0, startId);
  const r = bpf(NEXT_ID_CMD[kind], attr.bytes);
  return r.ok ? ok(attr.readU32(4)) : r;
}

/** A new fd for the object with this id (needs CAP_SYS_ADMIN); ENOENT when it is gone. */
export function objGetFdById(kind: ObjectKind, id: number): SysResult<number> {
  const attr = new Attr(12).u32(0, id);
  return bpf(FD_BY_ID_CMD[kind], attr.bytes);
}
