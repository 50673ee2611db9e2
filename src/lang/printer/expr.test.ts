import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type {
  AssignExpr,
  AtVarExpr,
  AutocastExpr,
  BinaryExpr,
  CallExpr,
  CastExpr,
  ComparisonExpr,
  ConcatExpr,
  CrementExpr,
  DefinedExpr,
  DerefExpr,
  EmbeddedExpr,
  EntryExpr,
  EnumNameExpr,
  Expr,
  HistOp,
  IndexExpr,
  InExpr,
  LogicalExpr,
  PrintExpr,
  RegexExpr,
  StatExpr,
  TargetSymbolExpr,
  TernaryExpr,
  UnaryExpr,
} from '../ast.js';
import { printExpr } from '../printer.js';
import { expr, member, node, num, pretty, str, subscript, sym } from './ast-fixtures.js';

const bin = (op: BinaryExpr['op'], left: Expr, right: Expr) =>
  expr<BinaryExpr>({ kind: 'Binary', op, left, right });
const logical = (op: LogicalExpr['op'], left: Expr, right: Expr) =>
  expr<LogicalExpr>({ kind: 'Logical', op, left, right });
const cmp = (op: ComparisonExpr['op'], left: Expr, right: Expr) =>
  expr<ComparisonExpr>({ kind: 'Comparison', op, left, right });
const assign = (op: AssignExpr['op'], left: Expr, right: Expr) =>
  expr<AssignExpr>({ kind: 'Assign', op, left, right });
const unary = (op: UnaryExpr['op'], operand: Expr) => expr<UnaryExpr>({ kind: 'Unary', op, operand });
const concat = (...operands: Expr[]) => expr<ConcatExpr>({ kind: 'Concat', operands });
const inExpr = (indexes: (Expr | null)[], base: InExpr['base']) =>
  expr<InExpr>({ kind: 'In', indexes, base });
const index = (base: IndexExpr['base'], ...indexes: (Expr | null)[]) =>
  expr<IndexExpr>({ kind: 'Index', base, indexes });
const ternary = (cond: Expr, then: Expr, otherwise: Expr) =>
  expr<TernaryExpr>({ kind: 'Ternary', cond, then, otherwise });
const hist = (stat: Expr, ...params: bigint[]) =>
  node<HistOp>({ kind: 'Hist', histKind: params.length === 0 ? 'log' : 'linear', stat, params });
const target = (name: string, ...components: TargetSymbolExpr['components']) =>
  expr<TargetSymbolExpr>({ kind: 'TargetSymbol', name, components, addressOf: false });

describe('printExpr: literals', () => {
  test('numbers print in decimal', () => {
    assert.equal(printExpr(num(0)), '0');
    assert.equal(printExpr(num(42)), '42');
    assert.equal(printExpr(num(9223372036854775807n)), '9223372036854775807');
  });

  test('negative numbers print as unsigned hex, which wraps back to the same value', () => {
    assert.equal(printExpr(num(-1)), '0xffffffffffffffff');
    assert.equal(printExpr(num(-5)), '0xfffffffffffffffb');
    assert.equal(printExpr(num(-9223372036854775808n)), '0x8000000000000000');
  });

  test('strings are re-escaped', () => {
    assert.equal(printExpr(str('plain')), '"plain"');
    assert.equal(printExpr(str('a\nb\tc')), '"a\\nb\\tc"');
    assert.equal(printExpr(str('say "hi" \\ bye')), '"say \\"hi\\" \\\\ bye"');
    assert.equal(printExpr(str('\x00\x07\r\x1b\x7f')), '"\\000\\007\\015\\033\\177"');
    assert.equal(printExpr(str('\xe9\xff')), '"\\351\\377"');
    assert.equal(printExpr(str('\x012')), '"\\0012"', 'three digits, so a following digit is not swallowed');
    assert.equal(printExpr(str('%d #x //y')), '"%d #x //y"');
    assert.equal(
      printExpr(str('\u20ac')),
      '"\\342\\202\\254"',
      'a char above 255 is written as its UTF-8 bytes',
    );
  });
});

