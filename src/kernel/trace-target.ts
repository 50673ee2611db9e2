/**
 * The tracepoint half of elaboration's target port (elaborate/target.ts), answered from tracefs:
 * `available_events` for the names, each event's `format` file for its fields, BTF for its
 * TP_PROTO parameters (trace-params.ts).
 */
import type {
  TargetSystem,
  TraceField,
  TraceFieldAccess,
  TraceParam,
  TracepointInfo,
} from '../elaborate/index.js';
import { haveFeature } from './features.js';
import { syscallLookup } from './syscall-target.js';
import { kernelTypes, traceParams } from './trace-params.js';
import { matchTracepoints, tracepointFormat } from './tracefs.js';
import type { TracepointField } from './tracepoint-format.js';
import { type UserTargetOptions, userBinaryLookup } from './uprobe-target.js';

const CHAR_TYPES: ReadonlySet<string> = new Set(['char', 'signed char', 'unsigned char', 'u8', 's8', '__u8']);

function accessOf(f: TracepointField): TraceFieldAccess {
  if (f.dynamic !== undefined) {
    return CHAR_TYPES.has(f.dynamic.elementType)
      ? { kind: 'dynamic-string', relative: f.dynamic.kind === 'rel_loc' }
      : { kind: 'unsupported' };
  }
  if (f.arrayLength !== undefined) {
    return CHAR_TYPES.has(f.type) && f.arrayLength > 0
      ? { kind: 'char-array', length: f.arrayLength }
      : { kind: 'unsupported' };
  }
  return f.size === 1 || f.size === 2 || f.size === 4 || f.size === 8
    ? { kind: 'integer' }
    : { kind: 'unsupported' };
}

function fieldsOf(system: string, name: string): TraceField[] | undefined {
  const format = tracepointFormat(system, name);
  if (!format.ok) return undefined;
  return format.value.fields
    .filter((f) => !f.isCommon)
    .map((f) => ({
      name: f.name,
      cType: f.type,
      offset: f.offset,
      size: f.size,
      isSigned: f.isSigned,
      access: accessOf(f),
    }));
}

/**
 * The running kernel's tracepoints (formats read once per event) and user binaries (for
 * `process(...)` probes; `options` say what a bare `process` names).
 */
export function kernelTarget(options: UserTargetOptions = {}): TargetSystem {
  const cache = new Map<string, TracepointInfo | null>();
  return {
    userBinary: userBinaryLookup(options),
    syscalls: syscallLookup(),
    kernelFunctionProbes: kernelFunctionSupport,
    kernelTypes,
    tracepoints(pattern) {
      const names = matchTracepoints(pattern);
      if (!names.ok) return { ok: false, error: `cannot list tracepoints: ${names.message}` };
      const out: TracepointInfo[] = [];
      for (const t of names.value) {
        const key = `${t.category}:${t.name}`;
        let info = cache.get(key);
        if (info === undefined) {
          const fields = fieldsOf(t.category, t.name);
          const event = t.name;
          let params: readonly TraceParam[] | undefined;
          info =
            fields === undefined
              ? null
              : {
                  system: t.category,
                  name: event,
                  fields,
                  params: () => {
                    params ??= traceParams(event) ?? [];
                    return params;
                  },
                  kernelType: kernelTypes,
                };
          cache.set(key, info);
        }
        // An event listed without a readable format (a race with a module unload) is skipped.
        if (info !== null) out.push(info);
      }
      return { ok: true, tracepoints: out };
    },
  };
}

/** Why neither kprobes nor fentry can carry a kernel.function probe here (undefined: one can). */
function kernelFunctionSupport(): string | undefined {
  const kprobes = haveFeature('kprobes');
  const fentry = haveFeature('fentry');
  if (kprobes.available || fentry.available) return undefined;
  return `this kernel offers neither kprobes (${kprobes.reason}) nor fentry (${fentry.reason})`;
}
