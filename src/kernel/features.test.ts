import assert from 'node:assert/strict';
import { release } from 'node:os';
import { test } from 'node:test';
import {
  describeFeatures,
  FEATURE_NAMES,
  type FeatureName,
  haveFeature,
  probeAllFeatures,
} from './features.js';
import { skipUnlessBpf } from './testing/skip-unless.js';

/** Features every kernel this project supports must have, with the version that added them. */
const REQUIRED_SINCE: Partial<Record<FeatureName, [number, number]>> = {
  bpf: [4, 4],
  ringbuf: [5, 8],
  raw_tracepoint: [4, 17],
  perf_software_events: [4, 9],
  atomic_fetch: [5, 12],
  probe_read_kernel: [5, 5],
  bpf_loop: [5, 17],
  perf_link: [5, 15],
};

function kernelAtLeast([major, minor]: [number, number]): boolean {
  const m = /^(\d+)\.(\d+)/.exec(release());
  if (m === null) return false;
  return Number(m[1]) > major || (Number(m[1]) === major && Number(m[2]) >= minor);
}

test('every feature probes to a yes or a reasoned no, and the answer is cached', (t) => {
  if (!skipUnlessBpf(t)) return;
  const all = probeAllFeatures();
  for (const name of FEATURE_NAMES) {
    const r = all[name];
    if (!r.available) {
      assert.notEqual(r.reason, '', `${name} says why it is missing`);
      t.diagnostic(`${name}: no (${r.reason})`);
    }
    assert.equal(haveFeature(name), r, `${name} is cached`);
  }
});

test('a feature missing on a kernel new enough to have it is a failure, not a skip', (t) => {
  if (!skipUnlessBpf(t)) return;
  for (const [name, since] of Object.entries(REQUIRED_SINCE) as [FeatureName, [number, number]][]) {
    if (!kernelAtLeast(since)) continue;
    const r = haveFeature(name);
    assert.ok(r.available, `${name} should exist on ${release()} (since ${since.join('.')}): ${r.reason}`);
  }
});

test('describeFeatures prints one line per feature', (t) => {
  if (!skipUnlessBpf(t)) return;
  const text = describeFeatures();
  const lines = text.trimEnd().split('\n');
  assert.equal(lines.length, FEATURE_NAMES.length + 1);
  assert.match(lines[0]!, /^kernel /);
  assert.ok(
    lines.slice(1).every((l) => / {2}(yes|no ) {2}\(\d+\.\d+\+\)/.test(l)),
    text,
  );
});
