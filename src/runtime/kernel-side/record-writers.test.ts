import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatArgTypes, parsePrintFormat } from '../../lang/index.js';
import { type ArgKind, layoutOutputSite, type OutputOp, type OutputSite } from '../../wire/index.js';
import { formatPrint, formatPrintd, formatPrintdln, formatPrintln } from '../format/print.js';
import { formatPrintf } from '../format/printf.js';
import { scriptBytes } from '../output.js';
import { ByteOutput } from './byte-output.js';
import { compileRecordWriter } from './record-writers.js';

type Arg = bigint | string;
const STRING_CAPACITY = 16;
/** Where the record sits in the test ring: not at 0, as in a real ring. */
const RECORD_AT = 40;

function record(site: OutputSite, args: readonly Arg[]): DataView {
  const bytes = new Uint8Array(RECORD_AT + site.recordBytes + 8).fill(0xee);
  const view = new DataView(bytes.buffer);
  site.args.forEach((slot, i) => {
    const value = args[i]!;
    const at = RECORD_AT + slot.offset;
    if (slot.kind === 'long') view.setBigInt64(at, BigInt.asIntN(64, value as bigint), true);
    else if (slot.kind === 'string') {
      const text = value as string;
      for (let k = 0; k < slot.capacity; k++) bytes[at + k] = k < text.length ? text.charCodeAt(k) : 0;
    }
  });
  return view;
}

/** The compiled writer's bytes, or undefined when the site takes the general path. */
function written(site: OutputSite, args: readonly Arg[]): string | undefined {
  const write = compileRecordWriter(site);
  if (write === undefined) return undefined;
  const chunks: string[] = [];
  const out = new ByteOutput((b) => chunks.push(Buffer.from(b).toString('latin1')));
  const view = record(site, args);
  out.pos = 3; // not at the start of the buffer
  out.buf.fill(0x41, 0, 3);
  write(view, new Uint8Array(view.buffer), RECORD_AT, out);
  out.flush();
  return chunks.join('').slice(3);
}

function kinds(args: readonly Arg[]): ArgKind[] {
  return args.map((a) =>
    typeof a === 'bigint' ? { kind: 'long' } : { kind: 'string', capacity: STRING_CAPACITY },
  );
}

function printfSite(format: string, args: readonly Arg[]): OutputSite {
  const parsed = parsePrintFormat(format);
  if (!('components' in parsed)) throw new Error(`bad format ${format}`);
  assert.equal(formatArgTypes(parsed.components).length, args.length, format);
  return layoutOutputSite({ kind: 'printf', components: parsed.components }, kinds(args));
}

/** What the general path writes for the same record: the reference formatter over the decoded values. */
function reference(op: OutputOp, args: readonly Arg[]): string {
  const values = args.map((a) =>
    typeof a === 'string' ? a.slice(0, STRING_CAPACITY) : BigInt.asIntN(64, a),
  );
  let text: string;
  switch (op.kind) {
    case 'printf': {
      const r = formatPrintf(op.components, values);
      text = typeof r === 'string' ? r : '';
      break;
    }
    case 'print':
      text = formatPrint(values);
      break;
    case 'println':
      text = formatPrintln(values);
      break;
    case 'printd':
      text = formatPrintd(op.delimiter, values);
      break;
    case 'printdln':
      text = formatPrintdln(op.delimiter, values);
      break;
  }
  return scriptBytes(text).toString('latin1');
}

const LONGS: readonly bigint[] = [
  0n,
  1n,
  -1n,
  9n,
  10n,
  -10n,
  99n,
  12345n,
  2147483647n,
  2147483648n,
  -2147483648n,
  4294967295n,
  4294967296n,
  999999999999999n,
  1000000000000000n,
  9007199254740991n,
  9007199254740992n,
  -9007199254740992n,
  -9007199254740993n,
  0x7fffffffffffffffn,
  -0x8000000000000000n,
  0xffffffff00000000n,
  0xffff888003a1b2c0n,
  0x1234abcdn,
];

