/**
 * The pieces an argstr is made of. A syscall's layout is a list of fields, each reading one raw
 * argument (by position in the tracepoint's field list) and printing it one way; the fields that
 * read user memory say what to copy, so the same list tells the code generator what to capture
 * and the runtime how to print.
 */
import { lookupFlags, lookupName, type NameTable } from './lookup.js';
import type { StructDecoder } from './structs.js';
import { MAX_STRING_LEN, quoteBuffer, quoteBytes, quoteString } from './text-quote.js';
import { asType, hex, type IntType, octal } from './values.js';
import { formatVector, VECTOR } from './vector.js';

/** Whether a field is printed, from the raw arguments (captures are requested either way). */
export type When = (args: readonly bigint[]) => boolean;

export type Field =
  | { readonly kind: 'int'; readonly arg: number; readonly type: IntType; readonly when?: When }
  | { readonly kind: 'pointer'; readonly arg: number; readonly when?: When }
  | { readonly kind: 'octal'; readonly arg: number; readonly when?: When }
  | {
      readonly kind: 'value';
      readonly arg: number;
      readonly format: (v: bigint, args: readonly bigint[]) => string;
      readonly when?: When;
    }
  | {
      readonly kind: 'string';
      readonly arg: number;
      readonly maxBytes: number;
      readonly outputBytes: number;
      readonly when?: When;
    }
  | { readonly kind: 'buffer'; readonly arg: number; readonly countArg: number; readonly when?: When }
  | { readonly kind: 'struct'; readonly arg: number; readonly decoder: StructDecoder; readonly when?: When }
  | { readonly kind: 'vector'; readonly arg: number; readonly when?: When }
  | { readonly kind: 'text'; readonly text: string; readonly when?: When };

/** How many bytes of a data buffer to copy: enough for syscall_string_trunc output plus lookahead. */
export const BUFFER_CAPTURE_BYTES = 64;

// ------------------------------------------------------------------ constructors

/** `%d` of `int_arg(n)`. */
export const int = (arg: number): Field => ({ kind: 'int', arg, type: 's32' });
/** `%u` of `uint_arg(n)`. */
export const uint = (arg: number): Field => ({ kind: 'int', arg, type: 'u32' });
/** `%d` of `long_arg(n)`. */
export const long = (arg: number): Field => ({ kind: 'int', arg, type: 's64' });
/** `%u` of `ulong_arg(n)`. */
export const ulong = (arg: number): Field => ({ kind: 'int', arg, type: 'u64' });
/** `%p` of `pointer_arg(n)`. */
export const ptr = (arg: number): Field => ({ kind: 'pointer', arg });
/** `%#o` of `uint_arg(n)`. */
export const mode = (arg: number, when?: When): Field =>
  when === undefined ? { kind: 'octal', arg } : { kind: 'octal', arg, when };
/** `user_string_quoted(pointer_arg(n))`. */
export const str = (arg: number): Field => ({
  kind: 'string',
  arg,
  maxBytes: MAX_STRING_LEN,
  outputBytes: MAX_STRING_LEN - 1,
});
/** `user_string_n_quoted(pointer_arg(n), limit)`: at most `limit` input bytes. */
export const strN = (arg: number, limit: number): Field => ({
  kind: 'string',
  arg,
  maxBytes: limit,
  outputBytes: MAX_STRING_LEN - 1,
});
/** `user_buffer_quoted(pointer_arg(n), count, syscall_string_trunc)`. */
export const buf = (arg: number, countArg: number): Field => ({ kind: 'buffer', arg, countArg });
/** `__get_argv(pointer_arg(n), 0)`: a NULL-terminated vector of user strings (vector.ts). */
export const vector = (arg: number): Field => ({ kind: 'vector', arg });
/** A user struct copied and decoded. */
export const struct = (arg: number, decoder: StructDecoder, when?: When): Field =>
  when === undefined ? { kind: 'struct', arg, decoder } : { kind: 'struct', arg, decoder, when };
