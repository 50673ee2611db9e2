/**
 * Target-expression paths over BTF: `$prev->se.load.weight`-style chains written with `->`
 * (stap uses `->` for embedded members and pointers alike) and `[i]` indexes, resolved from a
 * pointer to a type into the address arithmetic a program performs (add an offset, add a scaled
 * index, load a pointer) and the kind of value read at the end.
 */
import type {
  TargetAccessOp as AccessOp,
  TargetAccessValue as AccessValue,
  TargetAccess as PathAccess,
  TargetPathStep as PathStep,
} from '../../elaborate/index.js';
import type { Btf } from './btf.js';
import { findMember, resolvedType, resolveType, sizeOf, typeName } from './layout.js';

export type { AccessOp, AccessValue, PathAccess, PathStep };

/**
 * Where the walk stands: the address register holds a pointer whose target has type `type`
 * (`pointer`: it came from a pointer value, so `[i]` scales by the target's size), or the
 * address of a member of type `type` (`object`).
 */
type Place = { readonly kind: 'pointer' | 'object'; readonly type: number };

/** A bit-field member: read from its first byte, shifted and masked. */
interface BitField {
  readonly bitOffset: number;
  readonly bits: number;
  readonly type: number;
}

const INTEGER_SIZES: ReadonlySet<number> = new Set([1, 2, 4, 8]);

/**
 * Resolves `path` from a pointer to type `pointee` (a TP_PROTO parameter's target, a @cast type).
 * `shown` spells the base in messages (`$prev`).
 */
export function resolvePath(btf: Btf, pointee: number, path: readonly PathStep[], shown: string): PathAccess {
  const walked = walkSteps(btf, pointee, path, shown);
  if (!walked.ok) return walked;
  const { ops, place, bitField, spelled } = walked;
  if (place.kind === 'pointer') return { ok: false, error: `'${spelled}' without a member` };
  const cType = typeName(btf, place.type);
  const value = bitField === undefined ? memberValue(btf, place.type) : bitFieldValue(btf, bitField);
  if (value === undefined)
    return { ok: false, error: `'${spelled}' (${cType}, not an integer, pointer or char array)` };
  return { ok: true, ops, value, cType };
}

/** The type a non-empty path ends on (a member's own type), or why the path does not resolve. */
export function pathEndType(
  btf: Btf,
  pointee: number,
  path: readonly PathStep[],
  shown: string,
):
  | { readonly ok: true; readonly type: number; readonly bitField: boolean }
  | { readonly ok: false; readonly error: string } {
  const walked = walkSteps(btf, pointee, path, shown);
  if (!walked.ok) return walked;
  return { ok: true, type: walked.place.type, bitField: walked.bitField !== undefined };
}

type Walked =
  | {
      readonly ok: true;
      readonly ops: readonly AccessOp[];
      readonly place: Place;
      readonly bitField: BitField | undefined;
      readonly spelled: string;
    }
  | { readonly ok: false; readonly error: string };

function walkSteps(btf: Btf, pointee: number, path: readonly PathStep[], shown: string): Walked {
  const ops: AccessOp[] = [];
  let place: Place = { kind: 'pointer', type: pointee };
  let bitField: BitField | undefined;
  let spelled = shown;
  const offset = (bytes: number): void => {
    const last = ops[ops.length - 1];
    if (bytes === 0) return;
    if (last?.kind === 'offset') ops[ops.length - 1] = { kind: 'offset', bytes: last.bytes + bytes };
    else ops.push({ kind: 'offset', bytes });
  };
  for (const step of path) {
    if (bitField !== undefined)
      return { ok: false, error: `'${spelled}' (a bit-field) followed by more steps` };
    // A pointer member stored in the object is loaded first: `->` and `[i]` then go through it.
    if (place.kind === 'object') {
      const t = resolvedType(btf, place.type);
      if (t?.kind === 'ptr') {
        ops.push({ kind: 'deref' });
        place = { kind: 'pointer', type: t.type };
      }
    }
    if (step.kind === 'index') {
      const t = resolvedType(btf, place.type);
      if (place.kind === 'object' && t?.kind === 'array') {
        const size = sizeOf(btf, t.type);
        if (size === undefined) return { ok: false, error: `'${spelled}[...]' (elements of unknown size)` };
        ops.push({ kind: 'index', scale: size });
        place = { kind: 'object', type: t.type };
      } else if (place.kind === 'pointer') {
        const size = sizeOf(btf, place.type);
        if (size === undefined)
          return { ok: false, error: `'${spelled}[...]' (${typeName(btf, place.type)}, of unknown size)` };
        ops.push({ kind: 'index', scale: size });
        place = { kind: 'object', type: place.type };
      } else {
        return {
          ok: false,
          error: `'${spelled}[...]' (${typeName(btf, place.type)}, not an array or pointer)`,
        };
      }
      spelled = `${spelled}[...]`;
      continue;
    }
    const container = resolvedType(btf, place.type);
    if (container?.kind !== 'struct' && container?.kind !== 'union')
      return {
        ok: false,
        error: `'${spelled}->${step.name}' (${typeName(btf, place.type)}, not a struct or a pointer to one)`,
      };
    const m = findMember(btf, container.id, step.name);
    if (m === undefined)
      return {
        ok: false,
        error: `'${spelled}->${step.name}' (${typeName(btf, container.id)} has no member '${step.name}')`,
      };
    spelled = `${spelled}->${step.name}`;
    if (m.byteOffset === undefined) {
      offset(Math.floor(m.bitOffset / 8));
      bitField = { bitOffset: m.bitOffset % 8, bits: m.bitfieldSize || bitsOf(btf, m.type), type: m.type };
    } else {
      offset(m.byteOffset);
    }
    place = { kind: 'object', type: m.type };
  }
  return { ok: true, ops, place, bitField, spelled };
}

