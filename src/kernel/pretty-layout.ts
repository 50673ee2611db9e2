/**
 * What the BTF and DWARF pretty-printers (kernel/btf/pretty.ts, kernel/elf/dwarf-pretty.ts) share:
 * stap's dwarf_pretty_print layout as text and value pieces, whatever the types are read from.
 * A subclass walks its own types (a BTF id, a DWARF DIE) and lays them out with these steps.
 */
import type { TargetPathStep, TargetPrettyPiece } from '../elaborate/index.js';

/** stap's limit on the arguments of one print format (PR10750). */
export const MAX_ARGS = 32;

/** A pretty-printed layout over types named by `T`, `full` for `$$`. */
export abstract class PrettyLayoutBase<T> {
  readonly pieces: TargetPrettyPiece[] = [];
  args = 0;
  error: string | undefined;

  constructor(
    readonly full: boolean,
    /** Resolves the steps below the printed expression; false when they cannot be read. */
    readonly readable: (steps: readonly TargetPathStep[]) => boolean,
  ) {}

  /** Whether `type` is a one-byte character (which stap prints quoted). */
  abstract isChar(type: T): boolean;

  /** Lays out a value of `type` `steps` below the printed expression (`top` for the expression). */
  abstract recurse(type: T, steps: readonly TargetPathStep[], top: boolean): void;

  text(text: string): void {
    if (text === '') return;
    const last = this.pieces[this.pieces.length - 1];
    if (last?.kind === 'text') this.pieces[this.pieces.length - 1] = { kind: 'text', text: last.text + text };
    else this.pieces.push({ kind: 'text', text });
  }

  /** stap's push_deref: the value, or `?` when its path does not resolve. */
  value(steps: readonly TargetPathStep[], conversion: 'i' | 'u' | 'p', before = '', after = ''): void {
    if (!this.readable(steps)) {
      this.text('?');
      return;
    }
    this.text(before);
    this.pieces.push({ kind: 'value', steps, conversion });
    this.text(after);
    this.args++;
  }

  /** A character or a string stap would print quoted: not laid out, the result says so instead. */
  quoted(what: string, steps: readonly TargetPathStep[]): void {
    const spelled = steps.map((s) => (s.kind === 'member' ? `->${s.name}` : '[0]')).join('');
    this.error ??= `pretty-printing the ${what}${spelled === '' ? '' : ` '${spelled}'`} (stap prints it quoted)`;
  }

  /** A struct or union: `{...}`, its members (`members`) laid out at the top or with `$$`. */
  braces(top: boolean, members: () => void): void {
    this.text('{');
    if (top || this.full) members();
    else this.text('...');
    this.text('}');
  }

  array(element: T, steps: readonly TargetPathStep[], top: boolean): void {
    if (!top && !this.full) {
      this.text('[...]');
      return;
    }
    if (this.isChar(element)) {
      this.quoted('char array', steps);
      return;
    }
    this.text('[');
    // stap cannot tell an array's length here: the first element, then `, ...`.
    if (this.args < MAX_ARGS) this.recurse(element, [...steps, { kind: 'index' }], false);
    this.text(', ...]');
  }

  /**
   * Starts member number `count` (from 1) of a struct: `.name=`, or for an unnamed one `<union>=`
   * or `<class>=` by what it is (`unnamed`). The steps below it; undefined when the values have
   * reached their limit (`...` then ends the members).
   */
  member(
    count: number,
    name: string | undefined,
    unnamed: 'union' | 'struct' | undefined,
    steps: readonly TargetPathStep[],
  ): readonly TargetPathStep[] | undefined {
    if (count > 1) this.text(', ');
    if (this.args >= MAX_ARGS) {
      this.text('...');
      return undefined;
    }
    let below = steps;
    if (name !== undefined) {
      this.text(`.${name}`);
      below = [...steps, { kind: 'member', name }];
    } else if (unnamed === 'union') this.text('<union>');
    // stap's own spelling (tapsets.cxx swaps the struct and class names).
    else if (unnamed === 'struct') this.text('<class>');
    this.text('=');
    return below;
  }
}
