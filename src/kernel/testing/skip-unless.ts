/**
 * Test support for code that needs the real kernel: a test whose requirement is missing is
 * *skipped with its reason printed*, never passed silently (DESIGN.md §8).
 */
import type { TestContext } from 'node:test';
import type { FeatureResult } from '../features.js';
import { C, close, mapCreate } from '../sys/index.js';

let bpfUsable: string | undefined | null = null;

/** Why BPF cannot be used here (not root, bpf(2) refused), or undefined when it can. */
export function bpfUnavailableReason(): string | undefined {
  if (bpfUsable !== null) return bpfUsable;
  if (process.getuid?.() !== 0) bpfUsable = 'needs root (CAP_BPF, CAP_PERFMON, CAP_SYS_ADMIN)';
  else {
    const r = mapCreate({ mapType: C.BPF_MAP_TYPE_ARRAY, keySize: 4, valueSize: 4, maxEntries: 1 });
    if (r.ok) close(r.value);
    bpfUsable = r.ok ? undefined : `bpf(2) refused: ${r.message}`;
  }
  return bpfUsable;
}

/** Skips `t` (printing why) unless BPF works here; returns whether to go on. */
export function skipUnlessBpf(t: TestContext): boolean {
  const reason = bpfUnavailableReason();
  if (reason === undefined) return true;
  t.skip(reason);
  return false;
}

/** Skips `t` unless the feature is present; returns whether to go on. */
export function skipUnlessFeature(t: TestContext, name: string, feature: FeatureResult): boolean {
  if (!skipUnlessBpf(t)) return false;
  if (feature.available) return true;
  t.skip(`${name} unavailable: ${feature.reason}`);
  return false;
}
