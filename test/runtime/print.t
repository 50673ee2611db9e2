# The print family and printf, as wired to the runtime's formatter.

NAME print, println, printd and printdln
PROG
probe begin {
  print("a", 1, "b", -2); print("\n")
  println("x", 42)
  println()
  printd(", ", "one", 2, "three"); print("\n")
  printdln("/", "one", 4)
  exit()
}
EXPECT
a1b-2
x42
<blank>
one, 2, three
one/4

NAME the sprint family returns strings
PROG
probe begin {
  s = sprint("n=", 5) . "|" . sprintln("line") . sprintd("-", 1, 2, 3) . "|" . sprintdln(":", "a", "b")
  print(s)
  exit()
}
EXPECT
n=5|line
1-2-3|a:b

NAME printf conversions
PROG
probe begin {
  printf("[%d] [%5d] [%-5d] [%05d] [%+d] [%x] [%X] [%#x] [%o] [%u]\n", 42, 42, 42, 42, 42, 255, 255, 255, 8, -1)
  printf("[%s] [%10s] [%-10s] [%.3s] [%c] [%%] [%p]\n", "str", "right", "left", "truncate", 65, 4096)
  printf("[%*d] [%-*s] [%.*s]\n", 6, 7, 4, "ab", 2, "xyz")
  exit()
}
EXPECT
[42] [   42] [42   ] [00042] [+42] [ff] [FF] [0xff] [10] [18446744073709551615]
[str] [     right] [left      ] [tru] [A] [%] [0x1000]
[     7] [ab  ] [xy]

NAME sprintf results are truncated to MAXSTRINGLEN-1 bytes
ARGS -DMAXSTRINGLEN=10
PROG
probe begin { s = sprintf("%s-%s", "abcdef", "ghijkl"); println(s); exit() }
EXPECT
abcdef-gh

NAME printf can be used as an expression statement and in expressions
PROG
probe begin { x = printf("side effect\n"); println(x); exit() }
EXPECT
side effect
0