function bitsOf(btf: Btf, type: number): number {
  return 8 * (sizeOf(btf, type) ?? 0);
}

function bitFieldValue(btf: Btf, f: BitField): AccessValue | undefined {
  const t = resolvedType(btf, f.type);
  const isSigned = (t?.kind === 'int' || t?.kind === 'enum') && t.isSigned;
  const need = f.bitOffset + f.bits;
  const size = [1, 2, 4, 8].find((n) => 8 * n >= need);
  if (size === undefined || f.bits === 0) return undefined;
  return { kind: 'bitfield', size, shift: f.bitOffset, bits: f.bits, isSigned };
}

/** How a member of type `id` reads as a script value. */
function memberValue(btf: Btf, id: number): AccessValue | undefined {
  const t = resolvedType(btf, id);
  switch (t?.kind) {
    case 'int':
      if (t.bitOffset !== 0 || !INTEGER_SIZES.has(t.size)) return undefined;
      return { kind: 'integer', size: t.size, isSigned: t.isSigned, pointer: false };
    case 'enum':
      if (!INTEGER_SIZES.has(t.size)) return undefined;
      return { kind: 'integer', size: t.size, isSigned: t.isSigned, pointer: false };
    case 'ptr':
      return { kind: 'integer', size: 8, isSigned: false, pointer: true };
    case 'array': {
      const element = resolvedType(btf, t.type);
      // `char`, `unsigned char` (u8), `signed char`: stap reads arrays of them as strings.
      if (element?.kind === 'int' && element.size === 1 && (element.isChar || element.name.includes('char')))
        return { kind: 'char-array', length: t.length };
      return { kind: 'aggregate' };
    }
    case 'struct':
    case 'union':
      return { kind: 'aggregate' };
    default:
      return undefined;
  }
}

/**
 * The type `@cast(p, "NAME")` names: `task_struct` or `struct task_struct` (also `union x`,
 * `enum x`, a typedef name, or a base type like `int`), behind typedefs. Undefined when BTF has
 * none. A trailing `*` is not accepted: stap's @cast names the pointed-to type.
 */
export function findNamedType(btf: Btf, name: string): number | undefined {
  const spelled = name.trim().replace(/\s+/g, ' ');
  const tagged = /^(struct|union|enum) (\w+)$/.exec(spelled);
  if (tagged !== null) {
    const [, tag, bare] = tagged as unknown as [string, 'struct' | 'union' | 'enum', string];
    return complete(btf, btf.idsByName(bare, tag));
  }
  if (!/^\w+( \w+)*$/.test(spelled)) return undefined;
  for (const kind of ['struct', 'union', 'typedef', 'enum', 'int'] as const) {
    const id = complete(btf, btf.idsByName(spelled, kind));
    if (id !== undefined) return kind === 'typedef' ? resolveType(btf, id) : id;
  }
  return undefined;
}

/** The first id whose type has a size (a definition, not a forward declaration). */
function complete(btf: Btf, ids: readonly number[]): number | undefined {
  return ids.find((id) => sizeOf(btf, id) !== undefined);
}