const STRINGS: readonly string[] = [
  '',
  'a',
  'getpid-loop',
  'exactly-16-bytes',
  'longer than sixteen bytes',
  '\u00e9\u00ff\u0001',
];

test('compiled number conversions write what formatPrintf writes', () => {
  const formats = [
    '%d',
    '%i',
    '%u',
    '%x',
    '%X',
    '%o',
    '%ld',
    '%5d',
    '%-5d',
    '%05d',
    '%25d',
    '%-25x',
    '%020X',
    '%0o',
    '%3u',
  ];
  for (const f of formats)
    for (const v of LONGS) {
      const site = printfSite(`<${f}>`, [v]);
      assert.equal(written(site, [v]), reference(site.op, [v]), `${f} of ${v}`);
    }
});

test('compiled string conversions write what formatPrintf writes', () => {
  const formats = ['%s', '%20s', '%-20s', '%.3s', '%5.2s', '%-5.0s', '%.40s', '%1s'];
  for (const f of formats)
    for (const v of STRINGS) {
      const site = printfSite(`[${f}]`, [v]);
      assert.equal(written(site, [v]), reference(site.op, [v]), `${f} of ${JSON.stringify(v)}`);
    }
});

test('mixed formats and literals, including long literals and literal NULs', () => {
  const cases: [string, Arg[]][] = [
    ['%d %s\n', [4242n, 'getpid-loop']],
    ['pid=%d comm=%s ppid=%d tid=%d\n', [1n, 'init', 0n, -7n]],
    ['a literal of more than eight bytes %s and another one after it\n', ['x']],
    ['%s%s%s', ['a', '', 'c']],
    ['%%d %d%%', [5n]],
    ['\u00e9t\u00e9 %d\n', [3n]],
    ['before\0after %d', [1n]],
    ['no conversions\n', []],
  ];
  for (const [format, args] of cases) {
    const site = printfSite(format, args);
    assert.equal(written(site, args), reference(site.op, args), JSON.stringify(format));
  }
});

test('the print family writes what formatPrint* writes', () => {
  const args: Arg[] = [-12n, 'comm', 0x7fffffffffffffffn, '', 7n];
  const ops: OutputOp[] = [
    { kind: 'print' },
    { kind: 'println' },
    { kind: 'printd', delimiter: ', ' },
    { kind: 'printdln', delimiter: ' a long delimiter\u00e9 ' },
  ];
  for (const op of ops) {
    const site = layoutOutputSite(op, kinds(args));
    assert.equal(written(site, args), reference(op, args), op.kind);
  }
  const empty = layoutOutputSite({ kind: 'println' }, []);
  assert.equal(written(empty, []), '\n');
});

test('formats the fast path does not cover take the general path', () => {
  const general: [string, Arg[]][] = [
    ['%*d', [5n, 1n]],
    ['%.*s', [2n, 'abc']],
    ['%+d', [1n]],
    ['% d', [1n]],
    ['%#x', [1n]],
    ['%p', [1n]],
    ['%c', [65n]],
    ['%b', [65n]],
    ['%.3d', [1n]],
    ['%0s', ['a']],
    ['%9000d', [1n]],
  ];
  for (const [format, args] of general)
    assert.equal(compileRecordWriter(printfSite(format, args)), undefined, format);
});

test('the byte output flushes when a record might not fit, and keeps order', () => {
  const chunks: string[] = [];
  const out = new ByteOutput((b) => chunks.push(Buffer.from(b).toString('latin1')), 0);
  const site = printfSite('%d %s\n', [1n, 'x']);
  const write = compileRecordWriter(site)!;
  const lines: string[] = [];
  for (let i = 0; i < 5000; i++) {
    const view = record(site, [BigInt(i), 'comm']);
    out.reserve();
    write(view, new Uint8Array(view.buffer), RECORD_AT, out);
    lines.push(`${i} comm\n`);
  }
  out.flush();
  assert.ok(chunks.length > 1);
  assert.equal(chunks.join(''), lines.join(''));
});
