# Longs are signed 64-bit and wrap; shifts mask their count to 6 bits; / and % truncate.

NAME addition, subtraction and multiplication wrap around at 64 bits
PROG
probe begin {
  max = 9223372036854775807
  println(max + 1)
  println(-max - 2)
  println(max * 2)
  println(0x7fffffff * 0x100000001)
  exit()
}
EXPECT
-9223372036854775808
9223372036854775807
-2
9223372034707292159

NAME division and modulo truncate toward zero like C
PROG
probe begin {
  printf("%d %d %d %d\n", 7 / 2, -7 / 2, 7 / -2, -7 / -2)
  printf("%d %d %d %d\n", 7 % 3, -7 % 3, 7 % -3, -7 % -3)
  min = -9223372036854775807 - 1
  printf("%d %d\n", min / -1, min % -1)
  exit()
}
EXPECT
3 -3 -3 3
1 -1 1 -1
-9223372036854775808 0

NAME shift counts are masked to 63 and >>> is a logical shift
PROG
probe begin {
  printf("%d %d %d\n", 1 << 63, 1 << 64, 1 << 65)
  printf("%d %d\n", -16 >> 2, -16 >>> 60)
  printf("%d\n", -1 >>> 1)
  x = 3; x <<= 2; y = -32; y >>= 3
  printf("%d %d\n", x, y)
  exit()
}
EXPECT
-9223372036854775808 1 2
-4 15
9223372036854775807
12 -4

NAME bitwise and unary operators
PROG
probe begin {
  printf("%d %d %d %d\n", 12 & 10, 12 | 10, 12 ^ 10, ~12)
  printf("%d %d %d %d\n", !0, !5, -(-3), +4)
  exit()
}
EXPECT
8 14 6 -13
1 0 3 4

NAME comparisons and logical operators yield 1 or 0 and short-circuit
PROG
global calls
function touch(v) { calls++; return v }
probe begin {
  printf("%d %d %d %d %d %d\n", 1 < 2, 2 < 1, 2 <= 2, 3 >= 4, 5 == 5, 5 != 5)
  printf("%d %d\n", touch(0) && touch(1), touch(1) || touch(1))
  printf("calls=%d\n", calls)
  printf("%d\n", 3 ? 10 : 20)
  exit()
}
EXPECT
1 0 1 0 1 0
0 1
calls=2
10

NAME pre and post increment and decrement on locals, globals and array elements
PROG
global g, a
probe begin {
  x = 5
  printf("%d %d %d\n", x++, x, ++x)
  printf("%d %d %d\n", x--, x, --x)
  printf("%d %d\n", g++, ++g)
  printf("%d %d %d\n", a[1]++, ++a[1], a[1])
  exit()
}
EXPECT
5 6 7
7 6 5
0 2
0 2 2

NAME compound assignments
PROG
probe begin {
  x = 100
  x += 5; printf("%d ", x)
  x -= 10; printf("%d ", x)
  x *= 3; printf("%d ", x)
  x /= 7; printf("%d ", x)
  x %= 7; printf("%d ", x)
  x |= 8; printf("%d ", x)
  x &= 12; printf("%d ", x)
  x ^= 5; printf("%d\n", x)
  s = "ab"; s .= "cd"; println(s)
  exit()
}
EXPECT
105 95 285 40 5 13 12 9
abcd

NAME assignment is an expression and evaluates its right side once
PROG
global a
probe begin {
  x = y = 3
  printf("%d %d\n", x, y)
  i = 0
  a[i++] = i
  printf("%d %d\n", a[0], i)
  exit()
}
EXPECT
3 3
1 1

NAME uninitialized locals are 0 and empty
PROG
probe begin {
  printf("[%d][%s]\n", n, s)
  n = 1; s = "x"
  exit()
}
EXPECT
[0][]

NAME an assignment or increment used as an operand (stap evaluates left to right)
PROG
probe begin {
  b = 0; b = b + ++b; println(b)
  c = 5; d = c + (c += 2); println(d)
  exit()
}
EXPECT
1
12
