/**
 * DWARF target variables in `process(...).function`/`.return` handlers (elaborate/target.ts
 * UserDebugVariable): a parameter from its argument register or stack slot at the entry, an -O0
 * local from its frame slot, `$return` from rax, each sign- or zero-extended from its type's
 * size; then `->a[i]->b` through user memory (bpf_probe_read_user), the user-memory counterpart
 * of btf-access.ts. A faulting load raises stap's `read fault [man error::fault] at 0x...`, the
 * address being the one that could not be read. `$$parms`/`$$locals`/`$$vars`/`$$return` are
 * stap's `name=0x...` list: `{...}` for a struct, `[...]` for an array, `?` for what cannot be
 * read there.
 */
import { BPF_FUNC_probe_read_user, R0, R1, R2, R3, R6, R10, type Size } from '../bpf/index.js';
import {
  type DerivedProbe,
  pathOf,
  type TargetAccess,
  type UserDebugVariable,
  walk,
} from '../elaborate/index.js';
import type { Expr, PrintExpr, TargetSymbolExpr } from '../lang/index.js';
import { ERROR_CODE } from '../wire/index.js';
import { prettyString } from './btf-pretty.js';
import { evalLong, loadConst } from './expressions.js';
import { sprint } from './format.js';
import type { Region } from './frame.js';
import type { Lowering } from './lowering.js';
import { concatRegions, stringBuffer, writeLiteral } from './strings.js';
import {
  entryOperands,
  inEntryProgram,
  readImplicitEntryLong,
  readImplicitEntryString,
} from './uprobe-entry.js';

/** pt_regs offsets of the registers a location names (user-args.ts owns the table). */
export type RegisterOffsets = Readonly<Record<string, number>>;

type ReadyAccess = Extract<TargetAccess, { ok: true }>;

/** The expression as written, for messages: `$p->in->s`, `&$p->a`. */
function spelled(e: TargetSymbolExpr): string {
  const steps = e.components.map((c) =>
    c.kind === 'Member' ? `->${c.name}` : c.kind === 'Subscript' ? '[...]' : '',
  );
  return `${e.addressOf ? '&' : ''}${e.name}${steps.join('')}`;
}

/** Raises a read fault at the address in `address` unless the helper's result in r0 is 0. */
function checkRead(L: Lowering, e: Expr, address: Region): void {
  const ok = L.b.newLabel('read');
  L.b.jeq(R0, 0, ok);
  L.reload(R1, address);
  L.raise(e.span, ERROR_CODE.readFault, R1);
  L.b.label(ok);
}

/** `size` bytes of user memory at the address in `address`, zero-extended into r0, checked. */
function loadUser(L: Lowering, e: Expr, address: Region, size: number): void {
  const slot = L.frame.slot();
  L.b.st(8, R10, slot.offset, 0);
  L.address(R1, slot);
  L.reload(R3, address);
  L.b.mov64(R2, size).call(BPF_FUNC_probe_read_user);
  checkRead(L, e, address);
  L.b.ldx(size as Size, R0, R10, slot.offset);
}

/** r0's low `size` bytes, sign- or zero-extended (the ABI leaves a register's upper bits undefined). */
function extend(L: Lowering, size: number, isSigned: boolean): void {
  if (size >= 8) return;
  const shift = 64 - 8 * size;
  L.b.lsh64(R0, shift);
  if (isSigned) L.b.arsh64(R0, shift);
  else L.b.rsh64(R0, shift);
}

function registerOf(L: Lowering, e: TargetSymbolExpr, regs: RegisterOffsets, name: string): number {
  return regs[name] ?? L.unsupported(e.span, `the register '${name}' of '${e.name}'`);
}

/**
 * r0 = the address of a variable in memory: on the stack (rsp + offset at the entry), or static
 * (the probed function's entry, where the uprobe leaves rip, + offset).
 */
function memoryAddress(
  L: Lowering,
  regs: RegisterOffsets,
  e: TargetSymbolExpr,
  loc: Extract<UserDebugVariable['location'], { kind: 'stack' | 'static' }>,
): void {
  L.b.ldx(8, R0, R6, registerOf(L, e, regs, loc.kind === 'stack' ? 'rsp' : 'rip'));
  if (loc.kind === 'stack') {
    if (loc.offset !== 0) L.b.add64(R0, loc.offset);
  } else if (loc.offset !== 0n) {
    loadConst(L, R1, loc.offset);
    L.b.add64(R0, R1);
  }
}

