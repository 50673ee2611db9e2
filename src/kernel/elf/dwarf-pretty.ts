/**
 * `$var$` and `$var$$` of user variables from DWARF, laid out as stap's dwarf_pretty_print does
 * (the DWARF counterpart of kernel/btf/pretty.ts): `{.a=%i, .b=%u, .p=%p, .s={...}, .v=[...]}`
 * for a struct, only the top level expanded with `$`, nested structs and arrays too with `$$`
 * (an array by its first element then `, ...`), at most 32 values (then `...`), `?` for what
 * cannot be read. Characters and strings, which stap prints quoted, are refused with a message.
 */
import type { TargetPathStep, TargetPretty, TargetPrettyPiece } from '../../elaborate/index.js';
import { type Die, DW_AT, DW_TAG, type DwarfInfo, nameOf, numberOf, refOf } from './dwarf-reader.js';
import { readingOf, resolveType } from './dwarf-types.js';

/** stap's limit on the arguments of one print format (PR10750). */
const MAX_ARGS = 32;

class Layout {
  readonly pieces: TargetPrettyPiece[] = [];
  args = 0;
  error: string | undefined;

  constructor(
    readonly info: DwarfInfo,
    readonly full: boolean,
    readonly readable: (steps: readonly TargetPathStep[]) => boolean,
  ) {}

  text(text: string): void {
    const last = this.pieces[this.pieces.length - 1];
    if (last?.kind === 'text') this.pieces[this.pieces.length - 1] = { kind: 'text', text: last.text + text };
    else this.pieces.push({ kind: 'text', text });
  }

  value(steps: readonly TargetPathStep[], conversion: 'i' | 'u' | 'p'): void {
    if (!this.readable(steps)) {
      this.text('?');
      return;
    }
    this.pieces.push({ kind: 'value', steps, conversion });
    this.args++;
  }

  isChar(type: Die | undefined): boolean {
    const t = resolveType(this.info, type);
    return t?.tag === DW_TAG.base_type && (numberOf(this.info, t, DW_AT.byte_size) ?? 0n) === 1n;
  }

  quoted(what: string, steps: readonly TargetPathStep[]): void {
    const spelled = steps.map((s) => (s.kind === 'member' ? `->${s.name}` : '[0]')).join('');
    this.error ??= `pretty-printing the ${what}${spelled === '' ? '' : ` '${spelled}'`} (stap prints it quoted)`;
  }

  recurse(type: Die | undefined, steps: readonly TargetPathStep[], top: boolean): void {
    const t = resolveType(this.info, type);
    switch (t?.tag) {
      case DW_TAG.base_type:
      case DW_TAG.enumeration_type: {
        if (this.isChar(t)) {
          this.quoted('char', steps);
          return;
        }
        const v = readingOf(this.info, t);
        if (v.kind === 'integer')
          this.value(steps, v.isSigned || t.tag === DW_TAG.enumeration_type ? 'i' : 'u');
        else this.text('?');
        return;
      }
      case DW_TAG.array_type:
        this.array(refOf(this.info, t, DW_AT.type), steps, top);
        return;
      case DW_TAG.pointer_type:
      case DW_TAG.reference_type:
      case DW_TAG.rvalue_reference_type:
        this.pointer(refOf(this.info, t, DW_AT.type), steps, top);
        return;
      case DW_TAG.structure_type:
      case DW_TAG.union_type:
      case DW_TAG.class_type:
        this.text('{');
        if (top || this.full) this.members(t, steps);
        else this.text('...');
        this.text('}');
        return;
      default:
        this.text('?');
    }
  }

  array(element: Die | undefined, steps: readonly TargetPathStep[], top: boolean): void {
    if (!top && !this.full) {
      this.text('[...]');
      return;
    }
    if (this.isChar(element)) {
      this.quoted('char array', steps);
      return;
    }
    this.text('[');
    if (this.args < MAX_ARGS) this.recurse(element, [...steps, { kind: 'index' }], false);
    this.text(', ...]');
  }

  pointer(target: Die | undefined, steps: readonly TargetPathStep[], top: boolean): void {
    const pointee = resolveType(this.info, target);
    if (pointee !== undefined) {
      if (this.isChar(pointee)) {
        this.quoted('char pointer', steps);
        return;
      }
      if (top && pointee.tag !== DW_TAG.subroutine_type) {
        this.recurse(pointee, steps, top);
        return;
      }
    }
    this.value(steps, 'p');
  }

  members(container: Die, steps: readonly TargetPathStep[]): void {
    let count = 0;
    for (const m of container.children) {
      if (m.tag !== DW_TAG.member) continue;
      const name = nameOf(this.info, m);
      if (++count > 1) this.text(', ');
      if (this.args >= MAX_ARGS) {
        this.text('...');
        break;
      }
      const type = refOf(this.info, m, DW_AT.type);
      const child = resolveType(this.info, type);
      let below = steps;
      if (name !== undefined) {
        this.text(`.${name}`);
        below = [...steps, { kind: 'member', name }];
      } else if (child?.tag === DW_TAG.union_type) this.text('<union>');
      else if (child?.tag === DW_TAG.structure_type) this.text('<class>');
      this.text('=');
      if (m.attrs.has(DW_AT.bit_size)) {
        const v = readingOf(this.info, type);
        if (v.kind === 'integer') this.value(below, v.isSigned ? 'i' : 'u');
        else this.text('?');
      } else this.recurse(type, below, false);
    }
  }
}

/**
 * The layout of a variable of `type` (`path` below it) pretty-printed; `endType` gives the type
 * a non-empty path ends on; `readable` whether the steps below the printed expression read.
 */
export function prettyLayout(
  info: DwarfInfo,
  type: Die | undefined,
  full: boolean,
  readable: (steps: readonly TargetPathStep[]) => boolean,
): TargetPretty {
  const layout = new Layout(info, full, readable);
  layout.recurse(type, [], true);
  if (layout.error !== undefined) return { ok: false, error: layout.error };
  return { ok: true, pieces: layout.pieces };
}
