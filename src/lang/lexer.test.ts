import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagnosticBag, makeSource } from '../diag/index.js';
import { junkMessage, Lexer, type LexerOptions } from './lexer.js';
import { decodeEscapes, quoteArgument } from './lexer-escapes.js';
import type { Token } from './token.js';

function lex(text: string, args: readonly string[] = [], options: LexerOptions = {}) {
  const bag = new DiagnosticBag();
  const lexer = new Lexer(makeSource('t.stp', text), args, bag, options);
  const tokens: Token[] = [];
  for (let t = lexer.next(); t; t = lexer.next()) tokens.push(t);
  return { tokens, diagnostics: bag.all, lexer };
}

/** `kind:text` of each token. */
function kinds(text: string, args: readonly string[] = []): string[] {
  return lex(text, args).tokens.map((t) => `${t.kind}:${t.text}`);
}

/** The token texts. */
function texts(text: string, args: readonly string[] = []): string[] {
  return lex(text, args).tokens.map((t) => t.text);
}

/** `line:col start-end` of each token. */
function spans(text: string, args: readonly string[] = []): string[] {
  return lex(text, args).tokens.map((t) => `${t.span.line}:${t.span.col} ${t.span.start}-${t.span.end}`);
}

describe('Lexer token classes', () => {
  it('cuts identifiers, keywords, @words, numbers, strings and operators', () => {
    assert.deepEqual(kinds('probe begin { x = @count(a) + 0x1f; s = "hi" }'), [
      'keyword:probe',
      'identifier:begin',
      'operator:{',
      'identifier:x',
      'operator:=',
      'operator:@count',
      'operator:(',
      'identifier:a',
      'operator:)',
      'operator:+',
      'number:0x1f',
      'operator:;',
      'identifier:s',
      'operator:=',
      'string:hi',
      'operator:}',
    ]);
  });

  it('knows every keyword, and treats other words as identifiers', () => {
    const words =
      'probe global private function if else for foreach in limit return delete while break continue next string long try catch';
    assert.ok(lex(words).tokens.every((t) => t.kind === 'keyword'));
    assert.deepEqual(kinds('Probe probes _if $if'), [
      'identifier:Probe',
      'identifier:probes',
      'identifier:_if',
      'identifier:$if',
    ]);
  });

  it('lets identifiers contain $ and _ and start with $, @ or _', () => {
    assert.deepEqual(kinds('$var $$vars $$parms$ a$b _x9 @my_macro @ $'), [
      'identifier:$var',
      'identifier:$$vars',
      'identifier:$$parms$',
      'identifier:a$b',
      'identifier:_x9',
      'operator:@my_macro',
      'operator:@',
      'identifier:$',
    ]);
  });

  it('makes `private` a keyword only from language version 3.0', () => {
    assert.equal(lex('private', [], { compatible: '2.9' }).tokens[0]?.kind, 'identifier');
    assert.equal(lex('private', [], { compatible: '3.0' }).tokens[0]?.kind, 'keyword');
  });

  it('takes a digit and every letter or digit after it as one number', () => {
    assert.deepEqual(
      kinds('0 42 0x7fffffffffffffff 0x8000000000000000 18446744073709551615 0777 123abc 0x1fUL'),
      [
        'number:0',
        'number:42',
        'number:0x7fffffffffffffff',
        'number:0x8000000000000000',
        'number:18446744073709551615',
        'number:0777',
        'number:123abc',
        'number:0x1fUL',
      ],
    );
    // `_` and `$` do not continue a number; `-` is an operator, not a sign.
    assert.deepEqual(kinds('1_000 2$ -3'), [
      'number:1',
      'identifier:_000',
      'number:2',
      'identifier:$',
      'operator:-',
      'number:3',
    ]);
  });

  it('keeps embedded C verbatim', () => {
    const { tokens, diagnostics } = lex('%{ #include <linux/sched.h>\n  int x = a % b; %} x');
    assert.deepEqual(
      tokens.map((t) => `${t.kind}:${t.text}`),
      ['embedded: #include <linux/sched.h>\n  int x = a % b; ', 'identifier:x'],
    );
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(kinds('%{%}'), ['embedded:']);
  });

  it("warns about `}%` inside embedded C, located at the block's start", () => {
    const { tokens, diagnostics } = lex('x %{ foo }% bar }% %}');
    assert.deepEqual(
      tokens.map((t) => t.text),
      ['x', ' foo }% bar }% '],
    );
    assert.equal(diagnostics.length, 2);
    const d = diagnostics[0]!;
    assert.equal(d.severity, 'warning');
    assert.equal(d.code, 'P110');
    assert.equal(d.message, "possible erroneous closing '}%', use '%}'?");
    assert.equal(d.span?.col, 3);
    assert.deepEqual(d.subject, { label: 'at', description: 'embedded-code' });
    // `}%}` closes: the `%}` inside it ends the block (after the warning).
    const closing = lex('%{ a }%}');
    assert.deepEqual(
      closing.tokens.map((t) => `${t.kind}:${t.text}`),
      ['embedded: a }'],
    );
    assert.equal(closing.diagnostics.length, 1);
  });

  it('makes unclosed embedded C junk, keeping what stap keeps', () => {
    const { tokens } = lex('x %{ int y;');
    assert.equal(tokens[1]?.kind, 'junk');
    assert.equal(tokens[1]?.junk, 'unclosed-embedded');
    assert.equal(tokens[1]?.text, '%{ int y');
    assert.equal(tokens[1]?.span.col, 3);
    assert.equal(lex('%{').tokens[0]?.text, '%{');
  });

  it('makes any other character junk, as stap shows it', () => {
    const { tokens } = lex('a \x01 b \x7f é 😀');
    assert.deepEqual(
      tokens.map((t) => `${t.kind}:${t.text}:${t.junk ?? ''}`),
      [
        'identifier:a:',
        'junk:\\x01:unknown-char',
        'identifier:b:',
        'junk:\\x7f:unknown-char',
        'junk:\\xc3:unknown-char',
        'junk:\\xf0:unknown-char',
      ],
    );
    assert.equal(junkMessage(tokens[1]!, 0), undefined);
  });

  it('takes ASCII punctuation not otherwise used as one-character operators', () => {
    assert.deepEqual(texts("~ ` ' \\ ? : [ ] ."), ['~', '`', "'", '\\', '?', ':', '[', ']', '.']);
  });
});

