/** ANSI terminal sequences written to the script's output (upstream tapset/ansi.stp). */
import type { AnsiBuiltinName } from '../../elaborate/index.js';
import type { HandlerContext, Value } from '../context.js';
import { type BuiltinImpl, longArg } from './builtin-impl.js';

const ESC = '\x1b';

function emit(ctx: HandlerContext, text: string): undefined {
  ctx.session.write(text);
  return undefined;
}

/**
 * `ansi_set_color(fg[, bg[, attr]])`: `ESC[fg m`, `ESC[bg;fg m`, or `ESC[bg;fg;attr m` (the
 * attribute left out when 0).
 */
function setColor(ctx: HandlerContext, args: readonly Value[]): undefined {
  const fg = longArg(args, 0);
  if (args.length === 1) return emit(ctx, `${ESC}[${fg}m`);
  const bg = longArg(args, 1);
  const attr = args.length === 3 ? longArg(args, 2) : 0n;
  return emit(ctx, `${ESC}[${bg};${fg}${attr !== 0n ? `;${attr}` : ''}m`);
}

export const ANSI_IMPLS: { readonly [K in AnsiBuiltinName]: BuiltinImpl } = {
  ansi_clear_screen: (ctx) => emit(ctx, `${ESC}[1;1H${ESC}[J`),
  ansi_set_color: setColor,
  ansi_set_color2: setColor,
  ansi_set_color3: setColor,
  ansi_reset_color: (ctx) => emit(ctx, `${ESC}[0;0m`),
  ansi_new_line: (ctx) => emit(ctx, '\n'),
  ansi_cursor_move: (ctx, args) => emit(ctx, `${ESC}[${longArg(args, 1)};${longArg(args, 0)}H`),
  ansi_cursor_hide: (ctx) => emit(ctx, `${ESC}[>5I`),
  ansi_cursor_show: (ctx) => emit(ctx, `${ESC}[>5h`),
  ansi_cursor_save: (ctx) => emit(ctx, `${ESC}[s`),
  ansi_cursor_restore: (ctx) => emit(ctx, `${ESC}[u`),
};
