# Associative arrays: insertion-order iteration, multi-column keys, membership, deletion,
# size limits and `%` wrap-around.

NAME arrays iterate in insertion order; overwriting keeps the place, re-adding moves to the end
PROG
global a
probe begin {
  a[3] = 1; a[1] = 2; a[2] = 3; a[1] = 9
  foreach (k in a) printf("%d=%d ", k, a[k]); println("")
  delete a[3]; a[3] = 7
  foreach (k in a) printf("%d=%d ", k, a[k]); println("")
  exit()
}
EXPECT
3=1 1=9 2=3 <blank>
1=9 2=3 3=7 <blank>

NAME multi-column keys of mixed types
PROG
global a
probe begin {
  a["x", 1] = 10; a["y", 2] = 20; a["x", 2] = 30
  foreach ([s, n] in a) printf("%s,%d=%d\n", s, n, a[s, n])
  printf("%d %d\n", a["x", 2], a["z", 9])
  exit()
}
EXPECT
x,1=10
y,2=20
x,2=30
30 0

NAME reading a missing element yields 0 or "" without creating it
PROG
global n, s
probe begin {
  printf("%d [%s] %d %d\n", n[5], s["k"], 5 in n, "k" in s)
  exit()
}
EXPECT
0 [] 0 0
EXPECT_STDERR
WARNING: never-assigned global variable 'n' (similar: s): identifier 'n' at <input>:1:8
 source: global n, s
                ^
WARNING: never-assigned global variable 's' (similar: n): identifier 's' at <input>:1:11
 source: global n, s
                   ^

NAME membership tests, including wildcard slices
PROG
global a
probe begin {
  a[1, "one"] = 1; a[2, "two"] = 2
  printf("%d %d\n", [1, "one"] in a, [1, "two"] in a)
  printf("%d %d %d\n", [*, "two"] in a, [3, *] in a, [*, *] in a)
  exit()
}
EXPECT
1 0
1 0 1

NAME delete one element, a slice, a whole array, a scalar and an aggregate
PROG
global a, b, x, s, st
probe begin {
  a[1, 1] = 1; a[1, 2] = 2; a[2, 1] = 3; a[2, 2] = 4
  delete a[1, 2]
  foreach ([i, j] in a) printf("[%d,%d]", i, j); println("")
  delete a[*, 1]
  foreach ([i, j] in a) printf("[%d,%d]", i, j); println("")
  b[1] = 1; b[2] = 2; delete b
  foreach (k in b) println("left: ", k)
  x = 5; s = "str"; st <<< 5
  delete x; delete s; delete st
  printf("%d [%s] %d\n", x, s, @count(st))
  exit()
}
EXPECT
[1,1][2,1][2,2]
[2,2]
0 [] 0

NAME a % array evicts the oldest element when full
PROG
global w%[3]
probe begin {
  for (i = 0; i < 5; i++) w[i] = i * 10
  foreach (k in w) printf("%d=%d ", k, w[k]); println("")
  exit()
}
EXPECT
2=20 3=30 4=40 <blank>

NAME a % array evicts the first element of its sorted order after a sort
PROG
global w%[3]
probe begin {
  w[1] = 1; w[2] = 2; w[3] = 3
  foreach (k in w-) printf("%d ", k); println("")
  w[4] = 4
  foreach (k in w) printf("%d ", k); println("")
  exit()
}
EXPECT
3 2 1 <blank>
2 1 4 <blank>

NAME a declared size accepts exactly that many elements
PROG
global a[2]
probe begin {
  a[1] = 1; a[2] = 2; a[1] = 5
  try { a[3] = 3 } catch (m) { println(m) }
  printf("%d %d\n", a[1], a[2])
  exit()
}
EXPECT
Array overflow, check size limit (2)
5 2

NAME string values and keys
PROG
global names
probe begin {
  names["root"] = "0"; names["daemon"] = "1"
  names["root"] .= "!"
  foreach (u in names) printf("%s:%s\n", u, names[u])
  exit()
}
EXPECT
root:0!
daemon:1

NAME array keys and values are truncated to MAXSTRINGLEN-1 bytes
ARGS -DMAXSTRINGLEN=8
PROG
global a
probe begin {
  a["0123456789"] = "abcdefghij"
  foreach (k in a) printf("%s %s %d\n", k, a[k], ["0123456"] in a)
  exit()
}
EXPECT
0123456 abcdefg 1
