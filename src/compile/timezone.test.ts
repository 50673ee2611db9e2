import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { kernelListing } from './listing.js';
import { compileText, GETPID, refusals } from './testing.js';

const probe = (body: string) => `probe kernel.trace("syscalls:sys_enter_getpid") {\n${body}\n}`;

describe('tz_*() in kernel handlers', () => {
  test('the offset and the name are constants of the zone the runtime gives', () => {
    const r = compileText(probe('  println(tz_gmtoff(), tz_name(), tz_ctime(0))'), [GETPID], {
      timezone: () => ({ secondsWestOfUtc: 18000, name: 'EST' }),
    });
    assert.deepEqual(refusals(r), []);
    const listing = kernelListing(r);
    assert.match(listing, /= 18000\b/);
    // " EST\0" as one little-endian word, after the 24 characters of the date.
    assert.match(listing, new RegExp(`= ${0x54534520}\\b`));
    // ctime(0 - 18000): the offset is subtracted before the date is made.
    assert.match(listing, /-= 18000\b/);
  });
  test('without a zone they are refused at the call', () => {
    const r = compileText(probe('  println(tz_name())'), [GETPID]);
    assert.deepEqual(refusals(r), [
      'tz_name() without the local time zone is not supported in kernel probes yet at 2:11',
    ]);
  });
});

describe('system() in kernel handlers', () => {
  test('sends a SYSTEM record with the command', () => {
    const r = compileText(probe('  system("echo hi")'), [GETPID]);
    assert.deepEqual(refusals(r), []);
    assert.match(kernelListing(r), /call bpf_ringbuf_output/);
  });
});
