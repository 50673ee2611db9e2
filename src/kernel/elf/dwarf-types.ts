/**
 * The DWARF type graph as scripts see it: stap's spelling of a type (`struct foo*`,
 * `char const*`, `int[]`, as its dwarf_type_name writes them), sizes, how a value of a type reads
 * (an integer of some size and sign, a pointer, an aggregate), and `->a[i]->b` paths resolved
 * from a pointer or an object into the address arithmetic of elaborate/target.ts's TargetAccess
 * (the user-memory counterpart of kernel/btf/access.ts).
 */
import type {
  TargetAccess,
  TargetAccessOp,
  TargetAccessValue,
  TargetPathStep,
  UserDebugValue,
} from '../../elaborate/index.js';
import { type Die, DW_AT, DW_TAG, type DwarfInfo, nameOf, numberOf, refOf } from './dwarf-reader.js';

/** DW_ATE_* encodings of base types. */
const DW_ATE = {
  address: 0x1,
  boolean: 0x2,
  complex_float: 0x3,
  float: 0x4,
  signed: 0x5,
  signed_char: 0x6,
  unsigned: 0x7,
  unsigned_char: 0x8,
  UTF: 0x10,
} as const;

const QUALIFIERS: ReadonlySet<number> = new Set([
  DW_TAG.typedef,
  DW_TAG.const_type,
  DW_TAG.volatile_type,
  DW_TAG.restrict_type,
  DW_TAG.atomic_type,
]);

const INTEGER_SIZES: ReadonlySet<number> = new Set([1, 2, 4, 8]);

/** The type behind typedefs and qualifiers; undefined for `void`. */
export function resolveType(info: DwarfInfo, type: Die | undefined): Die | undefined {
  let t = type;
  for (let hops = 0; t !== undefined && QUALIFIERS.has(t.tag) && hops < 64; hops++)
    t = refOf(info, t, DW_AT.type);
  return t;
}

/** A type's size in bytes, undefined when unknown (incomplete, `void`, a flexible array). */
export function sizeOf(info: DwarfInfo, type: Die | undefined): number | undefined {
  const t = resolveType(info, type);
  if (t === undefined) return undefined;
  const size = numberOf(info, t, DW_AT.byte_size);
  if (size !== undefined) return Number(size);
  switch (t.tag) {
    case DW_TAG.pointer_type:
    case DW_TAG.reference_type:
    case DW_TAG.rvalue_reference_type:
      return 8;
    case DW_TAG.array_type: {
      const element = sizeOf(info, refOf(info, t, DW_AT.type));
      const count = arrayCount(info, t);
      return element === undefined || count === undefined ? undefined : element * count;
    }
    default:
      return undefined;
  }
}

/** Elements of an array type (all dimensions multiplied), undefined when unbounded. */
export function arrayCount(info: DwarfInfo, array: Die): number | undefined {
  let total = 1;
  let any = false;
  for (const sub of array.children) {
    if (sub.tag !== DW_TAG.subrange_type) continue;
    any = true;
    const count = numberOf(info, sub, DW_AT.count);
    const upper = numberOf(info, sub, DW_AT.upper_bound);
    const lower = numberOf(info, sub, DW_AT.lower_bound) ?? 0n;
    if (count !== undefined) total *= Number(count);
    else if (upper !== undefined) total *= Number(upper - lower + 1n);
    else return undefined;
  }
  return any ? total : undefined;
}

function isSignedEncoding(encoding: bigint | undefined): boolean {
  return encoding === BigInt(DW_ATE.signed) || encoding === BigInt(DW_ATE.signed_char);
}

