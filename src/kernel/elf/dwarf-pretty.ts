/**
 * `$var$` and `$var$$` of user variables from DWARF, laid out as stap's dwarf_pretty_print does
 * (the DWARF counterpart of kernel/btf/pretty.ts): `{.a=%i, .b=%u, .p=%p, .s={...}, .v=[...]}`
 * for a struct, only the top level expanded with `$`, nested structs and arrays too with `$$`
 * (an array by its first element then `, ...`), at most 32 values (then `...`), `?` for what
 * cannot be read. Characters and strings, which stap prints quoted, are refused with a message.
 */
import type { TargetPathStep, TargetPretty } from '../../elaborate/index.js';
import { PrettyLayoutBase } from '../pretty-layout.js';
import { type Die, DW_AT, DW_TAG, type DwarfInfo, nameOf, numberOf, refOf } from './dwarf-reader.js';
import { readingOf, resolveType } from './dwarf-types.js';

class Layout extends PrettyLayoutBase<Die | undefined> {
  constructor(
    readonly info: DwarfInfo,
    full: boolean,
    readable: (steps: readonly TargetPathStep[]) => boolean,
  ) {
    super(full, readable);
  }

  isChar(type: Die | undefined): boolean {
    const t = resolveType(this.info, type);
    return t?.tag === DW_TAG.base_type && (numberOf(this.info, t, DW_AT.byte_size) ?? 0n) === 1n;
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
        this.braces(top, () => this.members(t, steps));
        return;
      default:
        this.text('?');
    }
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
      const type = refOf(this.info, m, DW_AT.type);
      const child = resolveType(this.info, type);
      const unnamed =
        child?.tag === DW_TAG.union_type
          ? 'union'
          : child?.tag === DW_TAG.structure_type
            ? 'struct'
            : undefined;
      const below = this.member(++count, nameOf(this.info, m), unnamed, steps);
      if (below === undefined) break;
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
