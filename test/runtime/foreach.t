# foreach: sort by key column or value, ascending or descending, stable ties, `limit` (with
# stap's partial sort for small limits), slices, value binding, break/continue, aggregates.

NAME sort by key and by value, ascending and descending
PROG
global a
probe begin {
  a[3] = 10; a[1] = 30; a[2] = 20
  foreach (k+ in a) printf("%d ", k); println("")
  foreach (k- in a) printf("%d ", k); println("")
  foreach (k in a+) printf("%d ", k); println("")
  foreach (k in a-) printf("%d ", k); println("")
  foreach (v = k in a) printf("%d:%d ", k, v); println("")
  foreach (v- = k in a) printf("%d:%d ", k, v); println("")
  exit()
}
EXPECT
1 2 3 <blank>
3 2 1 <blank>
3 2 1 <blank>
1 2 3 <blank>
1:30 2:20 3:10 <blank>
1:30 2:20 3:10 <blank>

NAME a sort is stable and its order persists for later unsorted loops
PROG
global a
probe begin {
  a[1] = 5; a[2] = 3; a[3] = 5; a[4] = 3
  foreach (k in a-) printf("%d ", k); println("")
  foreach (k in a+) printf("%d ", k); println("")
  foreach (k in a) printf("%d ", k); println("")
  exit()
}
EXPECT
1 3 2 4 <blank>
2 4 1 3 <blank>
2 4 1 3 <blank>

NAME sort by the second key column of a multi-column array, strings bytewise
PROG
global a
probe begin {
  a["b", 2] = 1; a["a", 3] = 1; a["c", 1] = 1; a["B", 9] = 1
  foreach ([s, n-] in a) printf("%s%d ", s, n); println("")
  foreach ([s+, n] in a) printf("%s%d ", s, n); println("")
  exit()
}
EXPECT
B9 a3 b2 c1 <blank>
B9 a3 b2 c1 <blank>

NAME limit stops after N elements and is evaluated once
PROG
global a
probe begin {
  for (i = 1; i <= 6; i++) a[i] = i * i
  n = 3
  foreach (k in a limit n) { printf("%d ", k); n = 10 }
  println("")
  foreach (k in a- limit 2) printf("%d ", k); println("")
  foreach (k in a limit 0) printf("%d ", k); println("none")
  exit()
}
EXPECT
1 2 3 <blank>
6 5 <blank>
none

NAME a small limit sorts only partly, which shows in the order left behind
PROG
global a, b
probe begin {
  a[1] = 5; a[2] = 9; a[3] = 9
  foreach (k in a- limit 1) printf("%d ", k); println("")
  foreach (k in a) printf("%d ", k); println("")
  b[1] = 5; b[2] = 9; b[3] = 9
  foreach (k in b-) printf("%d ", k); println("")
  exit()
}
EXPECT
2 <blank>
2 1 3 <blank>
2 3 1 <blank>

NAME slices visit matching keys only; non-matching ones still count against the limit
PROG
global a
probe begin {
  a[1, "x"] = 1; a[2, "y"] = 2; a[3, "x"] = 3; a[4, "x"] = 4
  foreach ([n, s] in a[*, "x"]) printf("%d%s ", n, s); println("")
  foreach ([n, s] in a[*, "x"] limit 3) printf("%d%s ", n, s); println("")
  foreach (v = [n, s] in a[2, *]) printf("%d%s=%d ", n, s, v); println("")
  exit()
}
EXPECT
1x 3x 4x <blank>
1x 3x <blank>
2y=2 <blank>

NAME break and continue
PROG
global a
probe begin {
  for (i = 0; i < 10; i++) a[i] = i
  foreach (k in a) { if (k % 2) continue; if (k > 6) break; printf("%d ", k) }
  println("")
  exit()
}
EXPECT
0 2 4 6 <blank>

NAME nested foreach over two arrays
PROG
global a, b
probe begin {
  a[1] = 1; a[2] = 2; b["x"] = 1; b["y"] = 2
  foreach (i in a) foreach (j in b) printf("%d%s ", i, j)
  println("")
  exit()
}
EXPECT
1x 1y 2x 2y <blank>

NAME aggregate arrays sort by @count by default, or by the named aggregate
PROG
global s
probe begin {
  s["a"] <<< 10; s["a"] <<< 20
  s["b"] <<< 100
  s["c"] <<< 1; s["c"] <<< 2; s["c"] <<< 3
  foreach (k in s-) printf("%s:%d ", k, @count(s[k])); println("")
  foreach (k in s @sum-) printf("%s:%d ", k, @sum(s[k])); println("")
  foreach (k in s @min+) printf("%s:%d ", k, @min(s[k])); println("")
  foreach (k in s @max-) printf("%s:%d ", k, @max(s[k])); println("")
  foreach (k in s @avg+) printf("%s:%d ", k, @avg(s[k])); println("")
  exit()
}
EXPECT
c:3 a:2 b:1 <blank>
b:100 a:30 c:6 <blank>
c:1 a:10 b:100 <blank>
b:100 a:20 c:3 <blank>
c:2 a:15 b:100 <blank>

NAME foreach over histogram buckets, with the bucket counts as values
PROG
global x
probe begin {
  x <<< 5; x <<< 15; x <<< 15; x <<< 25
  foreach (b in @hist_linear(x, 0, 20, 10)) printf("%d:%d ", b, @hist_linear(x, 0, 20, 10)[b])
  println("")
  foreach (v = b in @hist_linear(x, 0, 20, 10) limit 3) printf("%d=%d ", b, v)
  println("")
  exit()
}
EXPECT
0:0 1:1 2:2 3:1 4:0 <blank>
0=0 1=1 2=2 <blank>
