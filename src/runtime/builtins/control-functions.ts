/** Session control, logging and randomness (upstream tapset/logging.stp, random.stp). */
import type { ControlBuiltinName } from '../../elaborate/index.js';
import { ScriptError } from '../context.js';
import { type BuiltinImpl, longArg, stringArg } from './builtin-impl.js';

/** randint's RANDMAX: the range is checked as a C unsigned long. */
const RANDINT_MAX_RANGE = 1024n * 1024n;

export const CONTROL_IMPLS: { readonly [K in ControlBuiltinName]: BuiltinImpl } = {
  exit: (ctx) => {
    ctx.session.requestExit();
    return undefined;
  },
  /**
   * Shuts down like exit() and ends the handler at once. The runtime must treat this uncatchable
   * error as silent: no `ERROR:` line, no error count, exit status unaffected.
   */
  abort: (ctx) => {
    ctx.session.requestExit();
    throw new ScriptError('abort', true);
  },
  error: (ctx, args) => {
    throw new ScriptError(stringArg(ctx, args, 0));
  },
  /** The control channel adds the newline unless the message ends with one. */
  warn: (ctx, args) => {
    const message = `WARNING: ${stringArg(ctx, args, 0)}`;
    ctx.session.writeError(message.endsWith('\n') ? message : `${message}\n`);
    return undefined;
  },
  /** Started by the session once the handler has finished (runtime/system-command.ts). */
  system: (ctx, args) => {
    ctx.session.system(stringArg(ctx, args, 0));
    return undefined;
  },
  log: (ctx, args) => {
    ctx.session.write(`${stringArg(ctx, args, 0)}\n`);
    return undefined;
  },
  assert: (ctx, args) => {
    if (longArg(args, 0) === 0n) {
      throw new ScriptError(args.length > 1 ? stringArg(ctx, args, 1) : 'Assertion failed');
    }
    return undefined;
  },
  /** `_stp_print_char`: the low byte of the value, unescaped. */
  print_char: (ctx, args) => {
    ctx.session.write(String.fromCharCode(Number(BigInt.asUintN(8, longArg(args, 0)))));
    return undefined;
  },
  randint: (_ctx, args) => {
    const range = BigInt.asUintN(64, longArg(args, 0));
    if (range > RANDINT_MAX_RANGE) throw new ScriptError('range too wide');
    return BigInt(Math.floor(Math.random() * Number(range)));
  },
};