describe('printExpr: operators as stap prints them', () => {
  test('binary, logical, comparison and assignment operands are always parenthesized', () => {
    assert.equal(printExpr(bin('+', sym('a'), num(1))), '(a) + (1)');
    assert.equal(printExpr(bin('>>>', sym('a'), num(3))), '(a) >>> (3)');
    assert.equal(printExpr(logical('&&', sym('a'), sym('b'))), '(a) && (b)');
    assert.equal(printExpr(cmp('<=', sym('a'), sym('b'))), '(a) <= (b)');
    assert.equal(printExpr(assign('=', sym('x'), num(1))), '(x) = (1)');
    assert.equal(printExpr(assign('<<<', sym('s'), sym('v'))), '(s) <<< (v)');
    assert.equal(printExpr(assign('.=', sym('s'), str('x'))), '(s) .= ("x")');
  });

  test('nesting keeps the tree shape whatever the precedence', () => {
    // a - (b - c) and (a - b) - c
    assert.equal(printExpr(bin('-', sym('a'), bin('-', sym('b'), sym('c')))), '(a) - ((b) - (c))');
    assert.equal(printExpr(bin('-', bin('-', sym('a'), sym('b')), sym('c'))), '((a) - (b)) - (c)');
    // (a + b) * c
    assert.equal(printExpr(bin('*', bin('+', sym('a'), sym('b')), sym('c'))), '((a) + (b)) * (c)');
    // (x = 1) + 2
    assert.equal(printExpr(bin('+', assign('=', sym('x'), num(1)), num(2))), '((x) = (1)) + (2)');
  });

  test('regex: the pattern stays a bare string literal', () => {
    const pattern = str('^a.*\\d$');
    const e = expr<RegexExpr>({ kind: 'Regex', op: '!~', left: concat(sym('a'), sym('b')), pattern });
    assert.equal(printExpr(e), '((a . b)) !~ "^a.*\\\\d$"');
  });

  test('ternary', () => {
    assert.equal(printExpr(ternary(sym('c'), num(1), num(2))), '(c)?(1):(2)');
    assert.equal(
      printExpr(ternary(ternary(sym('a'), sym('b'), sym('c')), sym('d'), assign('=', sym('x'), num(1)))),
      '((a)?(b):(c))?(d):((x) = (1))',
    );
  });

  test('unary operators wrap their operand, so - - and -- never touch', () => {
    assert.equal(printExpr(unary('-', sym('x'))), '-(x)');
    assert.equal(printExpr(unary('-', unary('-', sym('x')))), '-(-(x))');
    assert.equal(printExpr(unary('-', num(5))), '-(5)');
    assert.equal(printExpr(unary('-', num(-5))), '-(0xfffffffffffffffb)');
    assert.equal(printExpr(unary('!', unary('~', sym('x')))), '!(~(x))');
    assert.equal(printExpr(unary('+', sym('x'))), '+(x)');
  });

  test('increments and decrements', () => {
    const pre = expr<CrementExpr>({ kind: 'PreCrement', op: '++', operand: sym('i') });
    const post = expr<CrementExpr>({ kind: 'PostCrement', op: '--', operand: index(sym('a'), num(1)) });
    assert.equal(printExpr(pre), '++(i)');
    assert.equal(printExpr(post), '(a[1])--');
    assert.equal(printExpr(unary('-', pre)), '-(++(i))');
  });

  test('concatenation is n-ary; operands binding looser than + - are parenthesized', () => {
    assert.equal(printExpr(concat(sym('a'), str('b'), sym('c'))), '(a . "b" . c)');
    assert.equal(printExpr(concat(bin('+', sym('a'), num(1)), sym('b'))), '((a) + (1) . b)');
    assert.equal(printExpr(concat(bin('*', sym('a'), num(1)), sym('b'))), '((a) * (1) . b)');
    assert.equal(printExpr(concat(bin('<<', sym('a'), num(1)), sym('b'))), '(((a) << (1)) . b)');
    assert.equal(printExpr(concat(cmp('==', sym('a'), sym('b')), sym('c'))), '(((a) == (b)) . c)');
    assert.equal(printExpr(concat(ternary(sym('a'), sym('b'), sym('c')), sym('d'))), '(((a)?(b):(c)) . d)');
    assert.equal(printExpr(concat(concat(sym('a'), sym('b')), sym('c'))), '((a . b) . c)');
    assert.equal(printExpr(concat(unary('-', sym('a')), sym('b'))), '(-(a) . b)');
  });

  test('`in` is always bracketed; indexes binding looser than comparisons are parenthesized', () => {
    assert.equal(printExpr(inExpr([sym('k')], sym('a'))), '[k] in a');
    assert.equal(printExpr(inExpr([sym('k'), null, num(2)], sym('a'))), '[k, *, 2] in a');
    assert.equal(printExpr(inExpr([cmp('<', sym('a'), sym('b'))], sym('a'))), '[(a) < (b)] in a');
    assert.equal(printExpr(inExpr([bin('&', sym('a'), sym('b'))], sym('m'))), '[((a) & (b))] in m');
    assert.equal(printExpr(inExpr([inExpr([sym('x')], sym('a'))], sym('b'))), '[([x] in a)] in b');
    assert.equal(
      printExpr(inExpr([ternary(sym('a'), sym('b'), sym('c'))], sym('m'))),
      '[((a)?(b):(c))] in m',
    );
    assert.equal(printExpr(inExpr([num(1)], hist(sym('s')))), '[1] in @hist_log(s)');
    assert.equal(printExpr(logical('||', inExpr([sym('k')], sym('a')), sym('b'))), '([k] in a) || (b)');
  });
});

