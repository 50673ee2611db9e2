/**
 * parse → print → parse gives an equal tree (spans aside), and printing is a fixed point:
 * printing the re-parsed tree gives the same text.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DiagnosticBag } from '../diag/index.js';
import type { Script } from './ast.js';
import { astDiff } from './ast-equal.js';
import { printScript } from './printer.js';
import { parseTestScript } from './testing.js';

function parse(name: string, text: string): Script {
  const bag = new DiagnosticBag();
  const script = parseTestScript(text, bag, { guru: true, file: name });
  const errors = bag.all.filter((d) => d.severity === 'error').map((d) => d.message);
  assert.deepEqual(errors, [], `${name} should parse:\n${text}`);
  return script;
}

function assertRoundTrip(name: string, source: string): void {
  const first = parse(name, source);
  const printed = printScript(first);
  const second = parse(name, printed);
  const diff = astDiff(first, second);
  assert.equal(diff, undefined, `round trip of ${name} differs at ${diff}\n--- printed:\n${printed}`);
  assert.equal(printScript(second), printed, `printing ${name} is not a fixed point`);
}

const SCRIPTS: Readonly<Record<string, string>> = {
  globals: `
    global a, b = 5, c[100], d%, e%[1000]
    global f = -5, g = "str\\n\\"q\\"", h = -9223372036854775808, i = 0xffffffffffffffff
    private global p
    private q = 3;
  `,
  probePoints: `
    probe begin, end, timer.ms(-1), kernel.function("vfs_*").return?, process("/bin/ls").statement("*@a.c:1")! { }
    probe syscall.*, nd_syscall.open* ?, a.**.b { }
    probe kernel.{function("a"), function("b")}.call if (x > 0) { }
    global x
  `,
  aliases: `
    probe my.alias = kernel.function("a"), kernel.function("b") { name = "a" }
    probe my.epi += begin { next }
    probe my.both = end { pro = 1 }, { epi = 2 }
    probe one = two = begin { }
  `,
  functions: `
    function f:long (a:string, b) :5 { return strlen(a) + b }
    function g () { return; }
    function h:string (x:long) %{ STAP_RETURN("x"); %}
    private function p () { }
    function string () { }
    %{ #include <linux/sched.h> %}
  `,
  precedence: `
    probe begin {
      x = a + b * c - d / e % f
      x = (a + b) * c
      x = a - (b - c)
      x = a << 1 >> 2 >>> 3
      x = a | b ^ c & d
      x = a || b && c || !d
      x = a < b == c != d >= e
      x = a ? b : c ? d : e
      x = (a ? b : c) ? d : e
      x = a = b += c
      x = -a - -b + - - c + ~!d
      x = -5
      x = -(-9223372036854775808)
      x = 0x8000000000000000
      x = "a" . b . (c . d) . (e + 1)
      x = (a . b) < c
      x = a =~ "^x.*\\\\d$" || b !~ "y"
      x = ++a + b++ - --c - d--
      x = k in arr && [k, *, "x"] in arr2 || ([a < b] in c) == 1
      x = (k in a) in b
      s <<< 5
      x .= "s"
      x <<= 2; x >>= 2; x &= 1; x |= 2; x ^= 3; x *= 4; x /= 5; x %= 6; x -= 7
    }
  `,
  statements: `
    probe begin {
      ;
      { }
      { a = 1; ; }
      if (a) b = 1
      if (a) { b = 1 } else c = 2
      if (a) if (b) c = 1; else d = 1
      if (a) ; else if (b) ; else { }
      for (i = 0; i < 10; i++) continue
      for (;;) break
      for (; i < 3;) { }
      for (i = 0;; i++) { }
      while (i < 10) i++
      while (1) { break }
      try { error("x") } catch (msg) { println(msg) }
      try { } catch { }
      delete a
      delete a[1, "x"]
      delete a[*, 2]
      next
    }
  `,
  foreach: `
    global x, s
    probe end {
      foreach (k in x) { }
      foreach ([k] in x) { }
      foreach ([a-, b] in x[*, 2] limit 5) { }
      foreach (v+ = k in x) { }
      foreach (v = [a, b+] in x) { }
      foreach (v = k in x-) { }
      foreach (k in s @sum-) { }
      foreach (k in s @variance+ limit n + 1) { }
      foreach (b in @hist_linear(s, 0, 100, 10)) printf("%d\\n", b)
      foreach ([a, b] in x[1, *]+) ;
    }
  `,
  printAndStats: `
    global s
    probe end {
      print(1); println(); println("a", 2)
      printf("%d %s\\n", a, b); sprintf("plain")
      printd(",", a, b); printdln("\\t", a, b, c); sprintd(":", a, b); sprintdln("-", a, b)
      sprint(x); sprintln(x)
      print(@hist_log(s)); println(@hist_linear(s[k], -10, 10, 2))
      print(@hist_log(s)[2], x)
      x = @count(s) + @sum(s) + @min(s) + @max(s) + @avg(s[1]) + @variance(s) + @variance(s, 2)
      x = @hist_log(s)[3]
      x = [3] in @hist_log(s)
      x = f() + g(1, "a", h(b))
    }
  `,
  targets: `
    probe kernel.function("f") {
      x = $foo->bar[2]$$
      x = $foo$
      x = $foo[1]$
      x = $foo->bar$
      x = $$parms$$ . $$vars . $$return
      x = &$x
      x = &$x->y[i + 1]
      x = @cast(p, "task_struct", "kernel")->pid
      x = @cast(p, "task_struct")->comm[0]
      x = &@cast(p, "task_struct")->pid
      x = @var("jiffies@kernel/time.c")
      x = @var("jiffies", "kernel")->a
      x = p->y
      x = (p)[1]
      x = (p + 8)->a->b$
      x = ($foo)->bar
      x = &(p)
      x = f(x)->a
      x = @defined($x->y) ? @entry($x) : 0
      x = @perf("cycles") + @const("O_RDONLY") + @enum("TASK_RUNNING")
      y = @enumname(v) . @enumname(v, "enum pid_type") . @enumname(v, "enum pid_type", "kernel")
      x = @kregister(3) + @uregister(0) + @kderef(8, p) + @uderef(4, p)
      x = @probewrite(x)
      x = %{ THIS->x /* pure */ %}
      %{ /* embedded statement */ %}
    }
  `,
  strings: `
    probe begin {
      x = "tab\\there \\"quoted\\" back\\\\slash"
      x = "\\001\\0022\\177\\200\\377 \\x41\\x7e"
      x = "adjacent" " literals" "concatenate"
      x = "\\a\\b\\v\\f\\r"
      x = "# not a comment // nor this /* nor this */"
    }
  `,
};

describe('printer round trip through the parser', () => {
  for (const [name, source] of Object.entries(SCRIPTS)) {
    test(name, () => assertRoundTrip(name, source));
  }
});
