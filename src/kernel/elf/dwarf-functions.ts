/**
 * A user function's DWARF as a uprobe at its entry address sees it (elaborate/target.ts
 * UserSubprogram). The probe fires before the prologue, where the x86-64 SysV calling convention
 * says where each parameter is, whatever the optimisation level: INTEGER-class parameters of at
 * most 8 bytes in rdi, rsi, rdx, rcx, r8, r9, floating-point ones in xmm0-7, the rest on the
 * stack above the return address (rsp + 8, + 16, ...), and a struct returned in memory takes
 * rdi for its hidden pointer. A parameter whose class this does not work out (a struct or
 * `__int128` passed by value, `long double`) is unavailable, and so is every one after it,
 * rather than guessed. Locals are where an -O0 frame keeps them (DW_OP_fbreg from a
 * DW_OP_call_frame_cfa frame base: the CFA is rsp + 8 at the entry); they hold whatever the
 * stack held before the call, as in stap. A stripped binary's DWARF is looked for in its separate
 * debug file (by build id or `.gnu_debuglink`, as gdb and stap do).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type {
  TargetAccess,
  TargetPathStep,
  TargetPretty,
  UserDebugLocation,
  UserDebugQuery,
  UserDebugVariable,
  UserSubprogram,
} from '../../elaborate/index.js';
import { unitFileNames } from './dwarf-lines.js';
import { prettyLayout } from './dwarf-pretty.js';
import {
  type Die,
  DW_AT,
  DW_TAG,
  type DwarfInfo,
  type DwarfResult,
  type DwarfUnit,
  nameOf,
  numberOf,
  readDwarf,
  refOf,
} from './dwarf-reader.js';
import {
  type Place,
  pathEndType,
  readingOf,
  resolvePath,
  resolveType,
  sizeOf,
  typeName,
} from './dwarf-types.js';
import { readElf } from './read-elf.js';

const ARG_REGISTERS = ['rdi', 'rsi', 'rdx', 'rcx', 'r8', 'r9'] as const;
const SSE_REGISTERS = 8;
/** DW_LANG_* codes of C++ (its non-trivial classes are passed and returned in memory). */
const CXX_LANGUAGES: ReadonlySet<bigint> = new Set([0x4n, 0x19n, 0x1an, 0x21n, 0x2an, 0x2bn]);
const DW_OP_addr = 0x03;
const DW_OP_fbreg = 0x91;
const DW_OP_call_frame_cfa = 0x9c;
const DW_LANG_attribute = DW_AT.language;

const indexes = new WeakMap<DwarfUnit, Map<bigint, Die>>();

/**
 * The subprogram DIE whose code starts at `address` (a symbol's value), from the units whose
 * code covers it (each unit's subprograms indexed once).
 */
function subprogramAt(info: DwarfInfo, address: bigint): Die | undefined {
  for (const unit of info.unitsAt(address)) {
    let index = indexes.get(unit);
    if (index === undefined) {
      index = indexUnit(unit);
      indexes.set(unit, index);
    }
    const found = index.get(address);
    if (found !== undefined) return found;
  }
  return undefined;
}

function indexUnit(unit: DwarfUnit): Map<bigint, Die> {
  const index = new Map<bigint, Die>();
  const root = unit.root();
  const stack: Die[] = root === undefined ? [] : [root];
  while (stack.length > 0) {
    const die = stack.pop() as Die;
    if (die.tag === DW_TAG.subprogram) {
      const low = die.attrs.get(DW_AT.low_pc);
      if (low?.kind === 'address' && !index.has(low.value)) index.set(low.value, die);
      continue; // nested functions are not entered: their DIEs are not entry points here
    }
    stack.push(...die.children);
  }
  return index;
}

/** Where distributions install separate debug files (Debian's *-dbg / *-dbgsym packages). */
const DEBUG_ROOT = '/usr/lib/debug';

/**
 * Where the separate debug file of `path` may be, as gdb looks: by build id under the debug
 * root, then by its `.gnu_debuglink` name beside it, in `.debug/` beside it, and under the debug
 * root's copy of its directory.
 */
export function separateDebugFiles(
  path: string,
  buildId: string | undefined,
  debugLink: string | undefined,
  root = DEBUG_ROOT,
): string[] {
  const out: string[] = [];
  if (buildId !== undefined && buildId.length > 2)
    out.push(join(root, '.build-id', buildId.slice(0, 2), `${buildId.slice(2)}.debug`));
  if (debugLink !== undefined) {
    const dir = dirname(path);
    out.push(join(dir, debugLink), join(dir, '.debug', debugLink), join(root, dir, debugLink));
  }
  return out.filter((p) => p !== path);
}

