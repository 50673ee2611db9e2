# Loops and whole-array operations in kernel.trace handlers: foreach through
# bpf_for_each_map_elem (sorted foreach as a bpf_loop of selection passes), while/for through
# bpf_loop when the verifier cannot bound them (capped at MAXACTION), `delete` of whole arrays
# and aggregates. The workload is one perl process whose
# getppid() calls are told apart from the rest of the machine by pid() == target() and its
# execname. An unsorted foreach visits elements in the map's order, which stap leaves
# unspecified: the tests print order-independent results (sums, counts) or single matches.

NAME foreach over an array in a kernel handler: keys, values, element reads
REQUIRES bpf ringbuf tracefs perl bpf_loop
ARGS -c "exec perl -e 'getppid() for 1..1'"
PROG
global a
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  a[1] = 10; a[2] = 20; a[3] = 30
  n = 0; keys = 0; values = 0; reads = 0
  foreach (v = [k] in a) { n++; keys += k; values += v; reads += a[k] }
  printf("%d %d %d %d\n", n, keys, values, reads)
  exit()
}
EXPECT
3 6 60 60

NAME foreach with limit, continue and break, and multi-column string keys
REQUIRES bpf ringbuf tracefs perl bpf_loop
ARGS -c "exec perl -e 'getppid() for 1..1'"
PROG
global a, names
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  for (i = 1; i <= 5; i++) a[i] = i * 10
  names["x", 1] = "one"; names["yy", 2] = "two"; names[execname(), 3] = "three"
  n = 0
  foreach (k in a limit 2) n++
  m = 0
  foreach (k in a limit 0) m++
  c = 0
  foreach (v = [k] in a) { if (v == 30) continue; c += v }
  printf("limit %d %d, without 30: %d\n", n, m, c)
  foreach (k in a) if (a[k] == 40) { printf("found %d\n", k); break }
  foreach (w = [s, num] in names) if (num == 3) printf("%s %d %s\n", s, num, w)
  foreach (w = [s, num] in names) if (s == "yy") printf("%s %d %s\n", s, num, w)
  exit()
}
EXPECT
limit 2 0, without 30: 120
found 4
perl 3 three
yy 2 two

NAME return from a function and next from the probe inside a foreach; nested foreach
REQUIRES bpf ringbuf tracefs perl bpf_loop
ARGS -c "exec perl -e 'getppid() for 1..1'"
PROG
global a
function first_over(bound) {
  foreach (k in a) if (a[k] > bound) return k
  return -1
}
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  for (i = 1; i <= 5; i++) a[i] = i * 10
  printf("%d %d\n", first_over(45), first_over(100))
  t = 0
  foreach (x in a) foreach (y in a) t += x * y
  printf("%d\n", t)
  foreach (k in a) if (k == 3) next
  printf("not reached\n")
}
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() == target() && execname() == "perl") exit()
}
EXPECT
5 -1
225

NAME foreach over slices of an array: the fixed columns evaluated once, limit counting matches
REQUIRES bpf ringbuf tracefs perl bpf_loop
ARGS -c "exec perl -e 'getppid() for 1..1'"
PROG
global a
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  a[1, "x"] = 10; a[2, "x"] = 20; a[1, "y"] = 30; a[3, "yy"] = 40
  n = 0; s = 0
  foreach ([i, t] in a[1, *]) { n++; s += a[i, t] }
  m = 0
  foreach ([i, t] in a[*, "x"]) m += i
  one = 0
  foreach ([i, t] in a[1, *] limit 1) one++
  none = 0
  foreach ([i, t] in a[1, "y" . "y"]) none++
  yy = 0
  foreach (v = [i, t] in a[3, "y" . "y"]) yy += v
  printf("%d %d %d %d %d %d\n", n, s, m, one, none, yy)
  exit()
}
EXPECT
2 40 3 1 0 40