describe('Lexer operators', () => {
  it('munches maximally', () => {
    assert.deepEqual(texts('a<<<b'), ['a', '<<<', 'b']);
    assert.deepEqual(texts('x>>>=1'), ['x', '>>>', '=', '1']);
    assert.deepEqual(texts('x<<=1 y>>=2 z<<w v>>u'), [
      'x',
      '<<=',
      '1',
      'y',
      '>>=',
      '2',
      'z',
      '<<',
      'w',
      'v',
      '>>',
      'u',
    ]);
    assert.deepEqual(texts('a+++b'), ['a', '++', '+', 'b']);
    assert.deepEqual(texts('a&&&b|||c'), ['a', '&&', '&', 'b', '||', '|', 'c']);
    assert.deepEqual(texts('a---->b'), ['a', '--', '--', '>', 'b']);
    assert.deepEqual(texts('a<<<<b'), ['a', '<<<', '<', 'b']);
    assert.deepEqual(texts('a=!b'), ['a', '=', '!', 'b']);
    assert.deepEqual(texts('%(%?%:%)%%{x%}'), ['%(', '%?', '%:', '%)', '%', 'x']);
  });

  it('knows every two- and three-character operator', () => {
    const ops = [
      '<<<',
      '>>>',
      '<<=',
      '>>=',
      '==',
      '!=',
      '<=',
      '>=',
      '=~',
      '!~',
      '+=',
      '-=',
      '*=',
      '/=',
      '%=',
      '&=',
      '^=',
      '|=',
      '.=',
      '&&',
      '||',
      '++',
      '--',
      '->',
      '<<',
      '>>',
      '%(',
      '%?',
      '%:',
      '%)',
    ];
    for (const op of ops)
      assert.deepEqual(kinds(`a${op}b`), ['identifier:a', `operator:${op}`, 'identifier:b'], op);
  });
});