/** The file's DWARF, else that of its separate debug file, else why there is none. */
function dwarfOf(path: string): DwarfResult {
  const r = readDwarf(path);
  if (r.ok || !r.missing) return r;
  const elf = readElf(path);
  const buildId = elf.ok ? elf.elf.buildId : undefined;
  for (const candidate of separateDebugFiles(path, buildId, r.debugLink)) {
    if (!existsSync(candidate)) continue;
    const d = readDwarf(candidate);
    if (d.ok) return d;
  }
  return r;
}

/** The DWARF of the function at link-time `address` of the file at `path`. */
export function userSubprogram(path: string, address: bigint, symbol: string): UserDebugQuery {
  const r = dwarfOf(path);
  if (!r.ok) return { ok: false, missing: r.missing, error: r.message };
  const die = subprogramAt(r.info, address);
  if (die === undefined)
    return {
      ok: false,
      missing: true,
      error: `'${path}' has no DWARF debug information for function '${symbol}'`,
    };
  return { ok: true, subprogram: describe(r.info, die, symbol) };
}

function describe(info: DwarfInfo, die: Die, symbol: string): UserSubprogram {
  const root = die.unit.root();
  const language = root === undefined ? undefined : numberOf(info, root, DW_LANG_attribute);
  const isCxx = language !== undefined && CXX_LANGUAGES.has(language);
  const returnType = refOf(info, die, DW_AT.type);
  const params = describeParams(info, die, returnType, isCxx);
  const frameBase = die.attrs.get(DW_AT.frame_base);
  const cfaFrame =
    frameBase?.kind === 'block' &&
    frameBase.bytes.length === 1 &&
    frameBase.bytes[0] === DW_OP_call_frame_cfa;
  const entry = die.attrs.get(DW_AT.low_pc);
  const entryAddress = entry?.kind === 'address' ? entry.value : 0n;
  const named = (dies: readonly Die[]) =>
    dies.filter((c) => c.tag === DW_TAG.variable && nameOf(info, c) !== undefined);
  const locals = named(die.children).map((c) =>
    variable(info, c, nameOf(info, c) as string, localLocation(c, cfaFrame, entryAddress)),
  );
  // The unit's variables, each read from its fixed address (an extern declaration has none).
  let globals: UserDebugVariable[] | undefined;
  const unitGlobals = (): UserDebugVariable[] => {
    globals ??= named(root?.children ?? []).flatMap((c) => {
      const at = localLocation(c, false, entryAddress);
      return at.kind === 'static' ? [variable(info, c, nameOf(info, c) as string, at)] : [];
    });
    return globals;
  };
  const out: {
    name: string;
    source?: { readonly file: string; readonly line: number };
    params: readonly UserDebugVariable[];
    locals: readonly UserDebugVariable[];
    returnValue?: UserDebugVariable;
    readonly globals: readonly UserDebugVariable[];
  } = {
    name: nameOf(info, die) ?? symbol,
    params,
    locals,
    get globals() {
      return unitGlobals();
    },
  };
  const declFile = numberOf(info, die, DW_AT.decl_file);
  const declLine = numberOf(info, die, DW_AT.decl_line);
  const file = declFile === undefined ? undefined : unitFileNames(info, die.unit)[Number(declFile)];
  if (file !== undefined && declLine !== undefined) out.source = { file, line: Number(declLine) };
  if (returnType !== undefined) {
    const value = readingOf(info, returnType);
    const location: UserDebugLocation =
      value.kind === 'integer'
        ? { kind: 'register', register: 'rax' }
        : { kind: 'unavailable', reason: `the return value (${typeName(info, returnType)}) is not in rax` };
    out.returnValue = variable(info, die, 'return', location, returnType);
  }
  return out;
}

/** How a parameter of `type` is passed (SysV x86-64 classification, the cases decided here). */
type PassedIn = 'integer' | 'sse' | 'unknown';

function classOf(info: DwarfInfo, type: Die | undefined): PassedIn {
  const v = readingOf(info, type);
  if (v.kind === 'integer') return 'integer';
  const t = resolveType(info, type);
  if (t?.tag === DW_TAG.base_type && v.kind === 'unreadable') {
    const size = sizeOf(info, t);
    const encoding = numberOf(info, t, DW_AT.encoding);
    if (encoding === 0x4n && (size === 4 || size === 8)) return 'sse';
  }
  return 'unknown';
}