NAME foreach over a statistics array, with its aggregates read in the body
REQUIRES bpf ringbuf tracefs perl bpf_loop lookup_percpu_elem
ARGS -c "exec perl -e 'getppid() for 1..1'"
PROG
global sa
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  for (i = 1; i <= 6; i++) sa[i % 3] <<< i
  keys = 0; count = 0; sum = 0
  foreach (k in sa) { keys++; count += @count(sa[k]); sum += @sum(sa[k]) }
  printf("%d %d %d\n", keys, count, sum)
  exit()
}
EXPECT
3 6 21

NAME while and for loops the verifier cannot bound run through bpf_loop
REQUIRES bpf ringbuf tracefs perl bpf_loop
ARGS -c "exec perl -e 'getppid() for 1..1'"
PROG
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  n = 7; f = 1
  while (n) { f *= n; n-- }
  k = 0; pairs = 0
  while (k < 3) { m = 0; while (m < 4) { m++; if (m == 2) continue; pairs++ }; k++ }
  for (;;) { k++; if (k >= 10) break }
  s = ""
  for (i = 0; i < f % 5 + 3; i++) s .= "ab"
  printf("%d %d %d %d %s\n", f, k, m, pairs, s)
  exit()
}
EXPECT
5040 10 4 9 ababab

NAME a runaway kernel loop stops after MAXACTION iterations
REQUIRES bpf ringbuf tracefs perl bpf_loop
ARGS -DMAXACTION=300 -c "exec perl -e 'getppid() for 1..1'"
PROG
global n
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  while (1) n++
}
probe error { println(n) }
EXPECT
300
EXPECT_STDERR
ERROR: MAXACTION exceeded near identifier 'n' at <input>:4:13 in probe kernel.trace("syscalls:sys_enter_getppid")
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME an error inside a foreach body aborts the handler
REQUIRES bpf ringbuf tracefs perl bpf_loop
ARGS -c "exec perl -e 'getppid() for 1..1'"
PROG
global a
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  a[0] = 0
  foreach (k in a) x += 100 / a[k]
  printf("not reached %d\n", x)
}
EXPECT_STDERR
ERROR: division by 0 near operator '/' at <input>:5:29 in probe kernel.trace("syscalls:sys_enter_getppid")
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME try/catch around a foreach, and inside one
REQUIRES bpf ringbuf tracefs perl bpf_loop
ARGS -c "exec perl -e 'getppid() for 1..1'"
PROG
global a
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  a[0] = 0; a[1] = 1
  try { foreach (k in a) x += 1 / a[k] } catch (e) { printf("caught %s\n", e) }
  foreach (k in a) try { y += 10 / a[k] } catch { y += 100 }
  printf("%d\n", y)
  exit()
}
EXPECT
caught division by 0
110

NAME a function holding a foreach, inlined into a loop body run by bpf_loop
REQUIRES bpf ringbuf tracefs perl bpf_loop
ARGS -c "exec perl -e 'getppid() for 1..1'"
PROG
global a
function weighted(x) { s = 0; foreach (k in a) s += k * x; return s }
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  a[1] = 1; a[2] = 2
  j = 3
  while (j) { t += weighted(j); j-- }
  printf("%d\n", t)
  exit()
}
EXPECT
18

NAME delete of a whole array, statistics array and aggregate in a kernel handler
REQUIRES bpf ringbuf tracefs perl bpf_loop lookup_percpu_elem
ARGS -c "exec perl -e 'getppid() for 1..1'"
PROG
global a, sa, st, kept
probe begin { for (i = 0; i < 100; i++) a[i] = i; kept[1] = 1 }
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  for (i = 1; i <= 5; i++) sa[i % 2] <<< i
  st <<< 5; st <<< 7
  delete a
  delete sa
  delete st
  a[9] = 1
  exit()
}
probe end {
  n = 0
  foreach (x in a) n++
  foreach (y in sa) n++
  printf("%d %d %d %d\n", n, 9 in a, @count(st), kept[1])
}
EXPECT
1 1 0 1

