/**
 * `$var$` and `$var$$` from BTF, as stap's dwarf_pretty_print lays them out: a format with one
 * value per readable member, `{.a=%i, .b=%u, .p=%p, .s={...}, .v=[...]}` for a struct, only the top
 * level expanded with `$`, nested structs and arrays too with `$$` (an array by its first element
 * then `, ...`), at most 32 values (then `...`), `?` for what cannot be read (floats). The values
 * are paths below the printed expression. stap prints characters and strings quoted and escaped
 * (`'%#c'`, kernel_string_quoted); those are not laid out here: the result says so instead.
 */

import { PrettyLayoutBase } from '../pretty-layout.js';
import type { PathStep } from './access.js';
import { pathEndType } from './access.js';
import type { Btf } from './btf.js';
import { resolvedType } from './layout.js';

/** stap's conversions: signed and unsigned decimal, and a pointer (`0x` and hex digits). */
export type PrettyConversion = 'i' | 'u' | 'p';

export type PrettyPiece =
  | { readonly kind: 'text'; readonly text: string }
  /** The value `steps` below the printed expression (`[i]` steps index element 0). */
  | { readonly kind: 'value'; readonly steps: readonly PathStep[]; readonly conversion: PrettyConversion };

export type PrettyLayout =
  | { readonly ok: true; readonly pieces: readonly PrettyPiece[] }
  | { readonly ok: false; readonly error: string };

/** Where the printed expression starts: a value of type `id`, or a pointer to `id` (a @cast base). */
export type PrettyStart = { readonly kind: 'value' | 'pointer-to'; readonly id: number };

class Layout extends PrettyLayoutBase<number> {
  constructor(
    readonly btf: Btf,
    full: boolean,
    readable: (steps: readonly PathStep[]) => boolean,
  ) {
    super(full, readable);
  }

  isChar(id: number): boolean {
    const t = resolvedType(this.btf, id);
    return t?.kind === 'int' && t.size === 1 && (t.isChar || t.name.includes('char'));
  }

  recurse(id: number, steps: readonly PathStep[], top: boolean): void {
    const t = resolvedType(this.btf, id);
    switch (t?.kind) {
      case 'int':
        if (this.isChar(t.id)) this.quoted('char', steps);
        else this.value(steps, t.isSigned || t.isBool ? 'i' : 'u');
        return;
      case 'enum':
        this.value(steps, 'i');
        return;
      case 'array':
        this.array(t.type, steps, top);
        return;
      case 'ptr':
        this.pointer(t.type, steps, top);
        return;
      case 'func_proto':
        this.value(steps, 'p', '<function>:');
        return;
      case 'struct':
      case 'union':
        this.braces(top, () => this.members(t.id, steps));
        return;
      case 'fwd':
        this.text('{...}');
        return;
      default:
        this.text('?');
    }
  }

  pointer(target: number, steps: readonly PathStep[], top: boolean): void {
    const pointee = resolvedType(this.btf, target);
    if (pointee !== undefined && pointee.kind !== 'void') {
      if (this.isChar(pointee.id)) {
        this.quoted('char pointer', steps);
        return;
      }
      if (top) {
        this.recurse(pointee.id, steps, top);
        return;
      }
    }
    this.value(steps, 'p');
  }

  members(id: number, steps: readonly PathStep[]): void {
    const t = resolvedType(this.btf, id);
    if (t?.kind !== 'struct' && t?.kind !== 'union') return;
    const seen = new Set<string>();
    let count = 0;
    for (const m of t.members) {
      if (m.name !== '') {
        if (seen.has(m.name)) continue;
        seen.add(m.name);
      }
      const child = resolvedType(this.btf, m.type);
      const unnamed = child?.kind === 'union' || child?.kind === 'struct' ? child.kind : undefined;
      const below = this.member(++count, m.name === '' ? undefined : m.name, unnamed, steps);
      if (below === undefined) break;
      if (m.bitfieldSize > 0) this.bitField(m.type, below);
      else this.recurse(m.type, below, false);
    }
  }

  bitField(id: number, steps: readonly PathStep[]): void {
    const t = resolvedType(this.btf, id);
    if (t?.kind === 'int') this.value(steps, t.isSigned ? 'i' : 'u');
    else if (t?.kind === 'enum') this.value(steps, 'i');
    else this.text('?');
  }
}

/**
 * The layout of `base` + `path` pretty-printed (`full` for `$$`). `readable` tells whether a
 * value's steps (below `path`) can be read; `shown` spells the base in messages.
 */
export function prettyLayout(
  btf: Btf,
  start: PrettyStart,
  path: readonly PathStep[],
  full: boolean,
  shown: string,
  readable: (steps: readonly PathStep[]) => boolean,
): PrettyLayout {
  const layout = new Layout(btf, full, readable);
  if (path.length === 0) {
    if (start.kind === 'value') layout.recurse(start.id, [], true);
    else layout.pointer(start.id, [], true);
  } else {
    const base = start.kind === 'pointer-to' ? start.id : pointeeOf(btf, start.id);
    if (base === undefined) return { ok: false, error: `'${shown}' (not a pointer) with '->' or '[]'` };
    const end = pathEndType(btf, base, path, shown);
    if (!end.ok) return end;
    if (end.bitField) layout.bitField(end.type, []);
    else layout.recurse(end.type, [], true);
  }
  if (layout.error !== undefined) return { ok: false, error: layout.error };
  return { ok: true, pieces: layout.pieces };
}

function pointeeOf(btf: Btf, id: number): number | undefined {
  const t = resolvedType(btf, id);
  return t?.kind === 'ptr' ? t.type : undefined;
}
