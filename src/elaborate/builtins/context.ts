/**
 * Probe-context functions (upstream tapset/linux/context.stp, context.stp, pn.stp). In user-space
 * handlers they describe the tstap process itself, as stap's begin/end/timer probes see staprun.
 */
import { builtin } from './signature.js';

export const CONTEXT_BUILTINS = [
  builtin('pid', [], 'long'),
  builtin('tid', [], 'long'),
  builtin('ppid', [], 'long'),
  builtin('pgrp', [], 'long'),
  builtin('sid', [], 'long'),
  builtin('uid', [], 'long'),
  builtin('gid', [], 'long'),
  builtin('euid', [], 'long'),
  builtin('egid', [], 'long'),
  builtin('execname', [], 'string'),
  builtin('pexecname', [], 'string'),
  builtin('cpu', [], 'long'),
  builtin('pp', [], 'string'),
  builtin('pn', [], 'string'),
  builtin('ppfunc', [], 'string'),
  builtin('probefunc', [], 'string'),
  builtin('target', [], 'long'),
  builtin('stp_pid', [], 'long'),
  builtin('is_return', [], 'long'),
  builtin('user_mode', [], 'long'),
  builtin('addr', [], 'long'),
  builtin('mem_page_size', [], 'long'),
  builtin('cmdline_str', [], 'string'),
  builtin('cmdline_arg', ['n:long'], 'string'),
  builtin('cmdline_args', ['n:long', 'm:long', 'delim:string'], 'string'),
  builtin('task_current', [], 'long'),
];

export type ContextBuiltinName = (typeof CONTEXT_BUILTINS)[number]['name'];