describe('printExpr: names, indexing, calls, print family', () => {
  test('symbols and array indexing', () => {
    assert.equal(printExpr(sym('x')), 'x');
    assert.equal(printExpr(index(sym('a'), sym('i'), bin('+', sym('j'), num(1)))), 'a[i, (j) + (1)]');
    assert.equal(printExpr(index(sym('a'), null, num(1))), 'a[*, 1]');
    assert.equal(printExpr(index(sym('a'), assign('=', sym('x'), num(1)))), 'a[(x) = (1)]');
    assert.equal(printExpr(index(hist(sym('s'), 0n, 100n, 10n), num(3))), '@hist_linear(s, 0, 100, 10)[3]');
  });

  test('function calls', () => {
    assert.equal(printExpr(expr<CallExpr>({ kind: 'Call', name: 'execname', args: [] })), 'execname()');
    const call = expr<CallExpr>({ kind: 'Call', name: 'f', args: [sym('a'), concat(sym('b'), sym('c'))] });
    assert.equal(printExpr(call), 'f(a, (b . c))');
  });

  test('print family: format or delimiter first, then the arguments', () => {
    const print = (fields: Omit<PrintExpr, 'kind' | 'span'>) =>
      printExpr(expr<PrintExpr>({ kind: 'Print', ...fields }));
    assert.equal(print({ name: 'printf', format: '%d\n', args: [sym('x')] }), 'printf("%d\\n", x)');
    assert.equal(print({ name: 'sprintf', format: 'plain', args: [] }), 'sprintf("plain")');
    assert.equal(print({ name: 'printd', delimiter: ',', args: [sym('a'), sym('b')] }), 'printd(",", a, b)');
    assert.equal(
      print({ name: 'sprintdln', delimiter: '\t', args: [sym('a'), sym('b')] }),
      'sprintdln("\\t", a, b)',
    );
    assert.equal(print({ name: 'print', args: [sym('a')] }), 'print(a)');
    assert.equal(print({ name: 'println', args: [] }), 'println()');
    assert.equal(print({ name: 'print', hist: hist(sym('s')), args: [] }), 'print(@hist_log(s))');
    assert.equal(
      print({ name: 'println', hist: hist(index(sym('s'), sym('k')), -10n, 10n, 2n), args: [] }),
      'println(@hist_linear(s[k], -10, 10, 2))',
    );
    assert.equal(
      print({ name: 'print', args: [index(hist(sym('s')), num(2)), sym('x')] }),
      'print(@hist_log(s)[2], x)',
    );
  });

  test('statistics', () => {
    const stat = (s: StatExpr['stat'], operand: Expr, ...params: bigint[]) =>
      printExpr(expr<StatExpr>({ kind: 'Stat', stat: s, operand, params }));
    assert.equal(stat('count', sym('s')), '@count(s)');
    assert.equal(stat('avg', index(sym('s'), sym('k'))), '@avg(s[k])');
    assert.equal(stat('variance', sym('s'), 2n), '@variance(s, 2)');
    assert.equal(printExpr(bin('/', stat2('sum'), stat2('count'))), '(@sum(s)) / (@count(s))');
  });
});

function stat2(s: StatExpr['stat']): StatExpr {
  return expr<StatExpr>({ kind: 'Stat', stat: s, operand: sym('s'), params: [] });
}