describe('Lexer strings', () => {
  it('decodes every escape', () => {
    const { tokens } = lex(
      String.raw`"\a\b\t\n\v\f\r\\\"" "\101\7\0\12x\1234" "\x41\x4g\x414" "\q\%\'" "\xg"`,
    );
    assert.deepEqual(
      tokens.map((t) => t.text),
      ['\x07\x08\t\n\v\f\r\\"', 'A\x07\x00\nxS4', 'A\x04gA4', "q%'", 'g'],
    );
  });

  it('keeps non-ASCII characters as their UTF-8 bytes', () => {
    assert.deepEqual(texts('"é" "日\\n" "\\xe9é"'), ['\xc3\xa9', '\xe6\x97\xa5\n', '\xe9\xc3\xa9']);
    assert.deepEqual(texts('@1 $2', ['ü', '"ü"']), ['\xc3\xbc', '\xc3\xbc']);
  });

  it('decodes octal escapes to one byte', () => {
    assert.equal(decodeEscapes(String.raw`\777\400`), '\xff\x00');
    assert.equal(decodeEscapes(String.raw`\18`), '\x018');
  });

  it('treats \\x as an ordinary escape before language version 2.3', () => {
    assert.equal(lex(String.raw`"\x41"`, [], { compatible: '2.2' }).tokens[0]?.text, 'x41');
  });

  it('continues a string over an escaped newline', () => {
    const { tokens } = lex('"ab\\\ncd" x');
    assert.deepEqual(
      tokens.map((t) => `${t.kind}:${t.text}:${t.span.line}`),
      ['string:ab\ncd:1', 'identifier:x:2'],
    );
  });

  it('makes a string unclosed at the end of the line junk', () => {
    const { tokens } = lex('x = "abc\\q\\n\ny');
    assert.deepEqual(
      tokens.map((t) => `${t.kind}:${t.text}:${t.junk ?? ''}`),
      ['identifier:x:', 'operator:=:', 'junk:"abcq\\n:unclosed-string', 'identifier:y:'],
    );
    assert.equal(tokens[2]?.span.end, 12);
    assert.equal(junkMessage(tokens[2]!, 0), 'Could not find matching closing quote');
    assert.equal(lex('"abc').tokens[0]?.junk, 'unclosed-string');
    assert.equal(lex('"abc\\').tokens[0]?.junk, 'unclosed-string');
  });

  it('does not expand arguments or comments inside strings', () => {
    assert.deepEqual(texts('"$1 @1 # /* x */"', ['a']), ['$1 @1 # /* x */']);
  });
});

describe('Lexer comments and spacing', () => {
  it('skips #, // and /* */ comments and marks the next token spaced', () => {
    const { tokens } = lex('a# one\nb// two\nc/* three\n four */d/**/e f');
    assert.deepEqual(
      tokens.map((t) => `${t.text}${t.spaceBefore ? '+' : ''}`),
      ['a', 'b+', 'c+', 'd+', 'e+', 'f+'],
    );
    assert.deepEqual(texts('a.b .c'), ['a', '.', 'b', '.', 'c']);
    assert.deepEqual(
      lex('a.b .c').tokens.map((t) => t.spaceBefore),
      [false, false, false, true, false],
    );
  });

  it('does not nest block comments; `/*/` does not close one; unclosed runs to the end', () => {
    assert.deepEqual(texts('a /* x /* y */ b */'), ['a', 'b', '*', '/']);
    assert.deepEqual(texts('a /*/ b */ c'), ['a', 'c']);
    assert.deepEqual(texts('a /* b'), ['a']);
    assert.deepEqual(texts('a # b'), ['a']);
  });

  it('does not read $# or @# as a comment', () => {
    assert.deepEqual(kinds('n = $# s = @#', ['x', 'y']), [
      'identifier:n',
      'operator:=',
      'number:2',
      'identifier:s',
      'operator:=',
      'string:2',
    ]);
    assert.deepEqual(texts('$#x', []), ['0x']);
  });
});

