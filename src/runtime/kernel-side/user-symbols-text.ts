/**
 * User addresses as text (runtime/sym.c `_stp_snprint_addr` with a task): a symbol's line
 * names the mapped file as its module, an address in a mapping but before every symbol is
 * `0xADDR [FILE+0xoff/0xsize]`, one outside every mapping plain `0xADDR`.
 */
import type { StackForm } from '../../wire/index.js';
import type { UserLocation } from './user-symbols.js';

function hex(value: bigint): string {
  return `0x${BigInt.asUintN(64, value).toString(16)}`;
}

/** `usymname()`: _STP_SYM_SYMBOL. */
export function userSymbolName(at: UserLocation | undefined, address: bigint): string {
  return at?.name ?? hex(address);
}

/** `usymdata()`: _STP_SYM_DATA. */
export function userSymbolData(at: UserLocation | undefined, address: bigint): string {
  if (at === undefined) return hex(address);
  const span = `${hex(at.offset)}/${hex(at.size)}`;
  return at.name === undefined
    ? `${hex(address)} [${at.module}+${span}]`
    : `${at.name}+${span} [${at.module}]`;
}

/**
 * `umodname()`: the mapped file. The handler made sure one was mapped there; a process gone
 * before its record is read, from a file tstap does not know, leaves the name stap's runtime
 * starts from before it finds one.
 */
export function userModuleName(at: UserLocation | undefined): string {
  return at?.module ?? '<unknown>';
}

/** One frame of a user stack in `form`. */
export function userFrame(at: UserLocation | undefined, address: bigint, form: StackForm): string {
  switch (form) {
    case 'hex':
      return `${hex(address)} `;
    case 'syms':
    case 'sprint-syms':
      return ` ${hex(address)} : ${userSymbolData(at, address)}\n`;
    case 'simple':
      if (at === undefined) return `${hex(address)}\n`;
      return at.name === undefined
        ? `${hex(address)} [${at.module}+${hex(at.offset)}]\n`
        : `${at.name}+${hex(at.offset)} [${at.module}]\n`;
    case 'full':
      if (at === undefined) return ` ${hex(address)}\n`;
      return at.name === undefined
        ? ` ${hex(address)} [${at.module}+${hex(at.offset)}/${hex(at.size)}]\n`
        : ` ${hex(address)} : ${at.name}+${hex(at.offset)}/${hex(at.size)} [${at.module}]\n`;
  }
}
