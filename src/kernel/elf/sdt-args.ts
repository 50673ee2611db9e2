/**
 * USDT argument specifications in x86_64 AT&T syntax, as <sys/sdt.h> writes them into
 * .note.stapsdt: `SIZE@OPERAND` separated by spaces, SIZE negative for signed. Operands:
 *   `$N`                      a constant
 *   `%reg`                    a register (sub-registers map to the 64-bit one: %edi → rdi)
 *   `D(%base[,%index[,S]])`   memory at base + D [+ index * S]
 *   `sym[+N](%rip)`, `sym`    memory at a symbol: reported as base "rip" with the offset from
 *                             the marker's own address, which is where a uprobe leaves the ip
 */
import type { SdtArg, SdtArgLocation } from './types.js';

/** Sub-register name → [64-bit register, width in bytes]. */
const X86_64_REGISTERS: ReadonlyMap<string, readonly [string, number]> = (() => {
  const m = new Map<string, readonly [string, number]>();
  const legacy: readonly (readonly [string, string, string, string])[] = [
    ['rax', 'eax', 'ax', 'al'],
    ['rbx', 'ebx', 'bx', 'bl'],
    ['rcx', 'ecx', 'cx', 'cl'],
    ['rdx', 'edx', 'dx', 'dl'],
    ['rsi', 'esi', 'si', 'sil'],
    ['rdi', 'edi', 'di', 'dil'],
    ['rbp', 'ebp', 'bp', 'bpl'],
    ['rsp', 'esp', 'sp', 'spl'],
  ];
  for (const [r64, r32, r16, r8] of legacy) {
    m.set(r64, [r64, 8]).set(r32, [r64, 4]).set(r16, [r64, 2]).set(r8, [r64, 1]);
  }
  for (let n = 8; n <= 15; n++) {
    const r = `r${n}`;
    m.set(r, [r, 8]).set(`${r}d`, [r, 4]).set(`${r}w`, [r, 2]).set(`${r}b`, [r, 1]);
  }
  m.set('rip', ['rip', 8]).set('eip', ['rip', 4]);
  return m;
})();

/** Resolves a symbol name to its link-time address, for `sym(%rip)` operands. */
export type SymbolLookup = (name: string) => bigint | undefined;

export type SdtArgsResult =
  | { readonly ok: true; readonly args: readonly SdtArg[] }
  | { readonly ok: false; readonly args: readonly SdtArg[]; readonly message: string };

type Operand =
  | { readonly ok: true; readonly location: SdtArgLocation; readonly width?: number }
  | { readonly ok: false; readonly message: string };

/** Parses a note's argument string; `pc` is the marker's address (prelink-adjusted, like the symbols) for `sym(%rip)`. */
export function parseSdtArgs(text: string, pc: bigint, lookup: SymbolLookup): SdtArgsResult {
  const args: SdtArg[] = [];
  for (const token of text.split(/\s+/).filter((t) => t !== '')) {
    const arg = parseSdtArg(token, pc, lookup);
    if (!arg.ok) return { ok: false, args, message: arg.message };
    args.push(arg.arg);
  }
  return { ok: true, args };
}

export function parseSdtArg(
  text: string,
  pc: bigint,
  lookup: SymbolLookup,
): { readonly ok: true; readonly arg: SdtArg } | { readonly ok: false; readonly message: string } {
  const sized = /^(-?\d+)@(.*)$/.exec(text);
  const operandText = sized === null ? text : (sized[2] ?? '');
  const operand = parseOperand(operandText, pc, lookup);
  if (!operand.ok) return { ok: false, message: `cannot parse USDT argument '${text}': ${operand.message}` };
  // Without SIZE@ (hand-written assembly probes) the register's width, else a long as stap does.
  const size = sized === null ? (operand.width ?? 8) : Number(sized[1]);
  if (![1, 2, 4, 8].includes(Math.abs(size))) {
    return {
      ok: false,
      message: `cannot parse USDT argument '${text}': size ${size} is not 1, 2, 4 or 8 bytes`,
    };
  }
  return { ok: true, arg: { size, text, location: operand.location } };
}

