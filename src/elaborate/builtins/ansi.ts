/** Terminal escape sequences written to the script's output (upstream tapset/ansi.stp). */
import { builtin } from './signature.js';

export const ANSI_BUILTINS = [
  builtin('ansi_clear_screen', [], 'unknown'),
  builtin('ansi_set_color', ['fg:long'], 'unknown'),
  builtin('ansi_set_color', ['fg:long', 'bg:long'], 'unknown'),
  builtin('ansi_set_color', ['fg:long', 'bg:long', 'attr:long'], 'unknown'),
  builtin('ansi_set_color2', ['fg:long', 'bg:long'], 'unknown'),
  builtin('ansi_set_color3', ['fg:long', 'bg:long', 'attr:long'], 'unknown'),
  builtin('ansi_reset_color', [], 'unknown'),
  builtin('ansi_new_line', [], 'unknown'),
  builtin('ansi_cursor_move', ['x:long', 'y:long'], 'unknown'),
  builtin('ansi_cursor_hide', [], 'unknown'),
  builtin('ansi_cursor_show', [], 'unknown'),
  builtin('ansi_cursor_save', [], 'unknown'),
  builtin('ansi_cursor_restore', [], 'unknown'),
];

export type AnsiBuiltinName = (typeof ANSI_BUILTINS)[number]['name'];
