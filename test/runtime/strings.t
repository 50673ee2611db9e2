# Strings: concatenation, comparison, MAXSTRINGLEN truncation, regular expressions.

NAME concatenation and comparison
PROG
probe begin {
  a = "abc"; b = "abd"
  println(a . "-" . b)
  printf("%d %d %d %d %d\n", a < b, a > b, a == "abc", a != "abc", "B" < "a")
  printf("%d\n", "" < "a")
  exit()
}
EXPECT
abc-abd
1 0 1 0 1
1

NAME strings are cut to MAXSTRINGLEN-1 bytes everywhere
ARGS -DMAXSTRINGLEN=8
PROG
function id:string(s:string) { return s }
probe begin {
  s = "0123456789"
  t = "abcdef" . "ghijkl"
  u = "ab"; u .= "cdefghij"
  printf("%s %s %s %s\n", s, t, u, id("zyxwvutsrq"))
  exit()
}
EXPECT
0123456 abcdefg abcdefg zyxwvut

NAME regular expression matching with matched() and ngroups()
PROG
probe begin {
  if ("hello world" =~ "w(or)ld") printf("%s %s %d\n", matched(0), matched(1), ngroups())
  if ("abc" !~ "^b") println("no leading b")
  if ("x=12, y=345" =~ "([a-z])=([0-9]+)$") printf("%s %s\n", matched(1), matched(2))
  exit()
}
EXPECT
world or 2
no leading b
y 345

NAME ternary with strings
PROG
probe begin { x = 3; println(x > 2 ? "big" : "small"); exit() }
EXPECT
big

NAME non-ASCII characters in string literals are their UTF-8 bytes
PROG
probe begin {
  s = "é日"
  printf("%d %d %s|%s\n", strlen(s), stringat(s, 0) & 255, substr(s, 0, 2), s)
  exit()
}
EXPECT
5 195 é|é日