/** How a value of `type` reads as a script value (typedefs and qualifiers looked through). */
export function readingOf(info: DwarfInfo, type: Die | undefined): UserDebugValue {
  const t = resolveType(info, type);
  if (t === undefined) return { kind: 'unreadable', reason: 'it has type void' };
  switch (t.tag) {
    case DW_TAG.base_type: {
      const size = sizeOf(info, t) ?? 0;
      const encoding = numberOf(info, t, DW_AT.encoding);
      if (encoding === BigInt(DW_ATE.float) || encoding === BigInt(DW_ATE.complex_float))
        return { kind: 'unreadable', reason: `floating point (${typeName(info, t)})` };
      if (!INTEGER_SIZES.has(size))
        return { kind: 'unreadable', reason: `a ${size}-byte integer (${typeName(info, t)})` };
      return { kind: 'integer', size, isSigned: isSignedEncoding(encoding), pointer: false };
    }
    case DW_TAG.enumeration_type: {
      const size = sizeOf(info, t) ?? 4;
      const under = resolveType(info, refOf(info, t, DW_AT.type));
      const isSigned = under === undefined || isSignedEncoding(numberOf(info, under, DW_AT.encoding));
      return INTEGER_SIZES.has(size)
        ? { kind: 'integer', size, isSigned, pointer: false }
        : { kind: 'unreadable', reason: `a ${size}-byte enum` };
    }
    case DW_TAG.pointer_type:
    case DW_TAG.reference_type:
    case DW_TAG.rvalue_reference_type:
      return { kind: 'integer', size: 8, isSigned: false, pointer: true };
    case DW_TAG.structure_type:
    case DW_TAG.union_type:
    case DW_TAG.class_type:
      return { kind: 'struct' };
    case DW_TAG.array_type:
      return { kind: 'array' };
    default:
      return { kind: 'unreadable', reason: `'${typeName(info, t)}' has no script value` };
  }
}

/** stap's spelling of a type (its dwarf_type_name): `struct foo*`, `char const*`, `long int`. */
export function typeName(info: DwarfInfo, type: Die | undefined): string {
  const parts = spell(info, type, 0);
  if (parts.subroutine === undefined) return parts.text;
  return subroutineName(info, parts.subroutine, parts.text);
}

interface Spelled {
  readonly text: string;
  /** A function type met under pointers: its return type and parameters go around `text`. */
  readonly subroutine?: Die;
}

function spell(info: DwarfInfo, type: Die | undefined, depth: number): Spelled {
  if (type === undefined || depth > 64) return { text: 'void' };
  const named = (prefix: string): Spelled => ({ text: `${prefix}${nameOf(info, type) ?? '{...}'}` });
  switch (type.tag) {
    case DW_TAG.enumeration_type:
      return named('enum ');
    case DW_TAG.structure_type:
      return named('struct ');
    case DW_TAG.union_type:
      return named('union ');
    case DW_TAG.class_type:
      return named('class ');
    case DW_TAG.typedef:
    case DW_TAG.base_type:
    case DW_TAG.unspecified_type:
      return { text: nameOf(info, type) ?? 'void' };
    case DW_TAG.subroutine_type:
      return { text: '', subroutine: type };
    default:
      break;
  }
  const inner = refOf(info, type, DW_AT.type);
  if (
    type.tag === DW_TAG.pointer_type &&
    inner?.tag === DW_TAG.structure_type &&
    nameOf(info, inner) === '__va_list_tag'
  )
    return { text: 'va_list' };
  const base = spell(info, inner, depth + 1);
  const suffix = (() => {
    switch (type.tag) {
      case DW_TAG.pointer_type:
        return '*';
      case DW_TAG.reference_type:
        return '&';
      case DW_TAG.rvalue_reference_type:
        return '&&';
      case DW_TAG.array_type:
        return '[]';
      case DW_TAG.const_type:
        return inner?.tag === DW_TAG.reference_type || inner?.tag === DW_TAG.rvalue_reference_type
          ? ''
          : ' const';
      case DW_TAG.volatile_type:
        return ' volatile';
      case DW_TAG.restrict_type:
        return ' restrict';
      case DW_TAG.atomic_type:
        return ' _Atomic';
      default:
        return undefined;
    }
  })();
  if (suffix === undefined) return { text: '<unknown>' };
  return base.subroutine === undefined
    ? { text: base.text + suffix }
    : { text: base.text + suffix, subroutine: base.subroutine };
}

/** `int (*) (char*, ...)`: the return type, the modifiers in parentheses, the parameters. */
function subroutineName(info: DwarfInfo, subroutine: Die, modifier: string): string {
  const params = subroutine.children
    .filter((c) => c.tag === DW_TAG.formal_parameter || c.tag === DW_TAG.unspecified_parameters)
    .map((c) =>
      c.tag === DW_TAG.unspecified_parameters ? '...' : typeName(info, refOf(info, c, DW_AT.type)),
    );
  const ret = typeName(info, refOf(info, subroutine, DW_AT.type));
  return `${ret} (${modifier}) (${params.length === 0 ? 'void' : params.join(', ')})`;
}

