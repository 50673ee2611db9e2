# Aggregates: <<<, @count/@sum/@min/@max/@avg/@variance with stap's integer arithmetic,
# `empty aggregate`, histograms (print, sprint, index, membership).

NAME the aggregate operators
PROG
global s
probe begin {
  for (i = 1; i <= 5; i++) s <<< i
  printf("%d %d %d %d %d %d\n", @count(s), @sum(s), @min(s), @max(s), @avg(s), @variance(s))
  exit()
}
EXPECT
5 15 1 5 3 12

NAME an array element's variance folds one copy, unlike a scalar's
PROG
global a
probe begin {
  for (i = 1; i <= 5; i++) a["k"] <<< i
  printf("%d %d\n", @variance(a["k"]), @avg(a["k"]))
  exit()
}
EXPECT
7 3

NAME @count and @sum of an empty aggregate are 0; the others are errors
PROG
global s, a
probe begin {
  printf("%d %d %d\n", @count(s), @sum(s), @count(a["none"]))
  try { println(@min(s)) } catch (m) { println(m) }
  try { println(@max(a["none"])) } catch (m) { println(m) }
  println(@avg(s))
}
EXPECT
0 0 0
empty aggregate
empty aggregate
EXPECT_STDERR
WARNING: never-assigned global variable 's' (similar: a): identifier 's' at <input>:1:8
 source: global s, a
                ^
WARNING: never-assigned global variable 'a' (similar: s): identifier 'a' at <input>:1:11
 source: global s, a
                   ^
ERROR: empty aggregate near operator '@avg' at <input>:6:11 in probe begin
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME <<< returns the sample
PROG
global s
probe begin { x = (s <<< 7); printf("%d %d\n", x, @sum(s)); exit() }
EXPECT
7 7

NAME print a logarithmic histogram
PROG
global x
probe begin {
  x <<< 1; x <<< 2; x <<< 2; x <<< 4; x <<< 4; x <<< 4; x <<< 4
  print(@hist_log(x))
  exit()
}
EXPECT
value |-------------------------------------------------- count
    0 |                                                   0
    1 |@                                                  1
    2 |@@                                                 2
    4 |@@@@                                               4
    8 |                                                   0
   16 |                                                   0
<blank>

NAME print a linear histogram with an overflow row
PROG
global x
probe begin {
  for (i = 0; i < 10; i++) x <<< i * 10
  x <<< 500
  print(@hist_linear(x, 0, 100, 20))
  exit()
}
EXPECT
value |-------------------------------------------------- count
    0 |@@                                                 2
   20 |@@                                                 2
   40 |@@                                                 2
   60 |@@                                                 2
   80 |@@                                                 2
  100 |                                                   0
 >100 |@                                                  1
<blank>

NAME printing an empty histogram is an error
PROG
global x
probe begin { print(@hist_log(x)) }
EXPECT_STDERR
WARNING: never-assigned global variable 'x': identifier 'x' at <input>:1:8
 source: global x
                ^
ERROR: empty aggregate near identifier 'print' at <input>:2:15 in probe begin
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME histogram buckets by index, membership, and range errors
PROG
global x, y
probe begin {
  x <<< 3; x <<< 3; x <<< 8; y <<< 1
  h0 = @hist_log(x)[0]; h66 = @hist_log(x)[66]; h68 = @hist_log(x)[68]
  printf("%d %d %d %d %d\n", h0, h66, h68, 66 in @hist_log(x), 67 in @hist_log(x))
  try { println(@hist_log(x)[128]) } catch (m) { println(m) }
  try { println(@hist_linear(y, 0, 10, 5)[-1]) } catch (m) { println(m) }
  exit()
}
EXPECT
0 2 1 2 0
histogram index out of range
histogram index out of range

NAME sprint of a histogram returns the chart as a string
PROG
global x
probe begin {
  x <<< 1
  s = sprint(@hist_log(x))
  printf("%d lines\n", tokenize(s, "") == "" ? 0 : 1)
  print(s)
  exit()
}
EXPECT
1 lines
value |-------------------------------------------------- count
    0 |                                                   0
    1 |@                                                  1
    2 |                                                   0
    4 |                                                   0
<blank>

NAME aggregates in arrays, per key
PROG
global lat
probe begin {
  lat["read"] <<< 10; lat["read"] <<< 30; lat["write"] <<< 5
  foreach (op+ in lat)
    printf("%s count=%d sum=%d min=%d max=%d avg=%d\n", op, @count(lat[op]), @sum(lat[op]),
           @min(lat[op]), @max(lat[op]), @avg(lat[op]))
  exit()
}
EXPECT
read count=2 sum=40 min=10 max=30 avg=20
write count=1 sum=5 min=5 max=5 avg=5

NAME @variance with a bit shift
PROG
global s
probe begin {
  for (i = 1; i <= 5; i++) s <<< i
  printf("%d\n", @variance(s, 1))
  exit()
}
EXPECT
2

NAME @prints and @printsN (print-stats.stpm) show statistics like the unread-global display
PROG
global s, byname, pairs
probe begin {
  s <<< 3; s <<< 5
  byname["a"] <<< 1; byname["b"] <<< 2; byname["b"] <<< 4
  pairs["x", 1] <<< 7
  @prints(s)
  @prints1(byname)
  @prints2(pairs)
  exit()
}
EXPECT
@count=2 @min=3 @max=5 @sum=8 @avg=4
[b] @count=2 @min=2 @max=4 @sum=6 @avg=3
[a] @count=1 @min=1 @max=1 @sum=1 @avg=1
[x,1] @count=1 @min=7 @max=7 @sum=7 @avg=7
