import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LONG_OPTIONS, SHORT_OPTIONS } from './option-table.js';
import { defaultOptions } from './options.js';
import { helpText, versionText } from './usage.js';

const help = helpText(defaultOptions(), {
  dataDir: '/root/.systemtap',
  includePath: ['/opt/tstap/tapset'],
  arch: 'x86_64',
  kernelRelease: '6.18.44',
});

/** stap's undocumented ones: its secret benchmark, and -J/-j which no code handles. */
const UNDOCUMENTED = new Set(['benchmark-sdt', 'benchmark-sdt-loops', 'benchmark-sdt-threads', 'J', 'j']);

test('--help documents every long option', () => {
  for (const { name } of LONG_OPTIONS) {
    if (UNDOCUMENTED.has(name)) continue;
    assert.ok(help.includes(`--${name}`), `--${name} missing from --help`);
  }
});

test('--help documents every short option', () => {
  for (const ch of SHORT_OPTIONS.replaceAll(':', '')) {
    if (UNDOCUMENTED.has(ch)) continue;
    assert.match(help, new RegExp(`^ {3}-${ch}\\b`, 'm'), `-${ch} missing from --help`);
  }
});

test('--help starts with the version banner and shows the search path', () => {
  assert.ok(help.startsWith(versionText()));
  assert.match(help, /^Usage: tstap \[options\] FILE {20}Run script in file\.$/m);
  assert.match(help, /^ {14}\/opt\/tstap\/tapset$/m);
  assert.match(help, /^ {3}--vp \{N\}\+ {2}add per-pass verbosity \[00000\]$/m);
});

test('the version banner names tstap and its version', () => {
  assert.match(
    versionText(),
    /^tstap translator\/driver \(version \d+\.\d+\.\d+[^,]*, systemtap language 5\.6\)\n/,
  );
});
