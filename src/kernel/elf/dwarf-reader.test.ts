import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type UserProbePoint, type UserSubprogram, userVariableList } from '../../elaborate/index.js';
import { separateDebugFiles, userSubprogram } from './dwarf-functions.js';
import { type Die, DW_AT, DW_TAG, type DwarfInfo, readDwarf } from './dwarf-reader.js';
import { readElf } from './read-elf.js';
import { FixtureDir, missingTool, run } from './testing/c-fixtures.js';

const PROGRAM = `
struct inner { short s; unsigned char tag; };
struct foo { int a; long b; char name[8]; struct inner *in; unsigned bits:3; const char *str; };
typedef struct foo foo_t;
enum color { RED, GREEN = 5 };
struct big { long x, y, z; };
struct small { int a; };
volatile long sink;
long f(int x, foo_t *p, const char *s, unsigned short u, enum color c, signed char sc, long l7, int arr[]) {
  int local = x + 1;
  sink = local + p->a + s[0] + u + c + sc + l7 + arr[0];
  return sink;
}
struct big h(int x, long *p) { struct big b = { x, *p, 0 }; return b; }
void g(struct small s, int after) { sink = s.a + after; }
double d(double v, int i, int (*cb)(char *, ...)) { return v + i + (cb != 0); }
int main(int argc, char **argv) {
  struct inner in = { -3, 7 };
  struct foo fo = { 42, -5, "hello", &in, 5, "str" };
  int a[2] = { 9, 8 };
  struct small s = { 1 };
  long l = 6;
  g(s, 2);
  sink += h(4, &l).x + (long)d(1.5, 9, 0);
  return (int)f(argc, &fo, argv[0], 65535, GREEN, -2, 77, a);
}
`;

const missing = missingTool('gcc') ?? missingTool('readelf');
let fx: FixtureDir | undefined;

before(() => {
  if (missing !== undefined) return;
  fx = new FixtureDir();
  fx.file('prog.c', PROGRAM);
  fx.gcc('-g', '-O0', '-o', 'prog-o0', 'prog.c');
  fx.gcc('-gdwarf-4', '-O1', '-fno-inline', '-o', 'prog-dw4', 'prog.c');
  fx.gcc('-O0', '-o', 'prog-nodebug', 'prog.c');
  fx.file(
    'other.c',
    'struct pair { int a, b; };\nint other(struct pair *p, unsigned long n) { return p->a + (int)n; }\n',
  );
  fx.file(
    'main2.c',
    'struct pair;\nint other(struct pair *p, unsigned long n);\nint main(void) { return other(0, 0); }\n',
  );
  fx.gcc('-g', '-O0', '-o', 'prog-two', 'main2.c', 'other.c');
  // A stripped copy whose DWARF is in a separate file it names in .gnu_debuglink.
  run('objcopy', ['--only-keep-debug', fx.path('prog-o0'), fx.path('prog-split.debug')]);
  run('objcopy', [
    '--strip-debug',
    `--add-gnu-debuglink=${fx.path('prog-split.debug')}`,
    fx.path('prog-o0'),
    fx.path('prog-split'),
  ]);
});
after(() => fx?.remove());

/** readelf's view of every DIE: offset, tag name, and the attributes compared here. */
interface ReadelfDie {
  readonly offset: number;
  readonly tag: string;
  readonly name?: string;
  readonly type?: number;
  readonly byteSize?: number;
  readonly lowPc?: bigint;
}

function readelfDies(file: string): ReadelfDie[] {
  const out: ReadelfDie[] = [];
  let current: { -readonly [K in keyof ReadelfDie]: ReadelfDie[K] } | undefined;
  for (const line of run('readelf', ['--debug-dump=info', '-wi', file]).split('\n')) {
    const head = /^\s*<\d+><([0-9a-f]+)>: Abbrev Number: \d+ \((DW_TAG_\w+)\)/.exec(line);
    if (head !== null) {
      current = { offset: Number.parseInt(head[1] as string, 16), tag: head[2] as string };
      out.push(current);
      continue;
    }
    const attr = /^\s*<[0-9a-f]+>\s+(DW_AT_\w+)\s*:\s*(.*)$/.exec(line);
    if (attr === null || current === undefined) continue;
    const [, name, raw = ''] = attr;
    const value = raw.trim();
    if (name === 'DW_AT_name')
      current.name = value.replace(/^\(indirect (line )?string, offset: (?:0x)?[0-9a-f]+\): /, '');
    if (name === 'DW_AT_type') current.type = Number.parseInt(value.replace(/^<0x|>$/g, ''), 16);
    if (name === 'DW_AT_byte_size') current.byteSize = Number(value);
    if (name === 'DW_AT_low_pc') current.lowPc = BigInt(value);
  }
  return out;
}

