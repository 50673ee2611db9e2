/**
 * The figures of stap's `-v` pass lines: `using Xvirt/Yres/Zshr/Wdata kb, ` (staputil.cxx
 * `getmemusage`, from /proc/self/statm) and `in Uusr/Ssys/Rreal ms.` (main.cxx `TIMESPRINT`).
 */
import { readFileSync } from 'node:fs';

export interface PassClock {
  readonly cpu: NodeJS.CpuUsage;
  readonly realNs: bigint;
}

export function startPassClock(): PassClock {
  return { cpu: process.cpuUsage(), realNs: process.hrtime.bigint() };
}

/** `in 120usr/10sys/135real ms.` — whole milliseconds since `start`, truncated as stap does. */
export function timesText(start: PassClock): string {
  const cpu = process.cpuUsage(start.cpu);
  const realMs = (process.hrtime.bigint() - start.realNs) / 1_000_000n;
  return `in ${Math.trunc(cpu.user / 1000)}usr/${Math.trunc(cpu.system / 1000)}sys/${realMs}real ms.`;
}

/** `using 123456virt/45678res/9876shr/34567data kb, ` */
export function memoryUsageText(): string {
  const kb = memoryUsageKb();
  return `using ${kb.virt}virt/${kb.res}res/${kb.shr}shr/${kb.data}data kb, `;
}

interface MemoryKb {
  readonly virt: number;
  readonly res: number;
  readonly shr: number;
  readonly data: number;
}

function memoryUsageKb(): MemoryKb {
  try {
    // statm counts pages: size resident shared text lib data dt. The page size is not exposed to
    // JavaScript; derive it from status's VmSize (kB) against statm's size (pages).
    const pages = readFileSync('/proc/self/statm', 'utf8').trim().split(/\s+/).map(Number);
    const status = readFileSync('/proc/self/status', 'utf8');
    const vmSizeKb = Number(/^VmSize:\s+(\d+)/m.exec(status)?.[1] ?? Number.NaN);
    const size = pages[0] ?? 0;
    const pageKb = size > 0 && vmSizeKb > 0 ? Math.round(vmSizeKb / size) : 4;
    const at = (i: number) => (pages[i] ?? 0) * pageKb;
    return { virt: at(0), res: at(1), shr: at(2), data: at(5) };
  } catch {
    // Not Linux, or no /proc: Node's own view.
    const m = process.memoryUsage();
    const kb = (n: number) => Math.trunc(n / 1024);
    return { virt: kb(m.rss), res: kb(m.rss), shr: 0, data: kb(m.heapTotal + m.external) };
  }
}