/** `_stp_lookup_str(table, (unsigned int)arg)`. */
export const named = (arg: number, table: NameTable, type: IntType = 'u32'): Field => ({
  kind: 'value',
  arg,
  format: (v) => lookupName(table, asType(v, type)),
});
/** `_stp_lookup_or_str(table, (unsigned int)arg)`. */
export const flags = (arg: number, table: NameTable, type: IntType = 'u32'): Field => ({
  kind: 'value',
  arg,
  format: (v) => lookupFlags(table, asType(v, type)),
});
/** Any pure decoder of the raw value. */
export const value = (arg: number, format: (v: bigint, args: readonly bigint[]) => string): Field => ({
  kind: 'value',
  arg,
  format,
});
/** `0x%x` of an argument read as `type`. */
export const hexOf = (arg: number, type: IntType = 'u32'): Field => value(arg, (v) => hex(asType(v, type)));
/** Literal text in place of an argument. */
export const text = (t: string): Field => ({ kind: 'text', text: t });

/** Adds a print condition to a field (on top of any it has). */
export function when(field: Field, condition: When): Field {
  const before = field.when;
  return { ...field, when: before === undefined ? condition : (args) => before(args) && condition(args) };
}

/**
 * A layout that depends on one argument's value, as the tapset's `if (op == X) argstr = ...`
 * chains: the first case whose values include `select(args)` prints, `null` values match any.
 */
export function cases(
  select: (args: readonly bigint[]) => bigint,
  variants: readonly (readonly [values: readonly bigint[] | null, fields: readonly Field[]])[],
): Field[] {
  const chosen = (args: readonly bigint[]): number => {
    const v = select(args);
    return variants.findIndex(([values]) => values === null || values.includes(v));
  };
  return variants.flatMap(([, fields], i) => fields.map((f) => when(f, (args) => chosen(args) === i)));
}

// ------------------------------------------------------------------ captures and printing

export type Capture =
  | { readonly index: number; readonly kind: 'string'; readonly maxBytes: number }
  | { readonly index: number; readonly kind: 'bytes'; readonly bytes: number }
  | { readonly index: number; readonly kind: 'vector'; readonly bytes: number };

/** The copy a field needs, if any. */
export function captureOf(field: Field): Capture | undefined {
  switch (field.kind) {
    case 'string':
      return { index: field.arg, kind: 'string', maxBytes: field.maxBytes };
    case 'buffer':
      return { index: field.arg, kind: 'bytes', bytes: BUFFER_CAPTURE_BYTES };
    case 'struct':
      return { index: field.arg, kind: 'bytes', bytes: field.decoder.bytes };
    case 'vector':
      return { index: field.arg, kind: 'vector', bytes: VECTOR.bytes };
    default:
      return undefined;
  }
}

/**
 * One field's text. `copy` is the field's capture (undefined when the copy faulted or the field
 * has none); a NUL-terminated string's copy holds the bytes up to (not including) its NUL.
 */
export function formatField(field: Field, args: readonly bigint[], copy: Uint8Array | undefined): string {
  const raw = field.kind === 'text' ? 0n : (args[field.arg] ?? 0n);
  switch (field.kind) {
    case 'int':
      return `${asType(raw, field.type)}`;
    case 'pointer':
      return hex(raw);
    case 'octal':
      return octal(BigInt.asUintN(32, raw));
    case 'value':
      return field.format(raw, args);
    case 'string':
      if (copy === undefined) return hex(raw);
      return field.maxBytes === MAX_STRING_LEN
        ? quoteString(copy)
        : quoteBytes(copy, { inputBytes: field.maxBytes, outputBytes: field.outputBytes, buffer: false });
    case 'buffer':
      return copy === undefined
        ? hex(raw)
        : quoteBuffer(copy, BigInt.asUintN(64, args[field.countArg] ?? 0n));
    case 'struct':
      if (BigInt.asUintN(64, raw) === 0n) return field.decoder.nullText;
      if (copy === undefined) return field.decoder.faulted(raw);
      return field.decoder.format(new DataView(copy.buffer, copy.byteOffset, copy.byteLength), args);
    case 'vector':
      return formatVector(raw, copy);
    case 'text':
      return field.text;
  }
}