/** A member found by name, with its offset from the start of the outermost container. */
interface MemberHit {
  readonly type: Die | undefined;
  readonly byteOffset: number;
  /** A bit-field: bits from the byte offset (little-endian), and its width. */
  readonly bits?: { readonly shift: number; readonly width: number };
}

/** Member `name` of a struct or union, looking into anonymous members as C does. */
function findMember(info: DwarfInfo, container: Die, name: string, depth = 0): MemberHit | undefined {
  if (depth > 16) return undefined;
  const members = container.children.filter((c) => c.tag === DW_TAG.member);
  for (const m of members) if (nameOf(info, m) === name) return memberHit(info, m);
  for (const m of members) {
    if (nameOf(info, m) !== undefined) continue;
    const inner = resolveType(info, refOf(info, m, DW_AT.type));
    if (inner === undefined) continue;
    const hit = findMember(info, inner, name, depth + 1);
    const outer = memberHit(info, m);
    if (hit !== undefined) return { ...hit, byteOffset: hit.byteOffset + outer.byteOffset };
  }
  return undefined;
}

function memberHit(info: DwarfInfo, m: Die): MemberHit {
  const type = refOf(info, m, DW_AT.type);
  const location = m.attrs.get(DW_AT.data_member_location);
  let byteOffset = 0;
  if (location?.kind === 'number') byteOffset = Number(location.value);
  else if (location?.kind === 'block' && location.bytes[0] === 0x23) {
    // DWARF 2's DW_OP_plus_uconst ULEB.
    let v = 0;
    let shift = 0;
    for (const byte of location.bytes.subarray(1)) {
      v += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if ((byte & 0x80) === 0) break;
    }
    byteOffset = v;
  }
  const width = numberOf(info, m, DW_AT.bit_size);
  if (width === undefined) return { type, byteOffset };
  const dataBit = numberOf(info, m, DW_AT.data_bit_offset);
  let bit: number;
  if (dataBit !== undefined) bit = Number(dataBit);
  else {
    // DWARF 2/3: bit_offset counts from the most significant bit of a byte_size storage unit.
    const storage = Number(numberOf(info, m, DW_AT.byte_size) ?? BigInt(sizeOf(info, type) ?? 4));
    const fromTop = Number(numberOf(info, m, DW_AT.bit_offset) ?? 0n);
    bit = 8 * byteOffset + 8 * storage - fromTop - Number(width);
  }
  return { type, byteOffset: Math.floor(bit / 8), bits: { shift: bit % 8, width: Number(width) } };
}

/** Where a path walk stands: pointing at an object of `type`, or holding a pointer to it. */
export type Place = { readonly kind: 'pointer' | 'object'; readonly type: Die | undefined };

type Walked =
  | {
      readonly ok: true;
      readonly ops: readonly TargetAccessOp[];
      readonly place: Place;
      readonly bits: MemberHit['bits'];
      readonly spelled: string;
    }
  | { readonly ok: false; readonly error: string };

/**
 * Resolves `path` starting from a pointer to `pointee` (`from: 'pointer'`) or from an object of
 * type `pointee` at a known address (`from: 'object'`). `shown` spells the base in messages.
 */
export function resolvePath(
  info: DwarfInfo,
  start: Place,
  path: readonly TargetPathStep[],
  shown: string,
): TargetAccess {
  const walked = walkPath(info, start, path, shown);
  if (!walked.ok) return walked;
  const { ops, place, bits, spelled } = walked;
  if (place.kind === 'pointer') return { ok: false, error: `'${spelled}' without a member` };
  const cType = typeName(info, place.type);
  const value = bits === undefined ? memberValue(info, place.type) : bitFieldValue(info, place.type, bits);
  if (value === undefined)
    return { ok: false, error: `'${spelled}' (${cType}, not an integer, pointer or char array)` };
  return { ok: true, ops, value, cType };
}

/** The type a non-empty path ends on, and whether it is a bit-field; or why it does not resolve. */
export function pathEndType(
  info: DwarfInfo,
  start: Place,
  path: readonly TargetPathStep[],
  shown: string,
):
  | { readonly ok: true; readonly type: Die | undefined; readonly bitField: boolean }
  | { readonly ok: false; readonly error: string } {
  const walked = walkPath(info, start, path, shown);
  if (!walked.ok) return walked;
  return { ok: true, type: walked.place.type, bitField: walked.bits !== undefined };
}