function tagName(tag: number): string {
  const entry = Object.entries(DW_TAG).find(([, v]) => v === tag);
  return entry === undefined ? `0x${tag.toString(16)}` : `DW_TAG_${entry[0]}`;
}

function info(file: string): DwarfInfo {
  const r = readDwarf(file);
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r.info;
}

function compareWithReadelf(file: string, fewest = 50): void {
  const dwarf = info(file);
  const expected = readelfDies(file);
  assert.ok(expected.length > fewest, `readelf lists ${expected.length} DIEs`);
  for (const want of expected) {
    const die: Die | undefined = dwarf.die(want.offset);
    assert.ok(die !== undefined, `DIE at 0x${want.offset.toString(16)}`);
    const known = Object.values(DW_TAG).includes(die.tag as never);
    if (known) assert.equal(tagName(die.tag), want.tag, `tag at 0x${want.offset.toString(16)}`);
    const name = die.attrs.get(DW_AT.name);
    assert.equal(
      name?.kind === 'string' ? name.value : undefined,
      want.name,
      `name at 0x${want.offset.toString(16)}`,
    );
    const type = die.attrs.get(DW_AT.type);
    assert.equal(type?.kind === 'ref' ? type.offset : undefined, want.type);
    const size = die.attrs.get(DW_AT.byte_size);
    assert.equal(size?.kind === 'number' ? Number(size.value) : undefined, want.byteSize);
    const low = die.attrs.get(DW_AT.low_pc);
    assert.equal(low?.kind === 'address' ? low.value : undefined, want.lowPc);
  }
}

test('every DIE, name, type reference, size and low_pc as readelf shows them (DWARF 5, -O0)', (t) => {
  if (fx === undefined) return t.skip(missing);
  compareWithReadelf(fx.path('prog-o0'));
});

test('every DIE as readelf shows them (DWARF 4, -O1 location lists)', (t) => {
  if (fx === undefined) return t.skip(missing);
  compareWithReadelf(fx.path('prog-dw4'));
});

function subprogram(file: string, name: string): UserSubprogram {
  const elf = readElf(file);
  assert.ok(elf.ok);
  const sym = elf.elf.findFunctions(name)[0];
  assert.ok(sym !== undefined, name);
  const q = userSubprogram(file, sym.value, name);
  assert.ok(q.ok, q.ok ? '' : q.error);
  return q.subprogram;
}

const spelled = (s: UserSubprogram) => s.params.map((p) => `${p.name}:${p.typeName}`);
const located = (s: UserSubprogram) =>
  s.params.map((p) =>
    p.location.kind === 'register'
      ? p.location.register
      : p.location.kind === 'stack'
        ? `rsp+${p.location.offset}`
        : '?',
  );

for (const file of ['prog-o0', 'prog-dw4']) {
  test(`${file}: parameters typed and located by the SysV ABI at the entry`, (t) => {
    if (fx === undefined) return t.skip(missing);
    const f = subprogram(fx.path(file), 'f');
    assert.deepEqual(spelled(f), [
      'x:int',
      'p:foo_t*',
      's:char const*',
      'u:short unsigned int',
      'c:enum color',
      'sc:signed char',
      'l7:long int',
      'arr:int*',
    ]);
    assert.deepEqual(located(f), ['rdi', 'rsi', 'rdx', 'rcx', 'r8', 'r9', 'rsp+8', 'rsp+16']);
    assert.deepEqual(
      f.params.map((p) => p.value),
      [
        { kind: 'integer', size: 4, isSigned: true, pointer: false },
        { kind: 'integer', size: 8, isSigned: false, pointer: true },
        { kind: 'integer', size: 8, isSigned: false, pointer: true },
        { kind: 'integer', size: 2, isSigned: false, pointer: false },
        { kind: 'integer', size: 4, isSigned: false, pointer: false },
        { kind: 'integer', size: 1, isSigned: true, pointer: false },
        { kind: 'integer', size: 8, isSigned: true, pointer: false },
        { kind: 'integer', size: 8, isSigned: false, pointer: true },
      ],
    );
    assert.equal(f.returnValue?.typeName, 'long int');
    assert.deepEqual(f.returnValue?.location, { kind: 'register', register: 'rax' });
    // A struct returned in memory takes rdi; a double takes xmm0, not an integer register.
    assert.deepEqual(located(subprogram(fx.path(file), 'h')), ['rsi', 'rdx']);
    const d = subprogram(fx.path(file), 'd');
    assert.deepEqual(located(d), ['?', 'rdi', 'rsi']);
    assert.deepEqual(spelled(d), ['v:double', 'i:int', 'cb:int (*) (char*, ...)']);
    // A struct passed by value: it and everything after it are not located.
    const g = subprogram(fx.path(file), 'g');
    assert.deepEqual(located(g), ['?', '?']);
    assert.equal(
      g.params[1]?.location.kind === 'unavailable' && g.params[1].location.reason.includes("'s'"),
      true,
    );
    assert.equal(g.returnValue, undefined);
  });
}