function describeParams(
  info: DwarfInfo,
  die: Die,
  returnType: Die | undefined,
  isCxx: boolean,
): UserDebugVariable[] {
  const resolvedReturn = resolveType(info, returnType);
  const returnsAggregate =
    resolvedReturn !== undefined &&
    (resolvedReturn.tag === DW_TAG.structure_type ||
      resolvedReturn.tag === DW_TAG.union_type ||
      resolvedReturn.tag === DW_TAG.class_type);
  const returnSize = sizeOf(info, resolvedReturn) ?? 0;
  let blocked: string | undefined =
    returnsAggregate && returnSize <= 16 && isCxx
      ? `the function returns ${typeName(info, returnType)} by value, which may be passed in memory`
      : undefined;
  let nextInt = returnsAggregate && returnSize > 16 ? 1 : 0;
  let nextSse = 0;
  let stackSlot = 0;
  const out: UserDebugVariable[] = [];
  for (const p of die.children) {
    if (p.tag !== DW_TAG.formal_parameter) continue;
    const name = nameOf(info, p);
    const type = refOf(info, p, DW_AT.type);
    const passed = classOf(info, type);
    let location: UserDebugLocation;
    if (blocked !== undefined) location = { kind: 'unavailable', reason: blocked };
    else if (passed === 'unknown') {
      blocked = `parameter '${name ?? '?'}' (${typeName(info, type)}) is passed by value in a way tstap does not locate`;
      location = { kind: 'unavailable', reason: blocked };
    } else if (passed === 'integer' && nextInt < ARG_REGISTERS.length) {
      location = { kind: 'register', register: ARG_REGISTERS[nextInt++] as string };
    } else if (passed === 'sse' && nextSse < SSE_REGISTERS) {
      nextSse++;
      location = { kind: 'unavailable', reason: `floating point (${typeName(info, type)})` };
    } else {
      location = { kind: 'stack', offset: 8 + 8 * stackSlot++ };
    }
    if (name !== undefined) out.push(variable(info, p, name, location));
  }
  return out;
}

/**
 * An -O0 local: DW_OP_fbreg N from a CFA frame base is at rsp + 8 + N at the entry; a static
 * local or global: DW_OP_addr, as an offset from the function's entry address.
 */
function localLocation(die: Die, cfaFrame: boolean, entryAddress: bigint): UserDebugLocation {
  const loc = die.attrs.get(DW_AT.location);
  if (loc?.kind !== 'block') return { kind: 'unavailable', reason: 'it has no location at the entry' };
  const bytes = loc.bytes;
  if (bytes.length === 9 && bytes[0] === DW_OP_addr && entryAddress !== 0n)
    return { kind: 'static', offset: bytes.readBigUInt64LE(1) - entryAddress };
  if (cfaFrame && bytes[0] === DW_OP_fbreg) {
    let value = 0n;
    let shift = 0n;
    let i = 1;
    for (; i < bytes.length; i++) {
      const byte = bytes[i] as number;
      value |= BigInt(byte & 0x7f) << shift;
      shift += 7n;
      if ((byte & 0x80) === 0) {
        if (byte & 0x40) value -= 1n << shift;
        break;
      }
    }
    if (i === bytes.length - 1) return { kind: 'stack', offset: 8 + Number(value) };
  }
  return { kind: 'unavailable', reason: 'its location is not one tstap evaluates' };
}

function variable(
  info: DwarfInfo,
  die: Die,
  name: string,
  location: UserDebugLocation,
  type: Die | undefined = refOf(info, die, DW_AT.type),
): UserDebugVariable {
  const value = readingOf(info, type);
  const resolved = resolveType(info, type);
  const shown = `$${name}`;
  let base: 'value' | 'address' | undefined;
  if (value.kind === 'integer' && value.pointer) base = 'value';
  else if (
    (value.kind === 'struct' || value.kind === 'array') &&
    (location.kind === 'stack' || location.kind === 'static')
  )
    base = 'address';
  const start: Place | undefined =
    base === 'value' && resolved !== undefined
      ? { kind: 'pointer', type: refOf(info, resolved, DW_AT.type) }
      : base === 'address'
        ? { kind: 'object', type }
        : undefined;
  const access = (path: readonly TargetPathStep[]): TargetAccess => {
    if (start !== undefined) return resolvePath(info, start, path, shown);
    if (location.kind === 'unavailable') return { ok: false, error: `'${shown}': ${location.reason}` };
    return { ok: false, error: `'${shown}' (${typeName(info, type)}) is not a pointer, struct or array` };
  };
  const readsItself = value.kind === 'integer' && location.kind !== 'unavailable';
  return {
    name,
    typeName: typeName(info, type),
    value,
    location,
    ...(base === undefined ? {} : { base }),
    access,
    pretty(path, full): TargetPretty {
      if (path.length === 0)
        return prettyLayout(info, type, full, (steps) =>
          steps.length === 0 ? readsItself : access(steps).ok,
        );
      if (start === undefined) {
        const r = access(path);
        return r.ok ? { ok: false, error: `'${shown}' has no path` } : r;
      }
      const end = pathEndType(info, start, path, shown);
      if (!end.ok) return end;
      if (end.bitField) {
        const ok = access(path).ok;
        const v = readingOf(info, end.type);
        const conversion = v.kind === 'integer' && v.isSigned ? 'i' : 'u';
        return {
          ok: true,
          pieces: ok ? [{ kind: 'value', steps: [], conversion }] : [{ kind: 'text', text: '?' }],
        };
      }
      return prettyLayout(info, end.type, full, (steps) => access([...path, ...steps]).ok);
    },
  };
}