/** r0 = the variable's own value, extended from its type. */
function readValue(L: Lowering, e: TargetSymbolExpr, v: UserDebugVariable, regs: RegisterOffsets): void {
  const value = v.value;
  if (value.kind !== 'integer') {
    const what = value.kind === 'unreadable' ? value.reason : `a ${value.kind} (${v.typeName})`;
    L.refuse(e.span, `cannot read '${e.name}' as a number: ${what}`);
  }
  const loc = v.location;
  switch (loc.kind) {
    case 'register':
      L.b.ldx(8, R0, R6, registerOf(L, e, regs, loc.register));
      break;
    case 'stack':
    case 'static': {
      const mark = L.frame.mark();
      memoryAddress(L, regs, e, loc);
      const address = L.spill();
      loadUser(L, e, address, value.size);
      L.frame.release(mark);
      break;
    }
    case 'unavailable':
      L.refuse(e.span, `'${e.name}' is not accessible at the function's entry: ${loc.reason}`);
  }
  extend(L, value.size, value.isSigned);
}

/** Follows the path's ops from the address in `address` (index expressions evaluated in order). */
function walkAccess(L: Lowering, e: TargetSymbolExpr, access: ReadyAccess, address: Region): void {
  const b = L.b;
  const indexes: Expr[] = [];
  for (const c of e.components) if (c.kind === 'Subscript') indexes.push(c.index);
  let next = 0;
  for (const op of access.ops) {
    switch (op.kind) {
      case 'offset':
        L.reload(R0, address);
        b.add64(R0, op.bytes).stx(8, R10, address.offset, R0);
        break;
      case 'index': {
        const index = indexes[next++];
        if (index === undefined) L.unsupported(e.span, 'this target expression');
        evalLong(L, index);
        b.mul64(R0, op.scale);
        L.reload(R1, address);
        b.add64(R0, R1).stx(8, R10, address.offset, R0);
        break;
      }
      case 'deref':
        loadUser(L, e, address, 8);
        b.stx(8, R10, address.offset, R0);
        break;
    }
  }
}

const entryTargets = new WeakMap<DerivedProbe, WeakSet<object>>();

/** Whether `e` is inside an `@entry(...)` operand of the probe (evaluated by the entry program). */
function insideEntry(probe: DerivedProbe, e: TargetSymbolExpr): boolean {
  let set = entryTargets.get(probe);
  if (set === undefined) {
    const found = new WeakSet<object>();
    for (const entry of entryOperands(probe))
      walk(entry.operand, {
        enter: (node: { kind: string }): undefined => {
          found.add(node);
          return undefined;
        },
      });
    set = found;
    entryTargets.set(probe, set);
  }
  return set.has(e);
}

/**
 * In a `.return` probe the argument registers and the frame are gone: a target expression there
 * is its value at the entry, saved by the entry program (uprobe-entry.ts implicitEntries), and
 * never read in the return handler itself.
 */
function needsEntry(L: Lowering, e: TargetSymbolExpr): void {
  const point = L.probe.point;
  if (point.family !== 'process' || point.site !== 'return' || e.name === '$return' || e.name === '$$return')
    return;
  if (inEntryProgram(L) || insideEntry(L.probe, e)) return;
  L.refuse(
    e.span,
    `'${spelled(e)}' in a .return probe is its value at the function's entry, which tstap cannot save here`,
  );
}

/** `$x`, `$p->a[i]->b`, `&$p->m`, `$return`: a long in r0. */
export function readDebugLong(
  L: Lowering,
  e: TargetSymbolExpr,
  v: UserDebugVariable,
  regs: RegisterOffsets,
): void {
  if (readImplicitEntryLong(L, e)) return;
  needsEntry(L, e);
  const path = pathOf(e.components);
  if (path === 'pretty') L.unsupported(e.span, `pretty-printing '${spelled(e)}' as a number`);
  if (path.length === 0) {
    if (!e.addressOf) readValue(L, e, v, regs);
    else if (v.location.kind === 'stack' || v.location.kind === 'static')
      memoryAddress(L, regs, e, v.location);
    else
      L.refuse(e.span, `cannot take the address of '${e.name}': it is not in memory at the function's entry`);
    return;
  }
  const access = v.access(path);
  if (!access.ok) L.refuse(e.span, access.error);
  const { value } = access;
  if (!e.addressOf && value.kind === 'aggregate')
    L.refuse(e.span, `'${spelled(e)}' (${access.cType}) is a struct or array, not a number`);
  if (e.addressOf && value.kind === 'bitfield')
    L.refuse(e.span, `cannot take the address of a bit-field ('${spelled(e)}')`);
  const mark = L.frame.mark();
  if (v.base === 'address' && (v.location.kind === 'stack' || v.location.kind === 'static'))
    memoryAddress(L, regs, e, v.location);
  else readValue(L, e, v, regs);
  const address = L.spill();
  walkAccess(L, e, access, address);
  if (e.addressOf || value.kind === 'aggregate' || value.kind === 'char-array') {
    // An array member is its address, as in stap: user_string($p->name) reads it.
    L.reload(R0, address);
  } else {
    loadUser(L, e, address, value.size);
    if (value.kind === 'integer') extend(L, value.size, value.isSigned);
    else {
      L.b.lsh64(R0, 64 - value.shift - value.bits);
      if (value.isSigned) L.b.arsh64(R0, 64 - value.bits);
      else L.b.rsh64(R0, 64 - value.bits);
    }
  }
  L.frame.release(mark);
}

