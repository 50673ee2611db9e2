/**
 * `printf`/`print`/`println`/`printd`/`printdln` in kernel handlers: the arguments are evaluated
 * into a record laid out at compile time (wire/output-sites.ts) and copied to the ring buffer
 * with bpf_ringbuf_output; user space formats it. A record the ring has no room for is counted
 * in the state slot's lost-records field and reported at exit.
 */
import { BPF_FUNC_ringbuf_output, R0, R1, R2, R3, R4 } from '../bpf/index.js';
import { type PrintExpr, parsePrintFormat } from '../lang/index.js';
import { type ArgKind, layoutOutputSite, type OutputOp, RECORD_TYPE, STATE_OFFSET } from '../wire/index.js';
import { hasDeferredArgs, lowerDeferredPrint } from './context-stack.js';
import { evalLong } from './expressions.js';
import { align8, type Region } from './frame.js';
import type { Lowering } from './lowering.js';
import { RING_SYMBOL, STATE_SYMBOL } from './plan.js';
import { lowerHistogramPrint } from './stat-print.js';
import { evalString } from './strings.js';
import { emitSyscallText, syscallTextKind } from './syscall-output.js';

/** Sends `bytes` of `buffer` as one ring-buffer record; counts it as lost when there is no room. */
export function emitRecord(L: Lowering, buffer: Region, bytes: number): void {
  const b = L.b;
  const sent = b.newLabel('sent');
  b.ldMapFd(R1, RING_SYMBOL);
  L.address(R2, buffer);
  b.mov64(R3, bytes).mov64(R4, 0).call(BPF_FUNC_ringbuf_output);
  b.jsge(R0, 0, sent);
  b.ldMapValue(R1, STATE_SYMBOL).mov64(R2, 1).atomicAdd(8, R1, STATE_OFFSET.lostRecords, R2);
  b.label(sent);
}

export function outputOp(L: Lowering, e: PrintExpr): OutputOp {
  switch (e.name) {
    case 'printf': {
      const parsed = parsePrintFormat(e.format ?? '');
      if ('error' in parsed) return L.unsupported(e.span, 'this format');
      for (const c of parsed.components) {
        if (c.kind === 'conversion' && (c.conversion === 'm' || c.conversion === 'M')) {
          L.unsupported(e.span, `%${c.conversion}`);
        }
      }
      return { kind: 'printf', components: parsed.components };
    }
    case 'print':
    case 'println':
      return { kind: e.name };
    case 'printd':
    case 'printdln':
      return { kind: e.name, delimiter: e.delimiter ?? '' };
    default:
      return L.unsupported(e.span, `${e.name}`);
  }
}

export function lowerPrint(L: Lowering, e: PrintExpr): void {
  if (e.hist !== undefined) {
    lowerHistogramPrint(L, e);
    return;
  }
  if (hasDeferredArgs(L, e)) {
    lowerDeferredPrint(L, e);
    return;
  }
  const op = outputOp(L, e);
  const kinds: ArgKind[] = e.args.map(
    (a) =>
      syscallTextKind(L, a) ??
      (L.isString(a)
        ? { kind: 'string', capacity: align8(Math.max(L.capacities.of(a), 1)) }
        : { kind: 'long' }),
  );
  const site = layoutOutputSite(op, kinds);
  const id = L.shared.outputSites.length;
  L.shared.outputSites.push(site);
  const record = L.frame.buffer(site.recordBytes);
  const b = L.b;
  const header = L.baseOf(record);
  b.st(4, header.reg, header.off, RECORD_TYPE.printf).st(4, header.reg, header.off + 4, id);
  e.args.forEach((a, i) => {
    const slot = site.args[i]!;
    if (slot.kind === 'long') {
      evalLong(L, a);
      const { reg, off } = L.baseOf(record, slot.offset);
      b.stx(8, reg, off, R0);
    } else if (slot.kind === 'syscall') {
      emitSyscallText(L, L.slice(record, slot.offset, slot.table.bytes), slot.table, a);
    } else {
      evalString(L, a, L.slice(record, slot.offset, slot.capacity));
    }
  });
  emitRecord(L, record, site.recordBytes);
}
