/**
 * Questions about C types answered from BTF: what a typedef stands for, how big a type is,
 * where a member lives (through anonymous structs and unions, as C sees them), and how the
 * type is spelled. This is what `@cast(p, "task_struct")->pid` and `$prev->pid` compile from.
 */
import type { Btf } from './btf.js';
import { type BtfMember, type BtfType, QUALIFIER_KINDS } from './types.js';

/** Pointers are 8 bytes on every architecture we support (x86_64, arm64). */
const POINTER_SIZE_BYTES = 8;

/** The id behind typedefs, const, volatile, restrict and type tags. */
export function resolveType(btf: Btf, id: number): number {
  for (let hops = 0; hops < 64; hops++) {
    const kind = btf.kindOf(id);
    if (kind === undefined || !QUALIFIER_KINDS.has(kind)) return id;
    const t = btf.type(id);
    if (t === undefined || !('type' in t)) return id;
    id = t.type;
  }
  return id;
}

/** The decoded type behind qualifiers and typedefs. */
export function resolvedType(btf: Btf, id: number): BtfType | undefined {
  return btf.type(resolveType(btf, id));
}

/** sizeof the type in bytes; undefined for void, functions and forward declarations. */
export function sizeOf(btf: Btf, id: number): number | undefined {
  const t = resolvedType(btf, id);
  if (t === undefined) return undefined;
  switch (t.kind) {
    case 'int':
    case 'struct':
    case 'union':
    case 'enum':
    case 'float':
    case 'datasec':
      return t.size;
    case 'ptr':
      return POINTER_SIZE_BYTES;
    case 'array': {
      const element = sizeOf(btf, t.type);
      return element === undefined ? undefined : element * t.length;
    }
    default:
      return undefined;
  }
}

/** A member located inside a struct or union, its offset counted from the outermost one. */
export interface MemberLocation {
  readonly member: BtfMember;
  /** Bits from the start of the struct that was searched. */
  readonly bitOffset: number;
  /** Bytes from the start, when the member is byte-aligned and not a bitfield. */
  readonly byteOffset: number | undefined;
  /** The member's own type id (unresolved). */
  readonly type: number;
  readonly bitfieldSize: number;
}

/**
 * Finds member `name` of the struct or union `id`, descending into anonymous members the way
 * C name lookup does (task_struct's fields inside unnamed unions, for instance).
 */
export function findMember(btf: Btf, id: number, name: string): MemberLocation | undefined {
  const t = resolvedType(btf, id);
  if (t === undefined || (t.kind !== 'struct' && t.kind !== 'union')) return undefined;
  for (const m of t.members) {
    if (m.name === name) return location(m, m.bitOffset);
  }
  for (const m of t.members) {
    if (m.name !== '') continue;
    const inner = findMember(btf, m.type, name);
    if (inner !== undefined) return location(inner.member, m.bitOffset + inner.bitOffset);
  }
  return undefined;
}

function location(member: BtfMember, bitOffset: number): MemberLocation {
  const aligned = member.bitfieldSize === 0 && bitOffset % 8 === 0;
  return {
    member,
    bitOffset,
    byteOffset: aligned ? bitOffset / 8 : undefined,
    type: member.type,
    bitfieldSize: member.bitfieldSize,
  };
}

/**
 * Follows a dotted member path (`se.vruntime`) from a struct, summing offsets; pointers are
 * not dereferenced (that takes a probe read in the program). Undefined when a step is missing.
 */
export function memberPath(btf: Btf, id: number, path: string): MemberLocation | undefined {
  let current: MemberLocation | undefined;
  let containerId = id;
  let base = 0;
  for (const step of path.split('.')) {
    const found = findMember(btf, containerId, step);
    if (found === undefined) return undefined;
    current = location(found.member, base + found.bitOffset);
    base = current.bitOffset;
    containerId = found.type;
  }
  return current;
}

/** The C spelling of a type: `struct task_struct *`, `char[16]`, `int (*)(void *, int)`. */
export function typeName(btf: Btf, id: number): string {
  return declarator(btf, id, '').trim();
}

function declarator(btf: Btf, id: number, inner: string): string {
  const t = btf.type(id);
  if (t === undefined) return `<bad type ${id}>${inner}`;
  switch (t.kind) {
    case 'void':
      return `void${inner === '' ? '' : ` ${inner}`}`;
    case 'int':
    case 'float':
    case 'typedef':
      return `${t.name}${spaced(inner)}`;
    case 'struct':
    case 'union':
      return `${t.kind} ${t.name === '' ? '{...}' : t.name}${spaced(inner)}`;
    case 'enum':
      return `enum ${t.name === '' ? '{...}' : t.name}${spaced(inner)}`;
    case 'fwd':
      return `${t.isUnion ? 'union' : 'struct'} ${t.name}${spaced(inner)}`;
    case 'const':
    case 'volatile':
    case 'restrict':
      // `const char *`, but `char *const` when the qualifier applies to the pointer itself.
      return btf.kindOf(t.type) === 'ptr'
        ? declarator(btf, t.type, `${t.kind}${spaced(inner)}`)
        : `${t.kind} ${declarator(btf, t.type, inner)}`;
    case 'type_tag':
      return declarator(btf, t.type, inner);
    case 'ptr':
      return declarator(btf, t.type, `*${inner}`);
    case 'array':
      return declarator(btf, t.type, `${wrapPointer(inner)}[${t.length}]`);
    case 'func_proto': {
      const params = t.params.map((p) => typeName(btf, p.type));
      if (t.isVariadic) params.push('...');
      return declarator(btf, t.returnType, `${wrapPointer(inner)}(${params.join(', ') || 'void'})`);
    }
    case 'func':
      return declarator(btf, t.type, t.name);
    case 'var':
      return declarator(btf, t.type, t.name);
    case 'datasec':
    case 'decl_tag':
      return t.name;
  }
}

function spaced(inner: string): string {
  return inner === '' ? '' : inner.startsWith('[') || inner.startsWith('(') ? inner : ` ${inner}`;
}

function wrapPointer(inner: string): string {
  return inner.startsWith('*') ? `(${inner})` : inner;
}