/** What `$$parms` shows for one variable: its value (`0x%x`), or a fixed placeholder. */
function listed(v: UserDebugVariable): { readonly text: string } | { readonly format: string } {
  if (v.value.kind === 'struct') return { text: '{...}' };
  if (v.value.kind === 'array') return { text: '[...]' };
  if (v.value.kind !== 'integer' || v.location.kind === 'unavailable') return { text: '?' };
  return { format: '0x%x' };
}

function literal(L: Lowering, text: string, into?: Region): Region {
  const dst = into ?? stringBuffer(L, Buffer.byteLength(text) + 1);
  writeLiteral(L, text, dst);
  return dst;
}

/**
 * `$$parms`, `$$locals`, `$$vars`, `$$return`: `name=0x5 p=0x7ffd...`, space-separated;
 * with `$`/`$$`, each variable pretty-printed.
 */
export function debugListString(
  L: Lowering,
  e: TargetSymbolExpr,
  variables: readonly UserDebugVariable[],
  into?: Region,
): Region {
  const saved = readImplicitEntryString(L, e, into);
  if (saved !== undefined) return saved;
  needsEntry(L, e);
  const [pretty, ...more] = e.components;
  if (pretty !== undefined) {
    if (pretty.kind !== 'Pretty' || more.length > 0) return L.unsupported(e.span, `'${e.name}' with members`);
    // `$$parms$`: `name=` and each variable pretty-printed on its own (a fault spoils only its part).
    const parts = variables.flatMap((v, i): Region[] => {
      const label = `${i > 0 ? ' ' : ''}${v.name}=`;
      const text = stringBuffer(L, label.length + 1);
      writeLiteral(L, label, text);
      const one: TargetSymbolExpr = { ...e, name: `$${v.name}`, components: [pretty] };
      return [text, prettyString(L, one, v.pretty?.([], pretty.depth === '$$'))];
    });
    return parts.length === 0 ? literal(L, '', into) : concatRegions(L, parts, into);
  }
  let format = '';
  const args: Expr[] = [];
  variables.forEach((v, i) => {
    const shown = listed(v);
    format += `${i > 0 ? ' ' : ''}${v.name}=`;
    if ('text' in shown) format += shown.text.replaceAll('%', '%%');
    else {
      format += shown.format;
      const arg: TargetSymbolExpr = {
        kind: 'TargetSymbol',
        name: `$${v.name}`,
        components: [],
        addressOf: false,
        span: e.span,
      };
      args.push(arg);
    }
  });
  if (args.length === 0) return literal(L, format.replaceAll('%%', '%'), into);
  const sprintf: PrintExpr = { kind: 'Print', name: 'sprintf', format, args, span: e.span };
  return sprint(L, sprintf, into);
}

/** `$x$`, `$p$$`, `$p->in$`: stap's pretty-printed layout (kernel/elf/dwarf-pretty.ts). */
export function debugPrettyString(
  L: Lowering,
  e: TargetSymbolExpr,
  v: UserDebugVariable,
  into?: Region,
): Region {
  const saved = readImplicitEntryString(L, e, into);
  if (saved !== undefined) return saved;
  const pretty = e.components.filter((c) => c.kind === 'Pretty');
  const steps = pathOf(e.components.filter((c) => c.kind !== 'Pretty'));
  if (pretty.length !== 1 || e.components[e.components.length - 1]?.kind !== 'Pretty' || steps === 'pretty')
    return L.unsupported(e.span, `'${spelled(e)}' as a string`);
  needsEntry(L, e);
  const full = pretty[0]?.kind === 'Pretty' && pretty[0].depth === '$$';
  return prettyString(L, e, v.pretty?.(steps, full), into);
}