describe('Lexer script arguments', () => {
  it('pastes $N as raw characters, lexed like source text', () => {
    assert.deepEqual(kinds('probe $1 { x = $2 }', ['kernel.function("vfs_read")', '-5 + y']), [
      'keyword:probe',
      'identifier:kernel',
      'operator:.',
      'keyword:function',
      'operator:(',
      'string:vfs_read',
      'operator:)',
      'operator:{',
      'identifier:x',
      'operator:=',
      'operator:-',
      'number:5',
      'operator:+',
      'identifier:y',
      'operator:}',
    ]);
  });

  it('pastes @N as a string literal, escaping what needs it', () => {
    assert.deepEqual(kinds('@1 @2', ['foo bar', 'a"b\\c\n\té']), [
      'string:foo bar',
      'string:a"b\\c\n\t\xc3\xa9',
    ]);
    assert.equal(quoteArgument('a"b\\c\n'), '"a\\"b\\\\c\\012"');
    assert.equal(quoteArgument('é'), '"\\303\\251"');
  });

  it('pastes $# and @# as the argument count', () => {
    assert.deepEqual(kinds('$# @#', ['a', 'b', 'c']), ['number:3', 'string:3']);
  });

  it('locates pasted tokens at the reference', () => {
    const { tokens } = lex('x = $1 + y', ['a  b']);
    assert.deepEqual(
      tokens.map((t) => `${t.text}@${t.span.col}:${t.span.start}-${t.span.end}${t.spaceBefore ? '+' : ''}`),
      ['x@1:0-1', '=@3:2-3+', 'a@5:4-6+', 'b@5:4-6+', '+@8:7-8+', 'y@10:9-10+'],
    );
  });

  it('lets a token run from pasted text into the source after it', () => {
    const { tokens } = lex('$1cd + @1', ['ab']);
    assert.deepEqual(
      tokens.map((t) => `${t.kind}:${t.text}@${t.span.start}-${t.span.end}`),
      ['identifier:abcd@0-4', 'operator:+@5-6', 'string:ab@7-9'],
    );
  });

  it('makes a missing argument junk with stap`s message', () => {
    const { tokens } = lex('$1 + @3 $0', ['a', 'b']);
    assert.deepEqual(
      tokens.map((t) => `${t.kind}:${t.text}:${t.junk ?? ''}@${t.span.start}-${t.span.end}`),
      ['identifier:a:@0-2', 'operator:+:@3-4', 'junk::arg-out-of-range@5-7', 'junk::arg-out-of-range@8-10'],
    );
    assert.equal(junkMessage(tokens[2]!, 2), 'command line argument out of range [1-2]');
    assert.deepEqual(
      lex('$1').tokens.map((t) => t.junk),
      ['arg-out-of-range'],
    );
  });

  it('reads reference digits only while they can name an argument, as stap does', () => {
    // With no arguments, `$12` is `$1` (junk) then the number 2.
    assert.deepEqual(kinds('$12'), ['junk:', 'number:2']);
    const ten = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'ten'];
    assert.deepEqual(texts('$10 $01 $11', ten), ['ten', '1', '']);
  });

  it('makes a reference inside pasted text junk', () => {
    assert.deepEqual(
      lex('f($1)', ['$2', 'x']).tokens.map((t) => `${t.kind}:${t.text}:${t.junk ?? ''}`),
      ['identifier:f:', 'operator:(:', 'junk::nested-arg', 'operator:):'],
    );
    assert.deepEqual(
      lex('$1', ['a @# b']).tokens.map((t) => t.junk ?? t.text),
      ['a', 'nested-arg', 'b'],
    );
    const nested = lex('$1', ['$#']).tokens[0]!;
    assert.equal(junkMessage(nested, 1), 'invalid nested substitution of command line arguments');
  });

  it('lets strings, comments and embedded code run from pasted text into the source', () => {
    assert.deepEqual(kinds('$1 cd" z', ['"ab']), ['string:ab cd', 'identifier:z']);
    assert.deepEqual(kinds('$1 y */ z', ['/* x']), ['identifier:z']);
    assert.deepEqual(kinds('$1 b %} c', ['%{ a']), ['embedded: a b ', 'identifier:c']);
    assert.deepEqual(kinds('$1', ['"ab']), ['junk:"ab']);
  });

  it('lets a comment in pasted text run to the end of the source line', () => {
    assert.deepEqual(texts('a $1 b\nc', ['x # y\nz']), ['a', 'x', 'c']);
  });

  it('records which arguments were used, and whether there were tokens', () => {
    const { lexer } = lex('$2 @2 # $1', ['a', 'b', 'c']);
    assert.deepEqual(lexer.argUsed, [false, true, false]);
    assert.equal(lexer.sawTokens, true);
    assert.equal(lex('# nothing\n /* here */').lexer.sawTokens, false);
    assert.equal(lex('$1', ['']).lexer.sawTokens, false);
  });
});

describe('Lexer spans', () => {
  it('gives 1-based lines and columns and start/end offsets', () => {
    assert.deepEqual(spans('probe begin {\n\tprintf("x")\n}'), [
      '1:1 0-5',
      '1:7 6-11',
      '1:13 12-13',
      '2:2 15-21',
      '2:8 21-22',
      '2:9 22-25',
      '2:12 25-26',
      '3:1 27-28',
    ]);
  });

  it('counts lines through comments, strings and embedded code', () => {
    assert.deepEqual(spans('/* a\nb */ x %{\n\n%} y # z\n  w "q\\\n" v'), [
      '2:6 10-11',
      '2:8 12-18',
      '4:4 19-20',
      '5:3 27-28',
      '5:5 29-34',
      '6:3 35-36',
    ]);
  });

  it('does not let an empty argument move later columns', () => {
    assert.deepEqual(spans('a $1 b', ['']), ['1:1 0-1', '1:6 5-6']);
  });
});
