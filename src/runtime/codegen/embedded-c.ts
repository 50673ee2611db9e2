/**
 * Guru-mode embedded C that calls the runtime's output functions with literal arguments (see
 * src/lang/embedded-c.ts). Every argument is a literal, so the text each call writes is known
 * here and the generated code only writes it.
 */
import type { EmbeddedExpr, RuntimeCall } from '../../lang/index.js';
import { parseEmbeddedRuntimeCalls, parsePrintFormat } from '../../lang/index.js';
import { assertNever } from '../../util/index.js';
import { formatPrintf } from '../format/printf.js';
import type { Body } from './expressions.js';

/** JS for the expression, or undefined if it is not in the runnable subset. */
export function embeddedRuntimeCalls(b: Body, e: EmbeddedExpr): string | undefined {
  const parsed = parseEmbeddedRuntimeCalls(e.code);
  if (parsed === undefined) return undefined;
  const parts: string[] = [];
  for (const call of parsed.calls) {
    const code = runtimeCall(b, call);
    if (code === undefined) return undefined;
    parts.push(code);
  }
  parts.push(parsed.value < 0n ? `(${parsed.value}n)` : `${parsed.value}n`);
  return parts.length === 1 ? parts[0] : `(${parts.join(', ')})`;
}

function runtimeCall(b: Body, call: RuntimeCall): string | undefined {
  switch (call.name) {
    case '_stp_print':
      return `rt.out(${JSON.stringify(call.args[0])})`;
    case '_stp_printf': {
      const text = formatted(call.args);
      return text === undefined ? undefined : `rt.out(${JSON.stringify(text)})`;
    }
    case '_stp_dbug': {
      // _stp_vlog: "func:line: " and the message, which gets a newline if it has none.
      const text = formatted(call.args.slice(2));
      if (text === undefined) return undefined;
      const line = `${call.args[0]}:${call.args[1]}: ${text}`;
      return `rt.out(${JSON.stringify(line.endsWith('\n') ? line : `${line}\n`)})`;
    }
    case '_stp_warn': {
      const text = formatted(call.args);
      return text === undefined
        ? undefined
        : `${b.prog.builtinName('warn')}(c.hc, [${JSON.stringify(text)}])`;
    }
    case '_stp_exit':
      return `${b.prog.builtinName('exit')}(c.hc, [])`;
    default:
      return assertNever(call.name, 'runtime call');
  }
}

/** The text of a printf-style call whose arguments are all literals. */
function formatted(args: RuntimeCall['args']): string | undefined {
  const [format, ...values] = args;
  const parsed = parsePrintFormat(typeof format === 'string' ? format : '');
  if ('error' in parsed) return undefined;
  const text = formatPrintf(parsed.components, values);
  return typeof text === 'string' ? text : undefined;
}
