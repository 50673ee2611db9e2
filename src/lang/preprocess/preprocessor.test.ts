import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderDiagnostic } from '../../diag/index.js';
import { strtoll } from './condition.js';
import { expand, type FakeMachine, messages, preprocess } from './preprocess-fixtures.js';

/** Which branch `%( COND %? yes %: no %)` keeps, or the diagnostics if there are any. */
function branch(cond: string, m: FakeMachine = {}): string {
  const { tokens, diagnostics } = preprocess(`%( ${cond} %? yes %: no %)`, m);
  if (diagnostics.length > 0) return messages(diagnostics).join('; ');
  return tokens.map((t) => t.text).join(' ');
}

describe('conditions on versions', () => {
  it('compares kernel_v in version order with every operator', () => {
    const m = { kernelVersion: '2.6.32' };
    assert.equal(branch('kernel_v > "2.6.9"', m), 'yes');
    assert.equal(branch('kernel_v >= "2.6.32"', m), 'yes');
    assert.equal(branch('kernel_v < "2.6.32"', m), 'no');
    assert.equal(branch('kernel_v <= "2.6.32"', m), 'yes');
    assert.equal(branch('kernel_v == "2.6.32"', m), 'yes');
    assert.equal(branch('kernel_v != "2.6.32"', m), 'no');
    assert.equal(branch('kernel_v < "2.6.100"', m), 'yes');
  });

  it('uses the full release for kernel_vr and the language version for systemtap_v', () => {
    const m = { kernelVersion: '6.8.0', kernelRelease: '6.8.0-45-generic', compatible: '4.2' };
    assert.equal(branch('kernel_vr > "6.8.0"', m), 'yes');
    assert.equal(branch('kernel_v > "6.8.0"', m), 'no');
    assert.equal(branch('systemtap_v >= "4.0"', m), 'yes');
    assert.equal(branch('systemtap_v < "4.10"', m), 'yes');
    assert.equal(branch('systemtap_v == "4.2"', m), 'yes');
  });

  it('matches wildcards with == and != only', () => {
    const m = { kernelRelease: '6.8.0-45-generic' };
    assert.equal(branch('kernel_vr == "6.8.*"', m), 'yes');
    assert.equal(branch('kernel_vr != "6.8.*"', m), 'no');
    assert.equal(branch('kernel_vr == "*-generic"', m), 'yes');
    assert.equal(branch('kernel_vr == "6.[0-7].*"', m), 'no');
    assert.equal(branch('kernel_vr == "6.8.0-4?-generic"', m), 'yes');
    assert.equal(
      branch('kernel_vr >= "6.*"', m),
      'P232 wildcard not allowed with order comparison operators @1:14',
    );
  });

  it('wants a string and a comparison operator', () => {
    assert.equal(branch('kernel_v >= 3'), 'P231 expected string literal @1:16');
    assert.equal(branch('systemtap_v = "3"'), 'P230 expected comparison operator @1:16');
  });

  it('records the last systemtap_v test for the parser', () => {
    const { preprocessor } = preprocess('%( systemtap_v >= "4.0" %? a %)');
    assert.equal(preprocessor.systemtapVersionSeen?.text, '4.0');
    assert.equal(preprocess('%( arch == "x" %? a %)').preprocessor.systemtapVersionSeen, undefined);
  });
});