NAME sorted foreach in a kernel handler: by value or key column, either way, ties by key, limit
REQUIRES bpf ringbuf tracefs perl bpf_loop
ARGS -c "exec perl -e 'getppid() for 1..1'"
PROG
global a, s, sa
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  a[3] = 30; a[1] = 50; a[2] = 10; a[5] = 30; a[4] = 20
  foreach (k in a-) printf("%d=%d ", k, a[k]); println("")
  foreach (v = [k] in a+ limit 3) printf("%d=%d ", k, v); println("")
  foreach (k- in a) printf("%d ", k); println("")
  s["b", 2] = "x"; s["a", 9] = "y"; s["c", 1] = "x"; s["bb", 0] = "z"
  foreach ([t, n] in s+) printf("%s,%d=%s ", t, n, s[t, n]); println("")
  foreach ([t-, n] in s) printf("%s ", t); println("")
  foreach ([t, n+] in s) { if (n == 2) continue; if (n == 9) break; printf("%d ", n) }; println("")
  for (i = 0; i < 6; i++) sa[i % 3] <<< i
  foreach (k+ in sa) printf("%d:%d ", k, @count(sa[k])); println("")
  foreach ([k] in a[*]- limit 2) printf("%d ", k); println("")
  exit()
}
EXPECT
1=50 3=30 5=30 4=20 2=10 
2=10 4=20 3=30 
5 4 3 2 1 
b,2=x c,1=x a,9=y bb,0=z 
c bb b a 
0 1 
0:2 1:2 2:2 
1 3 

NAME loop bodies that count locals up converge in the verifier
REQUIRES bpf ringbuf tracefs perl bpf_loop
ARGS -c "exec perl -e 'getppid() for 1..1'"
PROG
global a
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  for (i = 0; i < 10; i++) a[i] = i
  c = 0; seen = 0; again = 0
  foreach (k in a) { c++; if (seen) again++; seen = 1; if (c >= 4) break }
  w = 0; m = 0
  while (w < pid()) { w++; m += 2; if (w >= 6) break }
  i = 0; t = 0
  foreach (k in a) { while (i < 5) i++; for (j = 0; j < 3; j++) t += j * k }
  printf("%d %d %d %d %d %d %d\n", c, seen, again, w, m, i, t)
  exit()
}
EXPECT
4 1 3 6 12 5 135

NAME sorting a statistics array by value is refused in a kernel handler, at the foreach
REQUIRES tracefs
PROG
global s
probe kernel.trace("syscalls:sys_enter_getppid") {
  s[1] <<< 1
  foreach (k in s-) print(k)
}
EXPECT_STDERR
translate error: sorting a statistics array by value runs only in user-space probes (begin, end, timer.s, ...), not in kernel probes: keyword at <input>:4:3
        source:   foreach (k in s-) print(k)
                  ^

Pass 3: translation failed.  [man error::pass3]
EXIT 1

NAME -p4 loads handlers with callbacks (func_info BTF made by the loader)
REQUIRES bpf ringbuf tracefs bpf_loop
ARGS -p4
PROG
global a, c
probe kernel.trace("syscalls:sys_enter_getppid") {
  a[tid()] = 1
  foreach (k in a) { i = 0; while (i != k % 7) i++; c[k] = i }
  delete a
  delete c
}
EXPECT

NAME a literal-bounded loop around a looping string function or a whole-array delete runs in callback form
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid()'"
PROG
global g = "aaa", a
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  for (i = 0; i < 2; i++) x = str_replace(g, "a", "b") . x
  for (i = 0; i < 3; i++) { a[i] = 1; if (strlen(x) > 1 && i == 1) delete a }
  n = 0
  foreach (k in a) n++
  printf("%s %d\n", x, n)
  exit()
}
EXPECT
bbbbbb 1
