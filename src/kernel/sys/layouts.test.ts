/**
 * The attr layouts in this directory are written by hand from the uapi headers; the running
 * kernel's BTF describes the same structs, so check our offsets against it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findMember, vmlinuxBtf } from '../btf/index.js';

/** [struct or union, member, byte offset used in this directory]. */
const OFFSETS: readonly [string, string, number][] = [
  ['bpf_attr', 'map_type', 0],
  ['bpf_attr', 'max_entries', 12],
  ['bpf_attr', 'map_flags', 16],
  ['bpf_attr', 'map_name', 28],
  ['bpf_attr', 'map_extra', 64],
  ['bpf_attr', 'map_fd', 0],
  ['bpf_attr', 'key', 8],
  ['bpf_attr', 'value', 16],
  ['bpf_attr', 'flags', 24],
  ['bpf_attr', 'prog_type', 0],
  ['bpf_attr', 'insn_cnt', 4],
  ['bpf_attr', 'insns', 8],
  ['bpf_attr', 'license', 16],
  ['bpf_attr', 'log_level', 24],
  ['bpf_attr', 'log_size', 28],
  ['bpf_attr', 'log_buf', 32],
  ['bpf_attr', 'kern_version', 40],
  ['bpf_attr', 'prog_flags', 44],
  ['bpf_attr', 'prog_name', 48],
  ['bpf_attr', 'expected_attach_type', 68],
  ['bpf_attr', 'prog_btf_fd', 72],
  ['bpf_attr', 'func_info_rec_size', 76],
  ['bpf_attr', 'func_info', 80],
  ['bpf_attr', 'func_info_cnt', 88],
  ['bpf_attr', 'line_info_rec_size', 92],
  ['bpf_attr', 'line_info', 96],
  ['bpf_attr', 'line_info_cnt', 104],
  ['bpf_attr', 'attach_btf_id', 108],
  ['bpf_attr', 'log_true_size', 140],
  ['bpf_attr', 'btf', 0],
  ['bpf_attr', 'btf_log_buf', 8],
  ['bpf_attr', 'btf_size', 16],
  ['bpf_attr', 'btf_log_size', 20],
  ['bpf_attr', 'btf_log_level', 24],
  ['bpf_attr', 'start_id', 0],
  ['bpf_attr', 'next_id', 4],
  ['bpf_attr', 'open_flags', 8],
  ['bpf_prog_info', 'name', 64],
  ['bpf_prog_info', 'run_time_ns', 192],
  ['bpf_prog_info', 'run_cnt', 200],
  ['bpf_prog_info', 'verified_insns', 216],
  ['bpf_map_info', 'key_size', 8],
  ['bpf_map_info', 'map_flags', 20],
  ['bpf_map_info', 'name', 24],
  ['bpf_link_info', 'prog_id', 8],
  ['perf_event_attr', 'config', 8],
  ['perf_event_attr', 'sample_period', 16],
  ['perf_event_attr', 'sample_type', 24],
  ['perf_event_attr', 'wakeup_events', 48],
  ['perf_event_attr', 'config1', 56],
  ['perf_event_attr', 'config2', 64],
  ['perf_event_attr', 'config3', 128],
];

test('hand-written attr offsets match the kernel BTF', (t) => {
  const r = vmlinuxBtf();
  if (!r.ok) return t.skip(`no kernel BTF: ${r.message}`);
  const btf = r.value;
  for (const [container, member, offset] of OFFSETS) {
    const type = btf.find('union', container) ?? btf.find('struct', container);
    assert.ok(type !== undefined, container);
    const found = findMember(btf, type.id, member);
    if (found === undefined) {
      t.diagnostic(`${container}.${member}: not in this kernel (newer field)`);
      continue;
    }
    assert.equal(found.byteOffset, offset, `${container}.${member}`);
  }
  const batch = btf.find('union', 'bpf_attr');
  assert.ok(batch !== undefined);
  // The batch and link_create structs are named members: check them through their paths.
  const paths: [string, number][] = [
    ['batch.count', 32],
    ['batch.map_fd', 36],
    ['link_create.attach_type', 8],
    ['raw_tracepoint.prog_fd', 8],
    ['info.info', 8],
  ];
  for (const [path, offset] of paths) {
    const steps = path.split('.');
    const outer = findMember(btf, batch.id, steps[0]!);
    assert.ok(outer !== undefined, path);
    const inner = findMember(btf, outer.type, steps[1]!);
    assert.equal((outer.byteOffset ?? -1) + (inner?.byteOffset ?? -1000), offset, path);
  }
});