describe('conditions on the machine', () => {
  it('matches arch and runtime as wildcards', () => {
    assert.equal(branch('arch == "x86_64"'), 'yes');
    assert.equal(branch('arch == "i?86"', { arch: 'i686' }), 'yes');
    assert.equal(branch('arch != "i?86"', { arch: 'i686' }), 'no');
    assert.equal(branch('arch == "arm*"', { arch: 'arm64' }), 'yes');
    assert.equal(branch('runtime == "bpf"'), 'yes');
    assert.equal(branch('runtime != "kernel"'), 'yes');
    assert.equal(branch('runtime == "dyn*"'), 'no');
    assert.equal(branch('arch < "x"'), "P233 expected '==' or '!=' @1:9");
    assert.equal(branch('runtime == 1'), 'P231 expected string literal @1:15');
    assert.equal(branch('arch == kernel'), 'P231 expected string literal @1:12');
  });

  it('compares systemtap_privilege exactly', () => {
    assert.equal(branch('systemtap_privilege == "stapusr"', { privilege: 'stapusr' }), 'yes');
    assert.equal(branch('systemtap_privilege != "stapusr"'), 'yes');
    assert.equal(branch('systemtap_privilege == "stap*"'), 'no');
    assert.equal(branch('systemtap_privilege >= "stapusr"'), "P233 expected '==' or '!=' @1:24");
  });

  it('compares guru_mode with 0 or 1', () => {
    assert.equal(branch('guru_mode == 0'), 'yes');
    assert.equal(branch('guru_mode == 1', { guruMode: true }), 'yes');
    assert.equal(branch('guru_mode != 1', { guruMode: true }), 'no');
    assert.equal(branch('guru_mode == 2'), 'P235 expected 0 or 1 @1:14');
    assert.equal(branch('guru_mode < 1'), "P233 expected '==' or '!=' @1:14");
    assert.equal(branch('guru_mode == "1"'), 'P234 expected number @1:17');
  });
});

describe('conditions on the kernel configuration', () => {
  const config = {
    CONFIG_BPF: 'y',
    CONFIG_EXT4_FS: 'm',
    CONFIG_HZ: '250',
    CONFIG_NR_CPUS: '0x40',
    CONFIG_LOG: '017',
  };

  it('matches an option against a wildcard string (unset is "")', () => {
    assert.equal(branch('CONFIG_BPF == "y"', { config }), 'yes');
    assert.equal(branch('CONFIG_EXT4_FS == "[ym]"', { config }), 'yes');
    assert.equal(branch('CONFIG_EXT4_FS != "y"', { config }), 'yes');
    assert.equal(branch('CONFIG_MISSING == ""', { config }), 'yes');
    assert.equal(branch('CONFIG_MISSING == "*"', { config }), 'yes');
    assert.equal(branch('CONFIG_MISSING == "?*"', { config }), 'no');
    assert.equal(branch('CONFIG_BPF < "z"', { config }), "P233 expected '==' or '!=' @1:15");
  });

  it('compares an option with a number, reading the option as C does (unset is 0)', () => {
    assert.equal(branch('CONFIG_HZ >= 250', { config }), 'yes');
    assert.equal(branch('CONFIG_HZ < 250', { config }), 'no');
    assert.equal(branch('CONFIG_NR_CPUS == 64', { config }), 'yes');
    assert.equal(branch('CONFIG_LOG == 15', { config }), 'yes');
    assert.equal(branch('CONFIG_MISSING == 0', { config }), 'yes');
    assert.equal(branch('CONFIG_BPF == 1', { config }), 'P236 Config option value not a number @1:4');
    assert.equal(branch('CONFIG_HZ = 1', { config }), 'P230 expected comparison operator @1:14');
  });

  it('compares two options as numbers when both are, else as strings', () => {
    assert.equal(branch('CONFIG_NR_CPUS > CONFIG_HZ', { config }), 'no');
    assert.equal(branch('CONFIG_NR_CPUS < CONFIG_HZ', { config }), 'yes');
    assert.equal(branch('CONFIG_BPF > CONFIG_EXT4_FS', { config }), 'yes');
    assert.equal(branch('CONFIG_BPF != CONFIG_MISSING', { config }), 'yes');
    assert.equal(branch('CONFIG_HZ == CONFIG_HZ', { config }), 'yes');
  });

  it('wants a string, a number or another CONFIG_ on the right', () => {
    assert.equal(
      branch('CONFIG_HZ == HZ', { config }),
      'P237 expected string, number literal or other CONFIG_... as right side operand @1:17',
    );
  });

  it('reads option values as strtoll(s, 0, 0) must read all of them', () => {
    assert.equal(strtoll(''), 0n);
    assert.equal(strtoll(' -12'), -12n);
    assert.equal(strtoll('+0x1F'), 31n);
    assert.equal(strtoll('010'), 8n);
    assert.equal(strtoll('9223372036854775807'), 9223372036854775807n);
    assert.equal(strtoll('-9223372036854775808'), -9223372036854775808n);
    for (const bad of ['9223372036854775808', '0x', '08', '12 ', ' ', '-', 'y', '1.5']) {
      assert.equal(strtoll(bad), undefined, bad);
    }
  });
});

