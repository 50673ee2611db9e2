/**
 * printf format strings as stap reads them (`print_format::string_to_components`): literal text
 * and conversions `%[flag][width][.precision][l]conv`. The runtime formats from these components;
 * pass 2 checks argument count and types with `formatArgTypes`.
 *
 * Stap's grammar is narrower than C's, and we keep it exactly:
 * - at most ONE flag among `0 + - space #` (`%-08d` is `-` then width 08; `%0-8d` is an error);
 * - `l` is the only length modifier (`%ld` = `%d`, `%lld` is an error);
 * - a format ending right after `%.` or `%l` (nothing else pending) drops that tail silently,
 *   while one ending after a flag, width or precision is `trailing incomplete print format conversion`;
 * - a lone `%` at the very end is literal text (upstream runs off the end of the string there).
 */

/** The conversion characters stap accepts. */
export type ConversionChar = 'd' | 'i' | 'u' | 'x' | 'X' | 'o' | 'p' | 's' | 'c' | 'b' | 'm' | 'M';

export interface FormatFlags {
  /** `-`: left-justify. */
  readonly left: boolean;
  /** `+`: sign on positive signed numbers. */
  readonly plus: boolean;
  /** space: blank before positive signed numbers. */
  readonly space: boolean;
  /** `#`: `0`/`0x` prefix, `%c` escapes, user memory for `%m`/`%M`. Always set for `%p`. */
  readonly alternate: boolean;
  /** `0`: zero padding after the sign (numbers); a trailing NUL byte for `%s`/`%m`/`%M`. */
  readonly zeroPad: boolean;
}

/** A width or precision: absent, a number written in the format, or `*` (taken from a long argument). */
export type FormatSize = number | '*' | undefined;

export interface FormatLiteral {
  readonly kind: 'literal';
  /** The text, with `%%` already reduced to `%`. Never empty. */
  readonly text: string;
}

export interface FormatConversion {
  readonly kind: 'conversion';
  readonly conversion: ConversionChar;
  readonly flags: FormatFlags;
  /** A static value is the C `unsigned` accumulation of its digits (wraps past 2^32). */
  readonly width: FormatSize;
  readonly precision: FormatSize;
  /** Written with the `l` modifier (no effect on output). */
  readonly long: boolean;
}

export type FormatComponent = FormatLiteral | FormatConversion;

export type ParsedPrintFormat =
  | { readonly components: readonly FormatComponent[] }
  | {
      /** stap's message, e.g. `invalid or missing conversion specifier`. */
      readonly error: string;
      /** Offset in the format string of the `%` that starts the offending conversion. */
      readonly offset: number;
    };

export const INVALID_CONVERSION = 'invalid or missing conversion specifier';
export const TRAILING_INCOMPLETE = 'trailing incomplete print format conversion';

const NO_FLAGS: FormatFlags = { left: false, plus: false, space: false, alternate: false, zeroPad: false };

const CONVERSION_CHARS: ReadonlySet<string> = new Set<ConversionChar>([
  'd',
  'i',
  'u',
  'x',
  'X',
  'o',
  'p',
  's',
  'c',
  'b',
  'm',
  'M',
]);

function isConversionChar(ch: string): ch is ConversionChar {
  return CONVERSION_CHARS.has(ch);
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function flagsFor(ch: string): FormatFlags | undefined {
  switch (ch) {
    case '0':
      return { ...NO_FLAGS, zeroPad: true };
    case '+':
      return { ...NO_FLAGS, plus: true };
    case '-':
      return { ...NO_FLAGS, left: true };
    case ' ':
      return { ...NO_FLAGS, space: true };
    case '#':
      return { ...NO_FLAGS, alternate: true };
    default:
      return undefined;
  }
}

/** Parses a printf format string (escapes already decoded; one char per byte). */
export function parsePrintFormat(format: string): ParsedPrintFormat {
  const components: FormatComponent[] = [];
  let literal = '';
  let i = 0;
  const end = format.length;

  const flushLiteral = (): void => {
    if (literal !== '') {
      components.push({ kind: 'literal', text: literal });
      literal = '';
    }
  };

  while (i < end) {
    const next = format.indexOf('%', i);
    if (next < 0) {
      literal += format.slice(i);
      break;
    }
    literal += format.slice(i, next);
    i = next;
    if (i + 1 === end || format.charCodeAt(i + 1) === 0x25) {
      literal += '%';
      i += 2;
      continue;
    }
    flushLiteral();
    const start = i;
    i++;

    // Whether anything that makes a conversion "non-empty" (stap's format_component::is_empty) was seen.
    let pending = false;
    let flags = NO_FLAGS;
    const flag = flagsFor(format.charAt(i));
    if (flag !== undefined) {
      flags = flag;
      pending = true;
      i++;
    }
    if (i === end) return incomplete(pending, components, start);

    let width: FormatSize;
    if (format.charCodeAt(i) === 0x2a) {
      width = '*';
      pending = true;
      i++;
    } else if (isDigit(format.charCodeAt(i))) {
      let value = 0;
      do {
        value = (Math.imul(value, 10) + (format.charCodeAt(i) - 0x30)) >>> 0;
        i++;
      } while (i < end && isDigit(format.charCodeAt(i)));
      width = value;
      pending = true;
    }
    if (i === end) return incomplete(pending, components, start);

    let precision: FormatSize;
    if (format.charCodeAt(i) === 0x2e) {
      i++;
      if (i === end) return incomplete(pending, components, start);
      if (format.charCodeAt(i) === 0x2a) {
        precision = '*';
        pending = true;
        i++;
      } else if (isDigit(format.charCodeAt(i))) {
        let value = 0;
        do {
          value = (Math.imul(value, 10) + (format.charCodeAt(i) - 0x30)) >>> 0;
          i++;
        } while (i < end && isDigit(format.charCodeAt(i)));
        precision = value;
        pending = true;
      }
    }
    if (i === end) return incomplete(pending, components, start);

    let long = false;
    if (format.charAt(i) === 'l') {
      long = true;
      i++;
    }
    if (i === end) return incomplete(pending, components, start);

    const conversion = format.charAt(i);
    if (!isConversionChar(conversion)) return { error: INVALID_CONVERSION, offset: start };
    i++;
    // Since stap 1.3, %p is %#x.
    if (conversion === 'p' && !flags.alternate) flags = { ...flags, alternate: true };
    components.push({ kind: 'conversion', conversion, flags, width, precision, long });
  }
  flushLiteral();
  return { components };
}

function incomplete(pending: boolean, components: FormatComponent[], start: number): ParsedPrintFormat {
  return pending ? { error: TRAILING_INCOMPLETE, offset: start } : { components };
}

export type FormatArgType = 'long' | 'string';

/**
 * The argument types a format consumes, in order: a `*` width, then a `*` precision, then the
 * value itself (string for `%s`, long for every other conversion). Its length is the number of
 * arguments `printf` needs (`Wrong number of args to formatted print operator` otherwise).
 */
export function formatArgTypes(components: readonly FormatComponent[]): FormatArgType[] {
  const types: FormatArgType[] = [];
  for (const c of components) {
    if (c.kind === 'literal') continue;
    if (c.width === '*') types.push('long');
    if (c.precision === '*') types.push('long');
    types.push(c.conversion === 's' ? 'string' : 'long');
  }
  return types;
}

/** The pass-2 message when argument count and `formatArgTypes` disagree. */
export const WRONG_NUMBER_OF_ARGS = 'Wrong number of args to formatted print operator';
