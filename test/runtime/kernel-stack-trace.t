# Kernel stack(n) and callers(n) in tracepoint and syscall handlers: the tracing machinery's
# leading frames (the BPF program, bpf_trace_runN, __bpf_trace_<class>, __traceiter_<event>,
# perf_trace_<class>...) are dropped in BPF with their code ranges from /proc/kallsyms, as user
# space drops them from backtrace(). The addresses depend on the kernel, so each handler writes
# `pp()|callers(-1)|backtrace()|stack(0)|stack(1)|callers(1)` to an output file (-o) and the end
# probe has a shell script compare them there.

NAME callers(-1), stack(0), stack(1) and callers(1) agree with backtrace() in the same handler
REQUIRES bpf ringbuf tracefs gcc root
SETUP
./build-traced.sh ktrace1 <<'C'
#include <unistd.h>
int main(void) { getppid(); usleep(20000); getppid(); return 0; }
C
cat > /tmp/tstap-process/ktrace-compare.sh <<'SH'
awk -F'|' '{
  first = $2; sub(/ .*/, "", first)
  two = $2; sub(/^[^ ]* [^ ]*/, "&|", two); sub(/\|.*/, "", two)
  second = two; sub(/^[^ ]* /, "", second)
  print $1 ": " ($2 != "" && $2 " " == $3 ? "callers(-1) is backtrace()" : "callers(-1) differs: " $0) \
    ", " ($4 == first ? "stack(0) its first" : "stack(0) differs: " $0) \
    ", " ($5 == second && $6 == two ? "stack(1), callers(1) its second, first two" : "depth 1 differs: " $0)
}' "$1" | sort
SH
ARGS -o /tmp/tstap-process/ktrace-stack.out -c /tmp/tstap-process/ktrace1
PROG
global seen
function show() {
  if (pid() == target() && execname() == "ktrace1" && !seen[pp()]++)
    printf("%s|%s|%s|0x%x|0x%x|%s\n", pp(), callers(-1), backtrace(), stack(0), stack(1), callers(1))
}
probe kernel.trace("sched:sched_switch") { show() }
probe kernel.trace("syscalls:sys_enter_getppid") { show() }
probe syscall.getppid { show() }
probe syscall.getppid.return { show() }
probe end { system("sh /tmp/tstap-process/ktrace-compare.sh /tmp/tstap-process/ktrace-stack.out") }
EXPECT
kernel.trace("sched:sched_switch"): callers(-1) is backtrace(), stack(0) its first, stack(1), callers(1) its second, first two
kernel.trace("syscalls:sys_enter_getppid"): callers(-1) is backtrace(), stack(0) its first, stack(1), callers(1) its second, first two
syscall.getppid.return: callers(-1) is backtrace(), stack(0) its first, stack(1), callers(1) its second, first two
syscall.getppid: callers(-1) is backtrace(), stack(0) its first, stack(1), callers(1) its second, first two

NAME the same through a raw tracepoint (a parameter read), a syscall's formatted record and an event of another event's class
REQUIRES bpf ringbuf tracefs gcc root
SETUP
./build-traced.sh ktrace1 <<'C'
#include <unistd.h>
int main(void) { getppid(); usleep(20000); getppid(); return 0; }
C
cat > /tmp/tstap-process/ktrace-compare.sh <<'SH'
awk -F'|' '{
  first = $2; sub(/ .*/, "", first)
  two = $2; sub(/^[^ ]* [^ ]*/, "&|", two); sub(/\|.*/, "", two)
  second = two; sub(/^[^ ]* /, "", second)
  print $1 ": " ($2 != "" && $2 " " == $3 ? "callers(-1) is backtrace()" : "callers(-1) differs: " $0) \
    ", " ($4 == first ? "stack(0) its first" : "stack(0) differs: " $0) \
    ", " ($5 == second && $6 == two ? "stack(1), callers(1) its second, first two" : "depth 1 differs: " $0)
}' "$1" | sort
SH
ARGS -o /tmp/tstap-process/ktrace-stack2.out -c /tmp/tstap-process/ktrace1
PROG
global seen
function show(mine) {
  if (mine && !seen[pp()]++)
    printf("%s|%s|%s|0x%x|0x%x|%s\n", pp(), callers(-1), backtrace(), stack(0), stack(1), callers(1))
}
function target_task() { return pid() == target() && execname() == "ktrace1" }
probe kernel.trace("sched:sched_switch") { show($prev->pid == target()) }
probe kernel.trace("sched:sched_wakeup") { show($p->pid == target()) }
probe kernel.trace("syscalls:sys_enter_getppid") { show(target_task() && $__syscall_nr >= 0) }
probe end { system("sh /tmp/tstap-process/ktrace-compare.sh /tmp/tstap-process/ktrace-stack2.out") }
EXPECT
kernel.trace("sched:sched_switch"): callers(-1) is backtrace(), stack(0) its first, stack(1), callers(1) its second, first two
kernel.trace("sched:sched_wakeup"): callers(-1) is backtrace(), stack(0) its first, stack(1), callers(1) its second, first two
kernel.trace("syscalls:sys_enter_getppid"): callers(-1) is backtrace(), stack(0) its first, stack(1), callers(1) its second, first two
