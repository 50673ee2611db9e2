/**
 * What the running kernel can do, probed by trying (cilium/ebpf's features package): each
 * answer comes from loading a tiny program, creating a tiny map or opening a perf event, never
 * from the version number. Conclusive answers are cached for the life of the process.
 */
import { release } from 'node:os';
import {
  type ProbeOutcome,
  probeAtomicFetch,
  probeBpfLoop,
  probeBpfSyscall,
  probeBtfRawTracepoint,
  probeFentry,
  probeKallsyms,
  probeKprobes,
  probeLookupPercpuElem,
  probePerfHardwareEvents,
  probePerfLink,
  probePerfSoftwareEvents,
  probeProbeReadKernel,
  probeProgramType,
  probeRingbuf,
  probeTracefs,
  probeUprobes,
  probeVmlinuxBtf,
} from './feature-probes.js';

export interface FeatureResult {
  readonly available: boolean;
  /** Why it is missing, or a short note on what was found ('' when nothing to add). */
  readonly reason: string;
}

export type FeatureName =
  | 'bpf'
  | 'ringbuf'
  | 'bpf_loop'
  | 'probe_read_kernel'
  | 'atomic_fetch'
  | 'lookup_percpu_elem'
  | 'btf'
  | 'raw_tracepoint'
  | 'btf_raw_tracepoint'
  | 'perf_link'
  | 'kprobes'
  | 'fentry'
  | 'uprobes'
  | 'perf_software_events'
  | 'perf_hardware_events'
  | 'tracefs'
  | 'kallsyms';

interface FeatureDefinition {
  /** What it is, for --dump-features. */
  readonly title: string;
  /** First mainline kernel with it (informational: the probe decides). */
  readonly since: string;
  readonly probe: () => ProbeOutcome;
}

const FEATURES = {
  bpf: { title: 'bpf(2) usable', since: '4.4', probe: probeBpfSyscall },
  ringbuf: { title: 'BPF ring buffer maps', since: '5.8', probe: probeRingbuf },
  bpf_loop: { title: 'bpf_loop helper with BTF callbacks', since: '5.17', probe: probeBpfLoop },
  probe_read_kernel: { title: 'bpf_probe_read_kernel', since: '5.5', probe: probeProbeReadKernel },
  atomic_fetch: { title: 'atomic fetch-and-add', since: '5.12', probe: probeAtomicFetch },
  lookup_percpu_elem: {
    title: 'bpf_map_lookup_percpu_elem (stat reads in kernel probes)',
    since: '5.19',
    probe: probeLookupPercpuElem,
  },
  btf: { title: 'kernel BTF (/sys/kernel/btf/vmlinux) and BTF_LOAD', since: '5.4', probe: probeVmlinuxBtf },
  raw_tracepoint: {
    title: 'raw tracepoint programs',
    since: '4.17',
    probe: () => probeProgramType('raw_tracepoint'),
  },
  btf_raw_tracepoint: { title: 'BTF raw tracepoints (tp_btf)', since: '5.5', probe: probeBtfRawTracepoint },
  perf_link: { title: 'BPF_LINK_CREATE on perf events', since: '5.15', probe: probePerfLink },
  kprobes: { title: 'kprobes (kernel.function)', since: '4.17', probe: probeKprobes },
  fentry: { title: 'fentry/fexit (kernel.function via BTF)', since: '5.5', probe: probeFentry },
  uprobes: { title: 'uprobes (process.function, .mark)', since: '4.17', probe: probeUprobes },
  perf_software_events: {
    title: 'perf software events (timer.profile)',
    since: '4.9',
    probe: probePerfSoftwareEvents,
  },
  perf_hardware_events: {
    title: 'perf hardware events (perf.hw.*)',
    since: '4.9',
    probe: probePerfHardwareEvents,
  },
  tracefs: { title: 'tracefs (tracepoint ids and formats)', since: '4.1', probe: probeTracefs },
  kallsyms: { title: 'kernel symbols (/proc/kallsyms)', since: '2.6', probe: probeKallsyms },
} as const satisfies Record<FeatureName, FeatureDefinition>;

export const FEATURE_NAMES = Object.keys(FEATURES) as FeatureName[];

const cache = new Map<FeatureName, FeatureResult>();

/** Probes `name` (once, when the answer is conclusive). */
export function haveFeature(name: FeatureName): FeatureResult {
  const cached = cache.get(name);
  if (cached !== undefined) return cached;
  let outcome: ProbeOutcome;
  if (name !== 'bpf' && needsBpf(name)) {
    const bpf = haveFeature('bpf');
    outcome = bpf.available
      ? FEATURES[name].probe()
      : { available: false, reason: bpf.reason, conclusive: false };
  } else outcome = FEATURES[name].probe();
  const result = { available: outcome.available, reason: outcome.reason };
  if (outcome.conclusive) cache.set(name, result);
  return result;
}

function needsBpf(name: FeatureName): boolean {
  return name !== 'tracefs' && name !== 'kallsyms' && name !== 'kprobes';
}

export const haveBpf = (): FeatureResult => haveFeature('bpf');
export const haveRingbuf = (): FeatureResult => haveFeature('ringbuf');
export const haveBpfLoop = (): FeatureResult => haveFeature('bpf_loop');
export const haveProbeReadKernel = (): FeatureResult => haveFeature('probe_read_kernel');
export const haveAtomicFetch = (): FeatureResult => haveFeature('atomic_fetch');
export const haveLookupPercpuElem = (): FeatureResult => haveFeature('lookup_percpu_elem');
export const haveBtf = (): FeatureResult => haveFeature('btf');
export const haveRawTracepoint = (): FeatureResult => haveFeature('raw_tracepoint');
export const haveBtfRawTracepoint = (): FeatureResult => haveFeature('btf_raw_tracepoint');
export const havePerfLink = (): FeatureResult => haveFeature('perf_link');
export const haveKprobes = (): FeatureResult => haveFeature('kprobes');
export const haveFentry = (): FeatureResult => haveFeature('fentry');
export const haveUprobes = (): FeatureResult => haveFeature('uprobes');
export const havePerfSoftwareEvents = (): FeatureResult => haveFeature('perf_software_events');
export const havePerfHardwareEvents = (): FeatureResult => haveFeature('perf_hardware_events');
export const haveTracefs = (): FeatureResult => haveFeature('tracefs');
export const haveKallsyms = (): FeatureResult => haveFeature('kallsyms');

/** Every feature probed, in table order. */
export function probeAllFeatures(): Record<FeatureName, FeatureResult> {
  const out = {} as Record<FeatureName, FeatureResult>;
  for (const name of FEATURE_NAMES) out[name] = haveFeature(name);
  return out;
}

/** The `--dump-features` report: one line per feature, yes/no, the first kernel, and why not. */
export function describeFeatures(): string {
  const lines = [`kernel ${release()} ${process.arch}`];
  const width = Math.max(...FEATURE_NAMES.map((n) => FEATURES[n].title.length));
  for (const name of FEATURE_NAMES) {
    const def = FEATURES[name];
    const r = haveFeature(name);
    const note = r.reason === '' ? '' : `  ${r.reason}`;
    lines.push(`${def.title.padEnd(width)}  ${r.available ? 'yes' : 'no '}  (${def.since}+)${note}`);
  }
  return `${lines.join('\n')}\n`;
}