function walkPath(info: DwarfInfo, start: Place, path: readonly TargetPathStep[], shown: string): Walked {
  const ops: TargetAccessOp[] = [];
  let place: Place = start;
  let bits: MemberHit['bits'];
  let spelled = shown;
  const offset = (bytes: number): void => {
    if (bytes === 0) return;
    const last = ops[ops.length - 1];
    if (last?.kind === 'offset') ops[ops.length - 1] = { kind: 'offset', bytes: last.bytes + bytes };
    else ops.push({ kind: 'offset', bytes });
  };
  for (const step of path) {
    if (bits !== undefined) return { ok: false, error: `'${spelled}' (a bit-field) followed by more steps` };
    if (place.kind === 'object') {
      // A pointer stored in the object is loaded: `->` and `[i]` go through it.
      const t = resolveType(info, place.type);
      if (t?.tag === DW_TAG.pointer_type) {
        ops.push({ kind: 'deref' });
        place = { kind: 'pointer', type: refOf(info, t, DW_AT.type) };
      }
    }
    if (step.kind === 'index') {
      const t = resolveType(info, place.type);
      let element: Die | undefined;
      if (place.kind === 'object' && t?.tag === DW_TAG.array_type) element = refOf(info, t, DW_AT.type);
      else if (place.kind === 'pointer') element = place.type;
      else
        return {
          ok: false,
          error: `'${spelled}[...]' (${typeName(info, place.type)}, not an array or pointer)`,
        };
      const size = sizeOf(info, element);
      if (size === undefined)
        return { ok: false, error: `'${spelled}[...]' (${typeName(info, element)}, of unknown size)` };
      ops.push({ kind: 'index', scale: size });
      place = { kind: 'object', type: element };
      spelled = `${spelled}[...]`;
      continue;
    }
    const container = resolveType(info, place.type);
    if (
      container?.tag !== DW_TAG.structure_type &&
      container?.tag !== DW_TAG.union_type &&
      container?.tag !== DW_TAG.class_type
    )
      return {
        ok: false,
        error: `'${spelled}->${step.name}' (${typeName(info, place.type)}, not a struct or a pointer to one)`,
      };
    const hit = findMember(info, container, step.name);
    if (hit === undefined)
      return {
        ok: false,
        error: `unable to find member '${step.name}' for ${typeName(info, container)} ('${spelled}->${step.name}')`,
      };
    spelled = `${spelled}->${step.name}`;
    offset(hit.byteOffset);
    bits = hit.bits;
    place = { kind: 'object', type: hit.type };
  }
  return { ok: true, ops, place, bits, spelled };
}

function bitFieldValue(
  info: DwarfInfo,
  type: Die | undefined,
  bits: NonNullable<MemberHit['bits']>,
): TargetAccessValue | undefined {
  const v = readingOf(info, type);
  const need = bits.shift + bits.width;
  const size = [1, 2, 4, 8].find((n) => 8 * n >= need);
  if (size === undefined || bits.width === 0 || v.kind !== 'integer') return undefined;
  return { kind: 'bitfield', size, shift: bits.shift, bits: bits.width, isSigned: v.isSigned };
}

/** How a member (or element) of `type` reads. */
function memberValue(info: DwarfInfo, type: Die | undefined): TargetAccessValue | undefined {
  const v = readingOf(info, type);
  switch (v.kind) {
    case 'integer':
      return v;
    case 'struct':
      return { kind: 'aggregate' };
    case 'array': {
      const t = resolveType(info, type);
      const element = t === undefined ? undefined : resolveType(info, refOf(info, t, DW_AT.type));
      const encoding = element === undefined ? undefined : numberOf(info, element, DW_AT.encoding);
      const isChar =
        element?.tag === DW_TAG.base_type &&
        sizeOf(info, element) === 1 &&
        (encoding === BigInt(DW_ATE.signed_char) || encoding === BigInt(DW_ATE.unsigned_char));
      const length = t === undefined ? undefined : arrayCount(info, t);
      if (isChar && length !== undefined) return { kind: 'char-array', length };
      return { kind: 'aggregate' };
    }
    case 'unreadable':
      return undefined;
  }
}