test('member paths: offsets, pointer loads, bit-fields and char arrays', (t) => {
  if (fx === undefined) return t.skip(missing);
  const p = subprogram(fx.path('prog-o0'), 'f').params[1];
  assert.ok(p !== undefined);
  assert.equal(p.base, 'value');
  assert.deepEqual(p.access([{ kind: 'member', name: 'b' }]), {
    ok: true,
    ops: [{ kind: 'offset', bytes: 8 }],
    value: { kind: 'integer', size: 8, isSigned: true, pointer: false },
    cType: 'long int',
  });
  assert.deepEqual(
    p.access([
      { kind: 'member', name: 'in' },
      { kind: 'member', name: 'tag' },
    ]),
    {
      ok: true,
      ops: [{ kind: 'offset', bytes: 24 }, { kind: 'deref' }, { kind: 'offset', bytes: 2 }],
      value: { kind: 'integer', size: 1, isSigned: false, pointer: false },
      cType: 'unsigned char',
    },
  );
  const bits = p.access([{ kind: 'member', name: 'bits' }]);
  assert.deepEqual(bits.ok && bits.value, { kind: 'bitfield', size: 1, shift: 0, bits: 3, isSigned: false });
  const name = p.access([{ kind: 'member', name: 'name' }]);
  assert.deepEqual(name.ok && name.value, { kind: 'char-array', length: 8 });
  const nope = p.access([{ kind: 'member', name: 'nope' }]);
  assert.equal(nope.ok ? '' : nope.error, "unable to find member 'nope' for struct foo ('$p->nope')");
  const arr = subprogram(fx.path('prog-o0'), 'f').params[7];
  assert.deepEqual(arr?.access([{ kind: 'index' }]), {
    ok: true,
    ops: [{ kind: 'index', scale: 4 }],
    value: { kind: 'integer', size: 4, isSigned: true, pointer: false },
    cType: 'int',
  });
});

test('-O0 locals sit at the frame base (CFA = rsp + 8 at the entry)', (t) => {
  if (fx === undefined) return t.skip(missing);
  const main = subprogram(fx.path('prog-o0'), 'main');
  assert.deepEqual(
    main.locals.map((l) => `${l.name}:${l.typeName}`),
    ['in:struct inner', 'fo:struct foo', 'a:int[]', 's:struct small', 'l:long int'],
  );
  for (const l of main.locals) assert.equal(l.location.kind, 'stack');
  const local = subprogram(fx.path('prog-o0'), 'f').locals[0];
  assert.ok(local?.location.kind === 'stack' && local.location.offset < 0);
});

test('a binary without -g has no DWARF: missing, not an error', (t) => {
  if (fx === undefined) return t.skip(missing);
  const r = readDwarf(fx.path('prog-nodebug'));
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.missing, true);
  const elf = readElf(fx.path('prog-nodebug'));
  assert.ok(elf.ok);
  const q = userSubprogram(fx.path('prog-nodebug'), elf.elf.findFunctions('f')[0]?.value ?? 0n, 'f');
  assert.equal(q.ok, false);
  assert.equal(!q.ok && q.missing, true);
});

