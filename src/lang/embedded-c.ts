/**
 * The one kind of embedded C (`%{ … %}` in guru mode) tstap can run without a C compiler: a
 * sequence of calls to the runtime's output functions with literal arguments, optionally inside
 * a GNU statement expression ending in an integer literal (its value), e.g.
 *
 *     %{ { _stp_dbug("begin", 1, "debug line 1\n"); 0; } %}
 *
 * Grammar (comments and whitespace skipped, adjacent string literals concatenated):
 *
 *     code      := '{' item* '}' | item* | call | INTEGER
 *     item      := call ';' | INTEGER ';' | ';'
 *     call      := NAME '(' [literal (',' literal)*] ')'
 *     literal   := STRING+ | ['-'|'+'] INTEGER
 *
 * Anything else is not understood (undefined), and pass 2 reports embedded C as unsupported.
 */
import { decodeEscapes } from './lexer-escapes.js';
import { formatArgTypes, parsePrintFormat } from './print-format.js';

/**
 * The runtime functions understood, and what their arguments are: `_stp_dbug(func, line, fmt,
 * …)` writes `func:line: ` and the formatted text (adding a newline if it lacks one) to the
 * output; `_stp_printf(fmt, …)` and `_stp_print(text)` write to the output; `_stp_warn(fmt, …)`
 * prints `WARNING: ` and the text on stderr; `_stp_exit()` asks for shutdown like `exit()`.
 */
export type RuntimeCallName = '_stp_dbug' | '_stp_printf' | '_stp_print' | '_stp_warn' | '_stp_exit';

export interface RuntimeCall {
  readonly name: RuntimeCallName;
  readonly args: readonly (bigint | string)[];
}

export interface EmbeddedRuntimeCalls {
  readonly calls: readonly RuntimeCall[];
  /** The value of the expression: its last integer literal, 0 if none. */
  readonly value: bigint;
}

type CToken =
  | { readonly kind: 'name'; readonly text: string }
  | { readonly kind: 'int'; readonly value: bigint }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'punct'; readonly text: string };

/** The C tokens of `code`, or undefined at anything outside the subset. */
function tokenize(code: string): CToken[] | undefined {
  const tokens: CToken[] = [];
  const re =
    /\s+|\/\*[\s\S]*?\*\/|\/\/[^\n]*|([A-Za-z_][A-Za-z0-9_]*)|(0[xX][0-9a-fA-F]+|[0-9]+)[uUlL]*|"((?:[^"\\\n]|\\.)*)"|([(){},;+-])/y;
  let at = 0;
  while (at < code.length) {
    re.lastIndex = at;
    const m = re.exec(code);
    if (m === null) return undefined;
    at = re.lastIndex;
    const [, name, integer, string, punct] = m;
    if (name !== undefined) tokens.push({ kind: 'name', text: name });
    else if (integer !== undefined) tokens.push({ kind: 'int', value: cInteger(integer) });
    else if (string !== undefined) tokens.push({ kind: 'string', value: decodeEscapes(string) });
    else if (punct !== undefined) tokens.push({ kind: 'punct', text: punct });
  }
  return tokens;
}

function cInteger(text: string): bigint {
  if (/^0[0-7]+$/.test(text)) return BigInt.asIntN(64, BigInt(`0o${text.slice(1)}`));
  return BigInt.asIntN(64, BigInt(text));
}

const RUNTIME_CALLS: ReadonlySet<string> = new Set<RuntimeCallName>([
  '_stp_dbug',
  '_stp_printf',
  '_stp_print',
  '_stp_warn',
  '_stp_exit',
]);

/** The calls and value of `code`, if it is in the subset described above. */
export function parseEmbeddedRuntimeCalls(code: string): EmbeddedRuntimeCalls | undefined {
  const tokens = tokenize(code);
  if (tokens === undefined) return undefined;
  let pos = 0;
  const peek = (text: string) => {
    const t = tokens[pos];
    return t?.kind === 'punct' && t.text === text;
  };
  const accept = (text: string) => {
    if (!peek(text)) return false;
    pos++;
    return true;
  };

  const literal = (): bigint | string | undefined => {
    const t = tokens[pos];
    if (t?.kind === 'string') {
      let text = '';
      while (tokens[pos]?.kind === 'string') text += (tokens[pos++] as { value: string }).value;
      return text;
    }
    const negative = accept('-');
    if (!negative) accept('+');
    const n = tokens[pos];
    if (n?.kind !== 'int') return undefined;
    pos++;
    return negative ? BigInt.asIntN(64, -n.value) : n.value;
  };

  const call = (): RuntimeCall | undefined => {
    const t = tokens[pos];
    if (t?.kind !== 'name' || !RUNTIME_CALLS.has(t.text)) return undefined;
    pos++;
    if (!accept('(')) return undefined;
    const args: (bigint | string)[] = [];
    if (!accept(')')) {
      do {
        const a = literal();
        if (a === undefined) return undefined;
        args.push(a);
      } while (accept(','));
      if (!accept(')')) return undefined;
    }
    const result = { name: t.text as RuntimeCallName, args };
    return argumentsFit(result) ? result : undefined;
  };

  const calls: RuntimeCall[] = [];
  let value = 0n;
  const braced = accept('{');
  const atEnd = () => (braced ? peek('}') : pos === tokens.length);
  while (!atEnd()) {
    if (accept(';')) continue;
    const t = tokens[pos];
    if (t?.kind === 'int' || peek('-') || peek('+')) {
      const v = literal();
      if (typeof v !== 'bigint') return undefined;
      value = v;
    } else {
      const c = call();
      if (c === undefined) return undefined;
      calls.push(c);
    }
    if (!accept(';') && !atEnd()) return undefined;
  }
  if (braced && !accept('}')) return undefined;
  return pos === tokens.length ? { calls, value } : undefined;
}

/** Argument count and types, and a format stap's printf accepts with matching arguments. */
function argumentsFit(c: RuntimeCall): boolean {
  const [a0, a1] = c.args;
  switch (c.name) {
    case '_stp_dbug':
      return typeof a0 === 'string' && typeof a1 === 'bigint' && formatFits(c.args.slice(2));
    case '_stp_printf':
    case '_stp_warn':
      return formatFits(c.args);
    case '_stp_print':
      return c.args.length === 1 && typeof a0 === 'string';
    case '_stp_exit':
      return c.args.length === 0;
  }
}

function formatFits(args: readonly (bigint | string)[]): boolean {
  const [format, ...values] = args;
  if (typeof format !== 'string') return false;
  const parsed = parsePrintFormat(format);
  if ('error' in parsed) return false;
  const types = formatArgTypes(parsed.components);
  return (
    types.length === values.length &&
    types.every((t, i) => (t === 'string' ? typeof values[i] === 'string' : typeof values[i] === 'bigint'))
  );
}
