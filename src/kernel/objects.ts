/**
 * The system-wide view of BPF objects (what `bpftool prog/map/link list` shows), walked with
 * BPF_*_GET_NEXT_ID. Used to verify that nothing tstap loaded outlives it, and for debugging.
 */
import {
  close,
  linkInfo,
  mapInfo,
  type ObjectKind,
  objGetFdById,
  objGetNextId,
  progInfo,
} from './sys/index.js';

export interface BpfObjectSummary {
  readonly kind: ObjectKind;
  readonly id: number;
  /** Program and map names; '' for links. */
  readonly name: string;
  /** The program a link holds. */
  readonly progId?: number;
}

/** Every live object of `kind` (needs CAP_SYS_ADMIN). Objects that vanish mid-walk are skipped. */
export function listBpfObjects(kind: ObjectKind): BpfObjectSummary[] {
  const out: BpfObjectSummary[] = [];
  for (let id = objGetNextId(kind, 0); id.ok; id = objGetNextId(kind, id.value)) {
    const fd = objGetFdById(kind, id.value);
    if (!fd.ok) continue;
    try {
      const summary = summarize(kind, fd.value, id.value);
      if (summary !== undefined) out.push(summary);
    } finally {
      close(fd.value);
    }
  }
  return out;
}

function summarize(kind: ObjectKind, fd: number, id: number): BpfObjectSummary | undefined {
  if (kind === 'prog') {
    const r = progInfo(fd);
    return r.ok ? { kind, id, name: r.value.name } : undefined;
  }
  if (kind === 'map') {
    const r = mapInfo(fd);
    return r.ok ? { kind, id, name: r.value.name } : undefined;
  }
  const r = linkInfo(fd);
  return r.ok ? { kind, id, name: '', progId: r.value.progId } : undefined;
}
