# `=~` and `!~` in kernel handlers (a DFA walked in BPF), checked against the user-space engine:
# the same script functions run in `probe begin` (user space) and in a kernel.trace handler
# (BPF), on subjects built in user space, by the kernel (execname()), and read from the traced
# perl's memory (openat's filename). The workload is a perl one-liner run with -c; its calls are
# told apart from the rest of the machine by pid() == target() and execname() (see kernel-trace.t).

NAME the same patterns give the same answers in user space and in BPF
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid()'"
PROG
function bits(s) {
  return sprintf("%d%d%d%d%d%d%d%d", s =~ "^perl$", s =~ "er", s !~ "e", s =~ "^$", s =~ "$",
    s =~ "(ab|cd)+e$", s =~ "^[[:alpha:]]+[[:digit:]]{2,3}$", s =~ "a.c")
}
function bits2(s) {
  return sprintf("%d%d%d%d%d%d%d%d", s =~ "[^a-z]", s =~ "x?y*z+", s =~ "(^|/)bin/",
    s =~ "\\.so(\\.[0-9]+)*$", s =~ "^.{5}$", s =~ "p.*l", s !~ "[[:space:]]", s =~ "^(a|b)*c")
}
global subjects
probe begin {
  subjects[1] = ""; subjects[2] = "perl"; subjects[3] = "abcde"; subjects[4] = "cdabe"
  subjects[5] = "abc12"; subjects[6] = "abc1234"; subjects[7] = "/usr/bin/perl"
  subjects[8] = "libc.so.6"; subjects[9] = "hello world"; subjects[10] = "z"
  subjects[11] = "aXc"; subjects[12] = "ababbc"
  foreach (i+ in subjects) printf("user   %-13s %s %s\n", subjects[i], bits(subjects[i]), bits2(subjects[i]))
}
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  printf("kernel %-13s %s %s\n", execname(), bits(execname()), bits2(execname()))
  foreach (i+ in subjects) printf("kernel %-13s %s %s\n", subjects[i], bits(subjects[i]), bits2(subjects[i]))
}
EXPECT
user                 00111000 00000010
user   perl          11001000 00000110
user   abcde         00001101 00001011
user   cdabe         00001100 00001011
user   abc12         00101011 10001011
user   abc1234       00101001 10000011
user   /usr/bin/perl 01001000 10100110
user   libc.so.6     00101000 10010010
user   hello world   00001000 10000000
user   z             00101000 01000010
user   aXc           00101001 10000010
user   ababbc        00101000 00000011
kernel perl          11001000 00000110
kernel               00111000 00000010
kernel perl          11001000 00000110
kernel abcde         00001101 00001011
kernel cdabe         00001100 00001011
kernel abc12         00101011 10001011
kernel abc1234       00101001 10000011
kernel /usr/bin/perl 01001000 10100110
kernel libc.so.6     00101000 10010010
kernel hello world   00001000 10000000
kernel z             00101000 01000010
kernel aXc           00101001 10000010
kernel ababbc        00101000 00000011

NAME patterns on file names read from the traced program, as conditions and values
REQUIRES bpf ringbuf tracefs raw_tracepoint perl
ARGS -c "exec perl -e 'for (qw(/tmp/tstap-re-foo12 /tmp/tstap-re-bar1234 /tmp/tstap-re-Xx.txt /tmp/tstap-re-xxq/a.txt)) { open(F, $_) }'"
PROG
probe syscall.openat {
  if (pid() != target()) next
  f = filename
  if (f !~ "^\"/tmp/tstap-re-") next
  printf("%s: %d %d %d %d %d %d\n", f, f =~ "re-[a-z]+[0-9]{2,3}\"$", f =~ "(foo|bar)",
    f =~ "^\"/tmp/[^/]*$", f =~ "[[:upper:]]", f !~ "x{2}", f =~ "\\.txt\"$")
}
EXPECT
"/tmp/tstap-re-foo12": 1 1 1 0 1 0
"/tmp/tstap-re-bar1234": 0 1 1 0 1 0
"/tmp/tstap-re-Xx.txt": 0 0 1 1 1 1
"/tmp/tstap-re-xxq/a.txt": 0 0 0 0 0 1

NAME matches inside for, while and nested foreach loops
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid()'"
PROG
global words
probe begin { words[1] = "apple"; words[2] = "banana"; words[3] = "cherry"; words[4] = "date" }
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  n = 0
  for (i = 1; i <= 4; i++) if (words[i] =~ "an|rr") n++
  m = 0; j = 0
  while (j < 4) { j++; if (words[j] !~ "^[a-c]") m += j }
  k = 0
  foreach (w in words) {
    if (words[w] =~ "e$") k++
    foreach (v in words) if (words[v] . words[w] =~ "^(apple|date){2}$") k += 10
  }
  printf("%d %d %d\n", n, m, k)
}
EXPECT
2 4 42

NAME a pattern whose DFA is too big, and matched(), are pass-3 errors
REQUIRES tracefs
PROG
probe kernel.trace("syscalls:sys_enter_getppid") {
  s = execname()
  if (s =~ "a.{20}") println(1)
  if (s =~ "a(b)") println(matched(1))
}
EXPECT_STDERR
translate error: regular expression matching with a pattern needing more than 256 DFA states is not supported in kernel probes yet: operator '=~' at <input>:3:9
        source:   if (s =~ "a.{20}") println(1)
                        ^

translate error: matched() is not supported in kernel probes yet: identifier 'matched' at <input>:4:28
        source:   if (s =~ "a(b)") println(matched(1))
                                           ^

Pass 3: translation failed.  [man error::pass3]
EXIT 1

NAME long subjects: a global and a concatenation of 164 bytes, anchored at both ends
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid()'"
PROG
global s
probe begin { s = "abcdefghij"; for (i = 0; i < 4; i++) s .= s; s .= "XYZ" }
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  t = s . "!"
  printf("%d %d %d %d %d %d\n", strlen(t), t =~ "XYZ!$", s =~ "XYZ$", t =~ "^(abcdefghij)*X",
    s =~ "j{2}", t =~ "^([a-j]{10})+XYZ.$")
}
EXPECT
164 1 1 1 0 1
