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

NAME print_char writes the low byte of its argument
PROG
probe begin { print_char(65); print_char(66 + 256); print_char(10); exit() }
EXPECT
AB

NAME %p pads to a whole pointer under --compatible below 1.3
ARGS --compatible=1.2
PROG
probe begin {
  printf("[%p] [%20p] [%-20p] [%8p] [%.1p]\n", 1, 0x12345678, 1, 0x12345678, 0)
  exit()
}
EXPECT
[0x0000000000000001] [  0x0000000012345678] [0x000000000000000001] [0x12345678] [0x0000000000000000]

NAME big_endian8 byte-swaps for %b
PROG
probe begin { printf("%4b|%b\n", big_endian8(0x6465616462656566), little_endian8(0x6463626160595857)); exit() }
EXPECT
dead|WXY`abcd

NAME guru-mode embedded C calling the runtime's output functions
ARGS -g
PROG
probe begin {
  %{ { _stp_dbug("begin", 7, "debug %s %d", "line", 1); 0; } %}
  %{ _stp_printf("%s|%5d|\n", "fmt", 42) %}
  %{ _stp_print("raw\n") %}
  println(%{ 41 %} + 1)
  %{ { _stp_warn("careful"); _stp_exit(); } %}
}
EXPECT
begin:7: debug line 1
fmt|   42|
raw
42
EXPECT_STDERR
WARNING: careful
