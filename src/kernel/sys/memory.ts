/** Shared mappings of BPF map memory (ring buffers). */
import * as C from './constants.js';
import { mmapSyscall, munmapSyscall, viewOfMemory } from './ffi.js';
import { fromReturn, ok, type SysResult, sysError } from './result.js';

export interface Mapping {
  readonly address: bigint;
  readonly lengthBytes: number;
  /**
   * The mapped bytes. Valid only until `munmap`: touching it afterwards crashes the process,
   * so owners must drop every view before unmapping.
   */
  readonly buffer: ArrayBuffer;
}

/** mmap(NULL, length, prot, MAP_SHARED, fd, offset). */
export function mmapShared(
  fd: number,
  lengthBytes: number,
  prot: number,
  offsetBytes: number,
): SysResult<Mapping> {
  const address = mmapSyscall(lengthBytes, prot, C.MAP_SHARED, fd, offsetBytes);
  if (address < 0n) return sysError('mmap', Number(-address));
  return ok({ address, lengthBytes, buffer: viewOfMemory(address, lengthBytes) });
}

export function munmap(m: Mapping): SysResult<number> {
  return fromReturn('munmap', munmapSyscall(m.address, m.lengthBytes));
}