describe('conditions between literals', () => {
  it('compares strings and numbers', () => {
    assert.equal(branch('"abc" < "abd"'), 'yes');
    assert.equal(branch('"b" >= "abc"'), 'yes');
    assert.equal(branch('"x*" == "xy"'), 'no');
    assert.equal(branch('2 > 10'), 'no');
    assert.equal(branch('10 != 10'), 'no');
    assert.equal(branch('9223372036854775807 > 0'), 'yes');
  });

  it('reads condition numbers as decimal, as stap`s lex_cast does', () => {
    assert.equal(branch('010 == 10'), 'yes');
    assert.equal(branch('0x10 == 16'), 'P241 bad lexical cast @1:4');
    assert.equal(branch('1 == 9223372036854775808'), 'P241 bad lexical cast @1:9');
  });

  it('compares script arguments', () => {
    assert.equal(branch('$# == 2', { args: ['a', 'b'] }), 'yes');
    assert.equal(branch('@1 == "a"', { args: ['a', 'b'] }), 'yes');
    assert.equal(branch('$2 > 5', { args: ['a', '7'] }), 'yes');
    assert.equal(branch('@# == "0"'), 'yes');
    assert.equal(branch('$1 == 1'), 'P103 command line argument out of range [1-0] @1:4');
  });

  it('rejects mixed or unknown operands with stap`s messages', () => {
    assert.equal(branch('"a" == 1'), 'P238 expected string literal as right value @1:11');
    assert.equal(branch('1 == "a"'), 'P239 expected number literal as right value @1:9');
    assert.equal(
      branch('foo == 1'),
      "P240 expected 'arch', 'kernel_v', 'kernel_vr', 'systemtap_v',\n" +
        "             'runtime', 'systemtap_privilege', 'CONFIG_...', or\n" +
        '             comparison between strings or integers @1:4',
    );
    assert.equal(branch('"a" "b" "c"'), 'P230 expected comparison operator @1:8');
  });
});

describe('combined conditions', () => {
  it('binds && tighter than ||', () => {
    assert.equal(branch('1 == 0 && 1 == 1 || 1 == 1'), 'yes');
    assert.equal(branch('1 == 1 || 1 == 0 && 1 == 0'), 'yes');
    assert.equal(branch('1 == 0 || 1 == 1 && 1 == 0'), 'no');
    assert.equal(branch('1 == 1 && 2 == 2 && 3 == 3'), 'yes');
    assert.equal(branch('1 == 0 || 2 == 0 || 3 == 3'), 'yes');
  });

  it('evaluates every test, so an error after a decided || is still reported', () => {
    assert.match(branch('1 == 1 || foo == 1'), /^P240 /);
  });
});