describe('printExpr: target expressions', () => {
  test('$variables with components', () => {
    assert.equal(printExpr(target('$foo')), '$foo');
    assert.equal(
      printExpr(target('$foo', member('bar'), subscript(num(2)), pretty('$$'))),
      '$foo->bar[2]->$$',
    );
    assert.equal(printExpr(target('$x', subscript(bin('+', sym('i'), num(1))))), '$x[(i) + (1)]');
    assert.equal(printExpr(target('$$parms', pretty('$'))), '$$parms->$');
    assert.equal(printExpr(target('$p', member('return'))), '$p->return');
    const addr = expr<TargetSymbolExpr>({
      kind: 'TargetSymbol',
      name: '$x',
      components: [],
      addressOf: true,
    });
    assert.equal(printExpr(addr), '&$x');
    assert.equal(printExpr(bin('&', sym('a'), addr)), '(a) & (&$x)');
  });

  test('@cast and @var', () => {
    const cast = (module?: string) =>
      expr<CastExpr>({
        kind: 'Cast',
        operand: sym('p'),
        typeName: 'task_struct',
        ...(module === undefined ? {} : { module }),
        components: [member('pid')],
        addressOf: false,
      });
    assert.equal(printExpr(cast('kernel')), '@cast(p, "task_struct", "kernel")->pid');
    assert.equal(printExpr(cast()), '@cast(p, "task_struct")->pid');
    const atVar = expr<AtVarExpr>({
      kind: 'AtVar',
      target: 'jiffies@kernel/time.c',
      module: 'kernel',
      components: [],
      addressOf: true,
    });
    assert.equal(printExpr(atVar), '&@var("jiffies@kernel/time.c", "kernel")');
  });

  test('autocast parenthesizes its operand', () => {
    const auto = (operand: Expr, ...components: AutocastExpr['components']) =>
      expr<AutocastExpr>({ kind: 'Autocast', operand, components, addressOf: false });
    assert.equal(printExpr(auto(sym('x'), member('y'))), '(x)->y');
    assert.equal(printExpr(auto(sym('x'), subscript(num(1)))), '(x)[1]');
    assert.equal(printExpr(auto(target('$t'), member('a'))), '($t)->a');
    assert.equal(printExpr(auto(bin('+', sym('p'), num(8)), member('a'), pretty('$'))), '((p) + (8))->a->$');
    const addr = expr<AutocastExpr>({ kind: 'Autocast', operand: sym('x'), components: [], addressOf: true });
    assert.equal(printExpr(addr), '&(x)');
  });

  test('other @-operators', () => {
    assert.equal(
      printExpr(expr<DefinedExpr>({ kind: 'Defined', operand: target('$x', member('y')) })),
      '@defined($x->y)',
    );
    assert.equal(printExpr(expr<EntryExpr>({ kind: 'Entry', operand: target('$x') })), '@entry($x)');
    assert.equal(printExpr(expr({ kind: 'ProbeWrite', name: 'x' })), '@probewrite(x)');
    assert.equal(printExpr(expr({ kind: 'Perf', counter: 'cycles' })), '@perf("cycles")');
    assert.equal(printExpr(expr({ kind: 'Const', name: 'O_RDONLY' })), '@const("O_RDONLY")');
    assert.equal(printExpr(expr({ kind: 'Enum', name: 'TASK_RUNNING' })), '@enum("TASK_RUNNING")');
    const enumName = (typeName?: string, module?: string) =>
      printExpr(
        expr<EnumNameExpr>({
          kind: 'EnumName',
          operand: sym('v'),
          ...(typeName === undefined ? {} : { typeName }),
          ...(module === undefined ? {} : { module }),
        }),
      );
    assert.equal(enumName(), '@enumname(v)');
    assert.equal(enumName('enum pid_type'), '@enumname(v, "enum pid_type")');
    assert.equal(enumName('enum pid_type', 'kernel'), '@enumname(v, "enum pid_type", "kernel")');
    assert.equal(printExpr(expr({ kind: 'Register', user: false, regno: 3n })), '@kregister(3)');
    assert.equal(printExpr(expr({ kind: 'Register', user: true, regno: 0n })), '@uregister(0)');
    assert.equal(
      printExpr(expr<DerefExpr>({ kind: 'Deref', user: true, size: 4n, addr: sym('p') })),
      '@uderef(4, p)',
    );
    assert.equal(
      printExpr(expr<DerefExpr>({ kind: 'Deref', user: false, size: 8n, addr: sym('p') })),
      '@kderef(8, p)',
    );
    assert.equal(
      printExpr(expr<EmbeddedExpr>({ kind: 'EmbeddedExpr', code: ' THIS->x /* pure */ ' })),
      '%{ THIS->x /* pure */ %}',
    );
  });
});
