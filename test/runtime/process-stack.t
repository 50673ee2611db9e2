# User stacks and symbols in kernel handlers: ubacktrace() and friends capture the current
# task's user stack (bpf_get_stack), usymname()/usymdata() keep the address, and user space
# symbolises them with the process's mappings and the mapped files' symbol tables. The traced
# program (programs/ustack.c) is built without PIE, with frame pointers and its own _start
# (which clears the frame pointer), so the addresses and the frame-pointer walk, which ends at
# _start, are the same on every run.

NAME entry of a function: the stack in every form, the caller found at the top of the stack
REQUIRES bpf ringbuf uprobes gcc
SETUP
./build-traced.sh ustack -fno-omit-frame-pointer -no-pie -nostartfiles
ARGS -c /tmp/tstap-process/ustack
PROG
probe process("/tmp/tstap-process/ustack").function("inner") {
  printf("[%s]\n", ubacktrace())
  print_ubacktrace()
  printf("%s", sprint_ubacktrace())
  print_ustack(ubacktrace())
  printf("<%s>\n", sprint_ustack(ubacktrace()))
  print_usyms(ubacktrace())
  printf("%s", sprint_usyms(ubacktrace()))
  printf("%x %s %s %s\n", uaddr(), usymname(uaddr()), usymdata(uaddr() + 3), usymname(0))
}
# keep() has no frame of its own (a leaf): the kernel's walk misses its caller, inner().
probe process("/tmp/tstap-process/ustack").function("keep") {
  print_ubacktrace()
}
EXPECT
[0x401018 0x401047 0x40106a 0x401007 ]
 0x401018 : inner+0x0/0x23 [/tmp/tstap-process/ustack]
 0x401047 : outer+0xc/0x21 [/tmp/tstap-process/ustack]
 0x40106a : main+0xe/0x1fa4 [/tmp/tstap-process/ustack]
 0x401007 : _start+0x7/0x10 [/tmp/tstap-process/ustack]
inner+0x0 [/tmp/tstap-process/ustack]
outer+0xc [/tmp/tstap-process/ustack]
main+0xe [/tmp/tstap-process/ustack]
_start+0x7 [/tmp/tstap-process/ustack]
 0x401018 : inner+0x0/0x23 [/tmp/tstap-process/ustack]
 0x401047 : outer+0xc/0x21 [/tmp/tstap-process/ustack]
 0x40106a : main+0xe/0x1fa4 [/tmp/tstap-process/ustack]
 0x401007 : _start+0x7/0x10 [/tmp/tstap-process/ustack]
< 0x401018 : inner+0x0/0x23 [/tmp/tstap-process/ustack]
 0x401047 : outer+0xc/0x21 [/tmp/tstap-process/ustack]
 0x40106a : main+0xe/0x1fa4 [/tmp/tstap-process/ustack]
 0x401007 : _start+0x7/0x10 [/tmp/tstap-process/ustack]
>
 0x401018 : inner+0x0/0x23 [/tmp/tstap-process/ustack]
 0x401047 : outer+0xc/0x21 [/tmp/tstap-process/ustack]
 0x40106a : main+0xe/0x1fa4 [/tmp/tstap-process/ustack]
 0x401007 : _start+0x7/0x10 [/tmp/tstap-process/ustack]
 0x401018 : inner+0x0/0x23 [/tmp/tstap-process/ustack]
 0x401047 : outer+0xc/0x21 [/tmp/tstap-process/ustack]
 0x40106a : main+0xe/0x1fa4 [/tmp/tstap-process/ustack]
 0x401007 : _start+0x7/0x10 [/tmp/tstap-process/ustack]
401018 inner inner+0x3/0x23 [/tmp/tstap-process/ustack] 0x0
 0x401010 : keep+0x0/0x8 [/tmp/tstap-process/ustack]
 0x401032 : inner+0x1a/0x23 [/tmp/tstap-process/ustack]
 0x401047 : outer+0xc/0x21 [/tmp/tstap-process/ustack]
 0x40106a : main+0xe/0x1fa4 [/tmp/tstap-process/ustack]
 0x401007 : _start+0x7/0x10 [/tmp/tstap-process/ustack]

NAME return of a function: the stack from the return address
REQUIRES bpf ringbuf uprobes gcc
SETUP
./build-traced.sh ustack -fno-omit-frame-pointer -no-pie -nostartfiles
ARGS -c /tmp/tstap-process/ustack
PROG
probe process("/tmp/tstap-process/ustack").function("outer").return {
  print_ubacktrace()
  println(usymdata(uaddr()))
}
EXPECT
 0x40106a : main+0xe/0x1fa4 [/tmp/tstap-process/ustack]
 0x401007 : _start+0x7/0x10 [/tmp/tstap-process/ustack]
main+0xe/0x1fa4 [/tmp/tstap-process/ustack]

NAME a syscall of a probed-for process: its user pc and stack, symbols from a -d file
REQUIRES bpf ringbuf tracefs gcc
SETUP
./build-traced.sh ustack -fno-omit-frame-pointer -no-pie -nostartfiles
ARGS -d /tmp/tstap-process/ustack -c /tmp/tstap-process/ustack
PROG
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() == target() && execname() == "ustack") {
    printf("%s %s\n", usymname(uaddr()), usymdata(uaddr()))
    print_ubacktrace()
  }
}
EXPECT
inner inner+0x12/0x23 [/tmp/tstap-process/ustack]
 0x40102a : inner+0x12/0x23 [/tmp/tstap-process/ustack]
 0x401047 : outer+0xc/0x21 [/tmp/tstap-process/ustack]
 0x40106a : main+0xe/0x1fa4 [/tmp/tstap-process/ustack]
 0x401007 : _start+0x7/0x10 [/tmp/tstap-process/ustack]

NAME user stacks and symbols are print output only in kernel handlers: other uses are refused at pass 3
REQUIRES tracefs
PROG
global s
probe kernel.trace("syscalls:sys_enter_getppid") {
  s = ubacktrace()
  if (usymname(1) == "x") next
  printf("%s\n", sprint_ubacktrace() . "x")
  print_ustack("0x401000")
  printf("%s", sprint_usyms(backtrace()))
}
probe end { println(s) }
EXPECT_STDERR
translate error: ubacktrace() other than as a print or printf argument (its text is made in user space) is not supported in kernel probes yet: identifier 'ubacktrace' at <input>:3:7
        source:   s = ubacktrace()
                      ^

translate error: usymname() other than as a print or printf argument (its text is made in user space) is not supported in kernel probes yet: identifier 'usymname' at <input>:4:7
        source:   if (usymname(1) == "x") next
                      ^

translate error: sprint_ubacktrace() other than as a print or printf argument (its text is made in user space) is not supported in kernel probes yet: identifier 'sprint_ubacktrace' at <input>:5:18
        source:   printf("%s\n", sprint_ubacktrace() . "x")
                                 ^

translate error: print_ustack() of anything but ubacktrace() is not supported in kernel probes yet: identifier 'print_ustack' at <input>:6:3
        source:   print_ustack("0x401000")
                  ^

translate error: sprint_usyms() of anything but ubacktrace() is not supported in kernel probes yet: identifier 'sprint_usyms' at <input>:7:16
        source:   printf("%s", sprint_usyms(backtrace()))
                               ^

Pass 3: translation failed.  [man error::pass3]
EXIT 1