describe('conditional branches', () => {
  it('keeps the then or else branch, and nothing without else', () => {
    assert.equal(expand('a %( 1 == 1 %? b %: c %) d'), 'a b d');
    assert.equal(expand('a %( 1 == 0 %? b %: c %) d'), 'a c d');
    assert.equal(expand('a %( 1 == 0 %? b %) d'), 'a d');
    assert.equal(expand('a %( 1 == 1 %? %: c %) d'), 'a d');
  });

  it('nests', () => {
    const text = '%( 1 == 1 %? A %( 2 == 2 %? B %: C %) D %: E %( 3 == 3 %? F %) G %) H';
    assert.equal(expand(text), 'A B D H');
    assert.equal(expand(text.replace('1 == 1', '1 == 0')), 'E F G H');
    assert.equal(expand(text.replace('2 == 2', '2 == 0')), 'A C D H');
  });

  it('skips a branch without evaluating or reporting what is in it', () => {
    const { tokens, diagnostics } = preprocess('%( 1 == 0 %? %( foo bar %? x %) $9 \x01 "open\n %: ok %)');
    assert.deepEqual(
      tokens.map((t) => t.text),
      ['ok'],
    );
    assert.deepEqual(diagnostics, []);
  });

  it('passes lexer junk through in a kept branch', () => {
    const { tokens } = preprocess('%( 1 == 1 %? $9 %)');
    assert.equal(tokens[0]?.junk, 'arg-out-of-range');
  });

  it('reports every conditional left open at the end, innermost first', () => {
    const { tokens, diagnostics } = preprocess('%( 1 == 1 %? a %( 1 == 0 %? b');
    assert.deepEqual(
      tokens.map((t) => t.text),
      ['a'],
    );
    assert.deepEqual(messages(diagnostics), [
      'P220 incomplete conditional at end of file @1:16',
      'P220 incomplete conditional at end of file @1:1',
    ]);
  });

  it('reports stray markers', () => {
    assert.deepEqual(messages(preprocess('a %? b %: c %) d').diagnostics), [
      "P221 incomplete conditional - missing '%(' @1:3",
      "P221 incomplete conditional - missing '%(' @1:8",
      "P221 incomplete conditional - missing '%(' @1:13",
    ]);
    assert.equal(expand('a %? b %: c %) d'), 'a b c d');
  });

  it('reports a second %:', () => {
    const { tokens, diagnostics } = preprocess('%( 1 == 1 %? a %: b %: c %) d');
    assert.deepEqual(messages(diagnostics), ["P222 invalid conditional - duplicate '%:' @1:21"]);
    assert.deepEqual(
      tokens.map((t) => t.text),
      ['a', 'd'],
    );
    assert.deepEqual(messages(preprocess('%( 1 == 0 %? a %: b %: c %) d').diagnostics), [
      "P222 invalid conditional - duplicate '%:' @1:21",
    ]);
  });

  it('reports a missing %? and drops the whole conditional', () => {
    const { tokens, diagnostics } = preprocess('x %( 1 == 1 y %? a %: b %) z');
    assert.deepEqual(messages(diagnostics), ["P224 expected '%?' marker for conditional @1:3"]);
    assert.deepEqual(
      tokens.map((t) => t.text),
      ['x', 'z'],
    );
    assert.equal(expand('x %( 1 == 1 %: b %) z'), 'x z');
  });

  it('reports a condition cut short by the end of the file', () => {
    assert.deepEqual(messages(preprocess('x %( arch ==').diagnostics), [
      "P223 incomplete condition after '%(' @1:3",
    ]);
  });

  it('drops both branches after a malformed condition and reports only its first error', () => {
    const { tokens, diagnostics } = preprocess('x %( foo == 1 || bar == 2 %? a %: b %) z');
    assert.deepEqual(
      tokens.map((t) => t.text),
      ['x', 'z'],
    );
    assert.equal(diagnostics.length, 1);
    assert.equal(expand('x %( arch == %? a %: b %) z'), 'x z');
  });

  it('reports in stap`s form, blaming the offending token', () => {
    const { diagnostics } = preprocess('probe begin {\n  %( arch <= "x86_64" %? a %) }');
    const d = diagnostics[0]!;
    assert.equal(d.category, 'parse');
    assert.equal(d.severity, 'error');
    assert.deepEqual(d.subject, { label: 'at', description: "operator '<='" });
    assert.equal(
      renderDiagnostic(d),
      "parse error: expected '==' or '!='\n" +
        "         at: operator '<=' at t.stp:2:11\n" +
        '     source:   %( arch <= "x86_64" %? a %) }\n' +
        '                       ^\n\n',
    );
  });
});
