/**
 * ELF reading for user-space probes: symbols, USDT notes, library and executable lookup.
 * Pure TypeScript over fs reads.
 */
export { userSubprogram } from './dwarf-functions.js';
export { type Die, type DwarfInfo, type DwarfResult, readDwarf } from './dwarf-reader.js';
export { listUserProbePoints, type UserProbeKind, type UserProbeListing } from './list-probe-points.js';
export { readElf } from './read-elf.js';
export { resolveExecutable, resolveLibrary } from './resolve.js';
export type { ElfFile, ElfResult, ElfSymbol, SdtArg, SdtArgLocation, SdtNote } from './types.js';