test('-L lists $return:TYPE, the parameters, then the locals the entry can read (stap saveargs)', (t) => {
  if (fx === undefined) return t.skip(missing);
  const point = (file: string, name: string, site: 'function' | 'return'): UserProbePoint => {
    const elf = readElf(fx?.path(file) ?? '');
    assert.ok(elf.ok);
    const sym = elf.elf.findFunctions(name)[0];
    assert.ok(sym !== undefined);
    const path = elf.elf.path;
    return {
      family: 'process',
      site,
      path,
      offset: 0n,
      symbol: name,
      debug: () => userSubprogram(path, sym.value, name),
    };
  };
  assert.deepEqual(userVariableList(point('prog-o0', 'f', 'function')), [
    '$x:int',
    '$p:foo_t*',
    '$s:char const*',
    '$u:short unsigned int',
    '$c:enum color',
    '$sc:signed char',
    '$l7:long int',
    '$arr:int*',
    '$local:int',
  ]);
  // -O1: `local` has a location list, not read at the entry, so not listed.
  assert.deepEqual(userVariableList(point('prog-dw4', 'h', 'return')), [
    '$return:struct big',
    '$x:int',
    '$p:long int*',
  ]);
  assert.deepEqual(userVariableList(point('prog-nodebug', 'f', 'return')), ['$return:long']);
  assert.deepEqual(userVariableList(point('prog-nodebug', 'f', 'function')), []);
});

test('two units: .debug_aranges picks the unit holding an address, parsed on demand', (t) => {
  if (fx === undefined) return t.skip(missing);
  const file = fx.path('prog-two');
  const dwarf = info(file);
  assert.equal(dwarf.units.length, 2);
  const elf = readElf(file);
  assert.ok(elf.ok);
  const other = elf.elf.findFunctions('other')[0];
  assert.ok(other !== undefined);
  const units = dwarf.unitsAt(other.value);
  assert.equal(units.length, 1);
  assert.equal(units[0]?.offset, dwarf.units[1]?.offset);
  const q = userSubprogram(file, other.value, 'other');
  assert.ok(q.ok);
  assert.deepEqual(spelled(q.subprogram), ['p:struct pair*', 'n:long unsigned int']);
  compareWithReadelf(file, 10);
});

test('a stripped binary: its DWARF from the separate debug file .gnu_debuglink names', (t) => {
  if (fx === undefined) return t.skip(missing);
  const r = readDwarf(fx.path('prog-split'));
  assert.equal(!r.ok && r.missing && r.debugLink, 'prog-split.debug');
  assert.deepEqual(spelled(subprogram(fx.path('prog-split'), 'h')), ['x:int', 'p:long int*']);
  assert.deepEqual(separateDebugFiles('/usr/bin/prog', 'abcdef12', 'prog.debug', '/dbg'), [
    '/dbg/.build-id/ab/cdef12.debug',
    '/usr/bin/prog.debug',
    '/usr/bin/.debug/prog.debug',
    '/dbg/usr/bin/prog.debug',
  ]);
});

test('the declaration file and line from the line table header (DWARF 5 and 4)', (t) => {
  if (fx === undefined) return t.skip(missing);
  const line = PROGRAM.split('\n').findIndex((l) => l.startsWith('long f(')) + 1;
  for (const file of ['prog-o0', 'prog-dw4'])
    assert.deepEqual(subprogram(fx.path(file), 'f').source, { file: fx.path('prog.c'), line });
  assert.deepEqual(subprogram(fx.path('prog-two'), 'other').source, { file: fx.path('other.c'), line: 2 });
});

test('unit globals: at a fixed offset from the function entry (the uprobe ip), not in $$vars', (t) => {
  if (fx === undefined) return t.skip(missing);
  const file = fx.path('prog-o0');
  const elf = readElf(file);
  assert.ok(elf.ok);
  const sink = elf.elf.symbols().find((s) => s.name === 'sink');
  const f = elf.elf.findFunctions('f')[0];
  assert.ok(sink !== undefined && f !== undefined);
  const globals = subprogram(file, 'f').globals;
  const g = globals.find((v) => v.name === 'sink');
  assert.deepEqual(g?.location, { kind: 'static', offset: sink.value - f.value });
  assert.equal(g?.typeName, 'long int volatile');
  assert.deepEqual(
    subprogram(file, 'f').locals.map((l) => l.name),
    ['local'],
  );
});
