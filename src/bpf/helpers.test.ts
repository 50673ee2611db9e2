import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as helpers from './helpers.js';

describe('helper ids', () => {
  it('match the uapi enum for the ones the code generator uses', () => {
    assert.equal(helpers.BPF_FUNC_map_lookup_elem, 1);
    assert.equal(helpers.BPF_FUNC_map_update_elem, 2);
    assert.equal(helpers.BPF_FUNC_map_delete_elem, 3);
    assert.equal(helpers.BPF_FUNC_probe_read, 4);
    assert.equal(helpers.BPF_FUNC_ktime_get_ns, 5);
    assert.equal(helpers.BPF_FUNC_trace_printk, 6);
    assert.equal(helpers.BPF_FUNC_get_smp_processor_id, 8);
    assert.equal(helpers.BPF_FUNC_get_current_pid_tgid, 14);
    assert.equal(helpers.BPF_FUNC_get_current_uid_gid, 15);
    assert.equal(helpers.BPF_FUNC_get_current_comm, 16);
    assert.equal(helpers.BPF_FUNC_perf_event_output, 25);
    assert.equal(helpers.BPF_FUNC_get_current_task, 35);
    assert.equal(helpers.BPF_FUNC_get_stack, 67);
    assert.equal(helpers.BPF_FUNC_probe_read_user, 112);
    assert.equal(helpers.BPF_FUNC_probe_read_kernel, 113);
    assert.equal(helpers.BPF_FUNC_probe_read_user_str, 114);
    assert.equal(helpers.BPF_FUNC_probe_read_kernel_str, 115);
    assert.equal(helpers.BPF_FUNC_jiffies64, 118);
    assert.equal(helpers.BPF_FUNC_get_ns_current_pid_tgid, 120);
    assert.equal(helpers.BPF_FUNC_ringbuf_output, 130);
    assert.equal(helpers.BPF_FUNC_ringbuf_reserve, 131);
    assert.equal(helpers.BPF_FUNC_ringbuf_submit, 132);
    assert.equal(helpers.BPF_FUNC_ringbuf_discard, 133);
    assert.equal(helpers.BPF_FUNC_get_current_task_btf, 158);
    assert.equal(helpers.BPF_FUNC_for_each_map_elem, 164);
    assert.equal(helpers.BPF_FUNC_snprintf, 165);
    assert.equal(helpers.BPF_FUNC_loop, 181);
    assert.equal(helpers.BPF_FUNC_strncmp, 182);
  });

  it('agree with the name table for every exported constant', () => {
    for (const [key, value] of Object.entries(helpers)) {
      if (!key.startsWith('BPF_FUNC_') || key === 'BPF_FUNC_MAX_ID') continue;
      assert.equal(helpers.helperName(value as number), `bpf_${key.slice('BPF_FUNC_'.length)}`, key);
    }
  });

  it('names helpers as the verifier does, and looks them up by name', () => {
    assert.equal(helpers.BPF_FUNC_MAX_ID, 212);
    assert.equal(helpers.helperName(211), 'bpf_cgrp_storage_delete');
    assert.equal(helpers.helperName(0), undefined);
    assert.equal(helpers.helperName(212), undefined);
    assert.equal(helpers.helperName(-1), undefined);
    assert.equal(helpers.helperId('bpf_loop'), 181);
    assert.equal(helpers.helperId('ktime_get_ns'), 5);
    assert.equal(helpers.helperId('unspec'), undefined);
    assert.equal(helpers.helperId('bpf_nope'), undefined);
  });
});