function register(name: string): readonly [string, number] | undefined {
  return X86_64_REGISTERS.get(name);
}

function parseInteger(text: string): bigint | undefined {
  const m = /^([-+]?)(0x[0-9a-f]+|\d+)$/i.exec(text);
  if (m === null) return undefined;
  const magnitude = BigInt(m[2] ?? '0');
  return m[1] === '-' ? -magnitude : magnitude;
}

function parseOperand(text: string, pc: bigint, lookup: SymbolLookup): Operand {
  if (text.startsWith('$')) {
    const value = parseInteger(text.slice(1));
    return value === undefined
      ? { ok: false, message: 'not an integer constant' }
      : { ok: true, location: { kind: 'constant', value } };
  }
  if (text.startsWith('%')) {
    const name = text.slice(1);
    if (/^[abcd]h$/.test(name)) return { ok: false, message: `high-byte register %${name} is not supported` };
    const reg = register(name);
    if (reg === undefined) return { ok: false, message: `unknown register %${name}` };
    return { ok: true, location: { kind: 'register', register: reg[0] }, width: reg[1] };
  }
  const mem = /^([^(]*)\(([^)]*)\)$/.exec(text);
  if (mem !== null) return parseMemory(mem[1] ?? '', mem[2] ?? '', pc, lookup);
  return parseSymbolic(text, pc, lookup);
}

/** `DISP(%base,%index,scale)` with every part but the parentheses optional. */
function parseMemory(disp: string, inner: string, pc: bigint, lookup: SymbolLookup): Operand {
  const parts = inner.split(',').map((p) => p.trim());
  const [baseText = '', indexText, scaleText] = parts;
  if (parts.length > 3) return { ok: false, message: 'too many parts in a memory operand' };
  const base = baseText === '' ? undefined : memoryRegister(baseText);
  if (base === null) return { ok: false, message: `unknown base register ${baseText}` };
  const index = indexText === undefined || indexText === '' ? undefined : memoryRegister(indexText);
  if (index === null) return { ok: false, message: `unknown index register ${indexText}` };
  const scale = scaleText === undefined ? undefined : Number(scaleText);
  if (scale !== undefined && ![1, 2, 4, 8].includes(scale))
    return { ok: false, message: `bad scale ${scaleText}` };
  const offset = disp === '' ? 0n : parseInteger(disp);
  if (offset === undefined) {
    // A symbolic displacement is only meaningful %rip-relative (or absolute).
    if (base !== 'rip' || index !== undefined)
      return { ok: false, message: `symbolic displacement '${disp}' off a register other than %rip` };
    return parseSymbolic(disp, pc, lookup);
  }
  if (base === undefined) return { ok: false, message: 'a memory operand without a base register' };
  return {
    ok: true,
    location: {
      kind: 'memory',
      base,
      offset: Number(offset),
      ...(index === undefined ? {} : { index, scale: scale ?? 1 }),
    },
  };
}

/** A register named in a memory operand (`%rbp`), null when unknown. */
function memoryRegister(text: string): string | null {
  if (!text.startsWith('%')) return null;
  return register(text.slice(1))?.[0] ?? null;
}

/** `sym`, `sym+N`, `N+sym`: the symbol's address as an offset from the marker's pc. */
function parseSymbolic(text: string, pc: bigint, lookup: SymbolLookup): Operand {
  const m = /^(?:(\d+)\+)?([A-Za-z_.$][\w.$]*)(?:([-+]\d+))?$/.exec(text);
  if (m === null) return { ok: false, message: 'unrecognized operand' };
  const name = m[2] ?? '';
  const address = lookup(name);
  if (address === undefined) return { ok: false, message: `symbol '${name}' is not in the symbol table` };
  const addend = BigInt(m[1] ?? '0') + BigInt(m[3] ?? '0');
  return { ok: true, location: { kind: 'memory', base: 'rip', offset: Number(address + addend - pc) } };
}
