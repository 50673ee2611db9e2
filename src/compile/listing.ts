/**
 * What `-p3` prints for the kernel side: each program as annotated assembly in the verifier's
 * own numbering (so a rejection at insn N is line N), the script line of each stretch of code,
 * then the maps the programs share.
 */
import { disassemble } from '../bpf/index.js';
import type { KernelCompileResult } from './index.js';
import { describeUprobe } from './uprobe-program.js';

export function kernelListing(result: KernelCompileResult): string {
  const out: string[] = [];
  for (const p of result.programs) {
    const slots = p.assembled.lineInfo.length;
    const target =
      p.uprobe !== undefined
        ? describeUprobe(p.uprobe)
        : `${p.type === 'raw_tracepoint' ? 'raw tracepoint' : 'tracepoint'} ${p.attach.system}:${p.attach.event}`;
    out.push(`# ${p.probe.name}: ${target}, program ${p.name}, ${slots} insns`);
    out.push(disassemble(p.assembled).trimEnd());
    out.push('');
  }
  out.push('# maps');
  for (const m of result.maps) {
    const size =
      m.kind === 'ringbuf'
        ? `${m.maxEntries} bytes`
        : `key ${m.keyBytes} value ${m.valueBytes} entries ${m.maxEntries}`;
    out.push(`${m.symbol}: ${m.kind} ${m.name}, ${size}`);
  }
  return `${out.join('\n')}\n`;
}
