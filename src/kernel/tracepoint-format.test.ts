import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeDynamicLocation, parseTracepointFormat } from './tracepoint-format.js';

const SCHED_PROCESS_EXEC = `name: sched_process_exec
ID: 365
format:
\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;
\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;
\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;
\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;

\tfield:__data_loc char[] filename;\toffset:8;\tsize:4;\tsigned:0;
\tfield:pid_t pid;\toffset:12;\tsize:4;\tsigned:1;
\tfield:pid_t old_pid;\toffset:16;\tsize:4;\tsigned:1;
\tfield:char comm[TASK_COMM_LEN];\toffset:20;\tsize:16;\tsigned:0;
\tfield:unsigned long args[];\toffset:40;\tsize:0;\tsigned:0;
\tfield:__rel_loc u8[] blob;\toffset:40;\tsize:4;\tsigned:0;

print fmt: "filename=%s pid=%d old_pid=%d", __get_str(filename), REC->pid, REC->old_pid
`;

test('format files: common fields, __data_loc, arrays, print fmt', () => {
  const f = parseTracepointFormat(SCHED_PROCESS_EXEC);
  assert.ok(f !== undefined);
  assert.equal(f.name, 'sched_process_exec');
  assert.equal(f.id, 365);
  assert.deepEqual(
    f.fields.filter((x) => x.isCommon).map((x) => x.name),
    ['common_type', 'common_flags', 'common_preempt_count', 'common_pid'],
  );
  const byName = new Map(f.fields.map((x) => [x.name, x]));
  assert.deepEqual(byName.get('filename'), {
    name: 'filename',
    type: '__data_loc char[]',
    offset: 8,
    size: 4,
    isSigned: false,
    isCommon: false,
    dynamic: { kind: 'data_loc', elementType: 'char' },
  });
  assert.deepEqual(byName.get('pid'), {
    name: 'pid',
    type: 'pid_t',
    offset: 12,
    size: 4,
    isSigned: true,
    isCommon: false,
  });
  assert.equal(byName.get('comm')?.arrayLength, 16, 'macro lengths come from size / element size');
  assert.equal(byName.get('args')?.arrayLength, 0);
  assert.deepEqual(byName.get('blob')?.dynamic, { kind: 'rel_loc', elementType: 'u8' });
  assert.match(f.printFmt, /^"filename=%s/);
  assert.equal(parseTracepointFormat('garbage'), undefined);
});

test('__data_loc and __rel_loc words decode to record offsets', () => {
  const f = parseTracepointFormat(SCHED_PROCESS_EXEC)!;
  const filename = f.fields.find((x) => x.name === 'filename')!;
  assert.deepEqual(decodeDynamicLocation(filename, (12 << 16) | 36), { offset: 36, length: 12 });
  const blob = f.fields.find((x) => x.name === 'blob')!;
  assert.deepEqual(decodeDynamicLocation(blob, (3 << 16) | 4), { offset: 48, length: 3 });
});
