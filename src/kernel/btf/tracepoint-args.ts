/**
 * A tracepoint's TP_PROTO arguments from BTF: every tracepoint `name` has a typedef
 * `btf_trace_<name>` of type `void (*)(void *__data, <TP_PROTO args>)`. A BTF-enabled raw
 * tracepoint program (tp_btf) is loaded against that typedef's id and reads the arguments as
 * u64 slots of its context.
 *
 * The typedef's prototype carries no parameter names; the functions the tracepoint macros
 * generate with the same parameters (`__bpf_trace_<name>`...) do, so names come from there.
 */
import type { Btf } from './btf.js';
import { resolvedType, typeName } from './layout.js';
import type { BtfParam } from './types.js';

export interface TracepointArg {
  /** The TP_PROTO parameter name, or `argN` when BTF has no named prototype for it. */
  readonly name: string;
  readonly type: number;
  /** C spelling, e.g. `struct task_struct *`. */
  readonly typeName: string;
}

export interface TracepointProto {
  /** The `btf_trace_<name>` typedef: the attach_btf_id for a tp_btf program. */
  readonly typedefId: number;
  /** The arguments after the hidden `void *__data`, in order (context slot i is args[i]). */
  readonly args: readonly TracepointArg[];
}

const NAMED_PROTO_FUNCS = ['__bpf_trace_', '__probestub_', 'trace_event_raw_event_', 'perf_trace_'];

export function tracepointProto(btf: Btf, name: string): TracepointProto | undefined {
  const typedef = btf.find('typedef', `btf_trace_${name}`);
  if (typedef === undefined || typedef.kind !== 'typedef') return undefined;
  const params = protoParams(btf, typedef.type);
  if (params === undefined) return undefined;
  const names = namedParams(btf, name, params.length);
  const args = params.slice(1).map((p, i) => ({
    name: p.name !== '' ? p.name : (names?.[i + 1]?.name ?? `arg${i}`),
    type: p.type,
    typeName: typeName(btf, p.type),
  }));
  return { typedefId: typedef.id, args };
}

/** The parameters of the prototype behind a function pointer type. */
function protoParams(btf: Btf, pointerType: number): readonly BtfParam[] | undefined {
  const ptr = resolvedType(btf, pointerType);
  if (ptr?.kind !== 'ptr') return undefined;
  const proto = resolvedType(btf, ptr.type);
  return proto?.kind === 'func_proto' ? proto.params : undefined;
}

function namedParams(btf: Btf, name: string, count: number): readonly BtfParam[] | undefined {
  for (const prefix of NAMED_PROTO_FUNCS) {
    const fn = btf.find('func', `${prefix}${name}`);
    if (fn?.kind !== 'func') continue;
    const proto = btf.type(fn.type);
    if (proto?.kind === 'func_proto' && proto.params.length === count) return proto.params;
  }
  return undefined;
}
