import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KernelCompileResult } from '../../compile/index.js';
import { makeSource } from '../../diag/index.js';
import type { DerivedProbe } from '../../elaborate/index.js';
import {
  ERROR_CODE,
  ERROR_RECORD,
  layoutDeferredSite,
  RECORD_TYPE,
  WARNING_RECORD,
} from '../../wire/index.js';
import { recordDecoder } from './records.js';

const text = 'probe kernel.trace("sys_enter_getpid") { error("x") }';
const source = makeSource('<input>', text);
const at = text.indexOf('error');
const probe = { name: 'kernel.trace("syscalls:sys_enter_getpid")' } as unknown as DerivedProbe;

function decode(
  kernel: Partial<KernelCompileResult>,
  view: DataView,
): { out: string[]; errors: string[]; warnings: string[]; commands: string[] } {
  const out: string[] = [];
  const errors: string[] = [];
  const warnings: string[] = [];
  const commands: string[] = [];
  const all: KernelCompileResult = {
    programs: [],
    maps: [],
    storage: new Map(),
    outputSites: [],
    errorSites: [],
    diagnostics: [],
    ...kernel,
  };
  const callback = recordDecoder(all, 512, {
    output: (s) => out.push(s),
    exit: () => undefined,
    error: (s) => errors.push(s),
    warning: (s) => warnings.push(s),
    system: (s) => commands.push(s),
  });
  callback(view, 0, view.byteLength);
  return { out, errors, warnings, commands };
}

test("error(msg) records carry the script's message after the error fields", () => {
  const view = new DataView(new ArrayBuffer(ERROR_RECORD.bytes + 16));
  view.setUint32(0, RECORD_TYPE.error, true);
  view.setUint32(4, 0, true);
  view.setUint32(ERROR_RECORD.code, ERROR_CODE.scriptError, true);
  view.setBigUint64(ERROR_RECORD.argument, 16n, true);
  [...'it broke'].forEach((c, i) => {
    view.setUint8(ERROR_RECORD.bytes + i, c.charCodeAt(0));
  });
  const span = { source, start: at, end: at + 5, line: 1, col: at + 1 };
  const { errors } = decode({ errorSites: [{ span, probe }] }, view);
  assert.deepEqual(errors, [
    `it broke near identifier 'error' at <input>:1:${at + 1} in probe kernel.trace("syscalls:sys_enter_getpid")`,
  ]);
});

test('PRINTF_DEFERRED records are formatted with their own site table', () => {
  const site = layoutDeferredSite({ kind: 'println' }, [
    { kind: 'long' },
    { kind: 'cmdline', capacity: 16, delimiterCapacity: 8 },
  ]);
  const view = new DataView(new ArrayBuffer(site.recordBytes));
  view.setUint32(0, RECORD_TYPE.printfDeferred, true);
  const [long, cmdline] = site.args;
  view.setBigInt64(long!.offset, 42n, true);
  view.setBigUint64(cmdline!.offset, 3n, true);
  view.setBigInt64(cmdline!.offset + 16, -1n, true);
  view.setUint8(cmdline!.offset + 24, 0x20);
  view.setUint8(cmdline!.offset + 32, 0x61);
  view.setUint8(cmdline!.offset + 34, 0x62);
  const { out } = decode({ deferredSites: [site] }, view);
  assert.deepEqual(out, ['42a b\n']);
});

test('WARNING records carry the message of warn(msg)', () => {
  const view = new DataView(new ArrayBuffer(WARNING_RECORD.bytes + 16));
  view.setUint32(0, RECORD_TYPE.warning, true);
  view.setBigUint64(WARNING_RECORD.capacity, 16n, true);
  [...'look out\n'].forEach((c, i) => {
    view.setUint8(WARNING_RECORD.bytes + i, c.charCodeAt(0));
  });
  const { out, errors, warnings } = decode({}, view);
  assert.deepEqual({ out, errors, warnings }, { out: [], errors: [], warnings: ['look out\n'] });
});

test('SYSTEM records carry the command of system(cmd)', () => {
  const view = new DataView(new ArrayBuffer(WARNING_RECORD.bytes + 16));
  view.setUint32(0, RECORD_TYPE.system, true);
  view.setBigUint64(WARNING_RECORD.capacity, 16n, true);
  [...'echo hi'].forEach((c, i) => {
    view.setUint8(WARNING_RECORD.bytes + i, c.charCodeAt(0));
  });
  const { out, warnings, commands } = decode({}, view);
  assert.deepEqual({ out, warnings, commands }, { out: [], warnings: [], commands: ['echo hi'] });
});
