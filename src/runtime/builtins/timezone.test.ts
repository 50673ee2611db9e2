import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { localTimezone, parsePosixTimezone, parseTzif, posixTypeAt, zoneTypeAt } from './timezone.js';

const at = (iso: string) => Date.parse(iso) / 1000;

function posix(text: string) {
  const tz = parsePosixTimezone(text);
  assert.ok(tz !== undefined, text);
  return (iso: string) => {
    const type = posixTypeAt(tz, at(iso));
    return `${type.abbreviation}${type.utcOffsetS}`;
  };
}

describe('POSIX TZ strings', () => {
  test('US rules switch at 02:00 local time', () => {
    const ny = posix('EST5EDT,M3.2.0,M11.1.0');
    assert.equal(ny('2024-01-15T12:00:00Z'), 'EST-18000');
    assert.equal(ny('2024-07-01T00:00:00Z'), 'EDT-14400');
    assert.equal(ny('2024-03-10T06:59:59Z'), 'EST-18000');
    assert.equal(ny('2024-03-10T07:00:00Z'), 'EDT-14400');
    assert.equal(ny('2024-11-03T05:59:59Z'), 'EDT-14400');
    assert.equal(ny('2024-11-03T06:00:00Z'), 'EST-18000');
  });
  test('explicit times and last-week rules', () => {
    const berlin = posix('CET-1CEST,M3.5.0,M10.5.0/3');
    assert.equal(berlin('2024-03-31T00:59:59Z'), 'CET3600');
    assert.equal(berlin('2024-03-31T01:00:00Z'), 'CEST7200');
    assert.equal(berlin('2024-10-27T00:59:59Z'), 'CEST7200');
    assert.equal(berlin('2024-10-27T01:00:00Z'), 'CET3600');
  });
  test('southern hemisphere (DST across new year)', () => {
    const sydney = posix('AEST-10AEDT,M10.1.0,M4.1.0/3');
    assert.equal(sydney('2024-01-15T00:00:00Z'), 'AEDT39600');
    assert.equal(sydney('2024-07-01T00:00:00Z'), 'AEST36000');
    assert.equal(sydney('2024-12-25T00:00:00Z'), 'AEDT39600');
  });
  test('quoted names, minutes, no DST, default DST rules, julian days', () => {
    assert.equal(posix('<+0330>-3:30')('2024-01-01T00:00:00Z'), '+033012600');
    assert.equal(posix('JST-9')('2024-07-01T00:00:00Z'), 'JST32400');
    assert.equal(posix('EST5EDT')('2024-07-01T00:00:00Z'), 'EDT-14400');
    assert.equal(posix('XST3XDT2,J60/0,J300/0')('2024-03-01T03:00:00Z'), 'XDT-7200');
    assert.equal(posix('XST3XDT2,59/0,299/0')('2024-02-29T03:00:00Z'), 'XDT-7200');
    assert.equal(parsePosixTimezone('5'), undefined);
    assert.equal(parsePosixTimezone('EST5EDT,M3.2.0'), undefined);
    assert.equal(parsePosixTimezone('EST5EDT,M13.2.0,M11.1.0'), undefined);
  });
});

/** A version-2 TZif file: an empty 32-bit block, then `types`, `transitions` and `footer`. */
function tzif(
  transitions: readonly [number, number][],
  types: readonly [number, string][],
  footer: string,
): Uint8Array {
  const bytes: number[] = [];
  const u32 = (n: number) => bytes.push((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
  const header = (timecnt: number, typecnt: number, charcnt: number) => {
    bytes.push(...Buffer.from('TZif2'), ...new Array<number>(15).fill(0));
    for (const count of [0, 0, 0, timecnt, typecnt, charcnt]) u32(count);
  };
  header(0, 1, 1);
  bytes.push(0, 0, 0, 0, 0, 0, 0);
  const names = types.map(([, name]) => `${name}\0`).join('');
  header(transitions.length, types.length, names.length);
  for (const [time] of transitions) {
    u32(Math.floor(time / 2 ** 32));
    u32(time >>> 0);
  }
  for (const [, type] of transitions) bytes.push(type);
  let nameAt = 0;
  for (const [offset, name] of types) {
    u32(offset >>> 0);
    bytes.push(0, nameAt);
    nameAt += name.length + 1;
  }
  bytes.push(...Buffer.from(names), ...Buffer.from(`\n${footer}\n`));
  return Uint8Array.from(bytes);
}

describe('TZif files', () => {
  const file = tzif(
    [
      [1000, 1],
      [2000, 0],
    ],
    [
      [3600, 'AAA'],
      [7200, 'BBB'],
    ],
    'AAA-1',
  );
  test('type 0 before the first transition, the footer after the last', () => {
    const info = parseTzif(file);
    assert.ok(info !== undefined);
    const name = (t: number) => {
      const type = zoneTypeAt(info, t);
      return `${type.abbreviation}${type.utcOffsetS}`;
    };
    assert.equal(name(500), 'AAA3600');
    assert.equal(name(1000), 'BBB7200');
    assert.equal(name(1999), 'BBB7200');
    assert.equal(name(2500), 'AAA3600');
  });
  test('malformed files are rejected', () => {
    assert.equal(parseTzif(Uint8Array.from(Buffer.from('not a zone file'))), undefined);
    assert.equal(parseTzif(file.subarray(0, 60)), undefined);
  });
  test('localTimezone follows TZ like glibc', () => {
    const files = new Map([['/zones/Test/Zone', file]]);
    const read = (path: string) => files.get(path);
    assert.deepEqual(localTimezone(1500, { TZ: 'Test/Zone', TZDIR: '/zones' }, read), {
      secondsWestOfUtc: -7200,
      name: 'BBB',
    });
    assert.deepEqual(localTimezone(1500, { TZ: ':/zones/Test/Zone' }, read), {
      secondsWestOfUtc: -7200,
      name: 'BBB',
    });
    assert.deepEqual(localTimezone(1500, { TZ: '' }, read), { secondsWestOfUtc: 0, name: 'UTC' });
    assert.deepEqual(localTimezone(at('2024-07-01T00:00:00Z'), { TZ: 'EST5EDT' }, read), {
      secondsWestOfUtc: 14400,
      name: 'EDT',
    });
    assert.deepEqual(localTimezone(1500, { TZ: '???' }, read), { secondsWestOfUtc: 0, name: 'UTC' });
    assert.deepEqual(localTimezone(1500, {}, read), { secondsWestOfUtc: 0, name: 'UTC' });
  });
  const berlin = '/usr/share/zoneinfo/Europe/Berlin';
  test('the installed Europe/Berlin', {
    skip: existsSync(berlin) ? false : `${berlin} not installed`,
  }, () => {
    const info = parseTzif(readFileSync(berlin));
    assert.ok(info !== undefined);
    assert.equal(zoneTypeAt(info, at('2024-01-15T00:00:00Z')).abbreviation, 'CET');
    assert.equal(zoneTypeAt(info, at('2024-07-01T00:00:00Z')).abbreviation, 'CEST');
    assert.equal(zoneTypeAt(info, at('2050-07-01T00:00:00Z')).abbreviation, 'CEST');
    assert.equal(zoneTypeAt(info, at('1990-07-01T00:00:00Z')).utcOffsetS, 7200);
  });
});
