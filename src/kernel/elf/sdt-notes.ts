/**
 * .note.stapsdt: one NT_STAPSDT note per USDT marker (sys/sdt.h, "version 3" probes). The
 * descriptor holds three addresses — pc, the link-time address of .stapsdt.base, and the
 * semaphore — then provider, name and argument text, each NUL-terminated. When the file was
 * prelinked, .stapsdt.base moved with the code, so pc and semaphore are shifted by
 * (actual .stapsdt.base address − recorded base), as stap and bcc do.
 */
import type { ElfNote } from './elf-format.js';
import { parseSdtArgs, type SymbolLookup } from './sdt-args.js';
import type { SdtNote } from './types.js';

export const NT_STAPSDT = 3;

/** Decodes the stapsdt notes; `stapsdtBase` is .stapsdt.base's sh_addr, when the section exists. */
export function decodeSdtNotes(
  notes: readonly ElfNote[],
  stapsdtBase: bigint | undefined,
  vaddrToOffset: (vaddr: bigint) => bigint | undefined,
  lookup: SymbolLookup,
  machine: number,
  x86_64: boolean,
): SdtNote[] {
  const out: SdtNote[] = [];
  for (const note of notes) {
    if (note.owner !== 'stapsdt' || note.type !== NT_STAPSDT || note.desc.length < 24) continue;
    const desc = note.desc;
    const recordedBase = desc.readBigUInt64LE(8);
    const shift = stapsdtBase === undefined ? 0n : stapsdtBase - recordedBase;
    const pc = desc.readBigUInt64LE(0) + shift;
    const rawSemaphore = desc.readBigUInt64LE(16);
    const semaphore = rawSemaphore === 0n ? 0n : rawSemaphore + shift;
    const strings = desc.subarray(24).toString('utf8').split('\0');
    const [provider = '', name = '', argText = ''] = strings;
    const args = x86_64
      ? parseSdtArgs(argText, pc, lookup)
      : {
          ok: false as const,
          args: [],
          message: `USDT arguments are parsed for x86_64 only (e_machine ${machine})`,
        };
    const offset = vaddrToOffset(pc);
    const semaphoreOffset = semaphore === 0n ? undefined : vaddrToOffset(semaphore);
    out.push({
      provider,
      name,
      pc,
      base: stapsdtBase ?? recordedBase,
      semaphore,
      args: args.args,
      argText,
      offset: offset ?? 0n,
      ...(semaphoreOffset === undefined ? {} : { semaphoreOffset }),
      ...(args.ok ? {} : { argError: args.message }),
      ...(offset === undefined
        ? { locationError: `marker address 0x${pc.toString(16)} is in no PT_LOAD segment` }
        : {}),
    });
  }
  return out;
}
