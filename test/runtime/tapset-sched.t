# scheduler.* tapset aliases (tapset/scheduler.stp) on real sched events. Other tests run at the
# same time, so each handler keeps to the processes of its own -c command: the command itself
# (target()) or, where the command line goes through a shell, that shell's children.

NAME scheduler.process_fork: the forks of a -c shell, parent and child pids
REQUIRES bpf ringbuf tracefs btf raw_tracepoint
ARGS -c "/bin/true; /bin/true; /bin/true"
PROG
global forks, children, bad
probe scheduler.process_fork {
  if (parent_pid != target()) next
  forks++
  children[child_pid] = 1
  if (parent_pid != pid() || child_pid == parent_pid) bad++
}
probe end {
  n = 0
  foreach (c in children) n++
  printf("%s %d children %d bad %d\n", "process_fork", forks, n, bad)
}
EXPECT
process_fork 3 children 3 bad 0

NAME scheduler.process_exit and scheduler.process_free: pid and priority of exiting children
REQUIRES bpf ringbuf tracefs btf raw_tracepoint
ARGS -c "/bin/true; /bin/true"
PROG
global exits, frees, pids
probe scheduler.process_exit {
  if (ppid() != target()) next
  pids[pid] = 1
  printf("%s %s %d %d\n", name, execname(), pid == pid(), priority)
  exits++
}
probe scheduler.process_free { if (pid in pids) frees++ }
probe end { printf("%d %d\n", exits, frees <= exits) }
EXPECT
process_exit true 1 120
process_exit true 1 120
2 1

NAME scheduler.ctxswitch: both sides of a switch, the outgoing one being the current task
REQUIRES bpf ringbuf tracefs btf raw_tracepoint
PROG
global n, bad_pid, bad_tid, bad_name, same, prio
probe scheduler.ctxswitch {
  n++
  if (prev_pid != pid()) bad_pid++
  if (prev_tid != tid()) bad_tid++
  if (prev_task_name != execname()) bad_name++
  if (prev_task == next_task || prev_tid == next_tid) same++
  if (prev_priority >= 0 && prev_priority < 140 && next_priority >= 0 && next_priority < 140) prio++
  if (n >= 300) exit()
}
probe end { printf("%s %d %d %d %d %d %d\n", "ctxswitch", n >= 300, bad_pid, bad_tid, bad_name, same, prio >= 300) }
EXPECT
ctxswitch 1 0 0 0 0 1

NAME scheduler.cpu_off: the task leaving the CPU, idle when it is the idle task
REQUIRES bpf ringbuf tracefs btf raw_tracepoint
PROG
global n, bad_idle, bad_task
probe scheduler.cpu_off {
  n++
  if (idle != (tid() == 0)) bad_idle++
  if (task_prev == 0 || task_next == 0 || task_prev == task_next) bad_task++
  if (n >= 300) exit()
}
probe end { printf("%s %d %d %d\n", "cpu_off", n >= 300, bad_idle, bad_task) }
EXPECT
cpu_off 1 0 0

NAME scheduler.wakeup_new and scheduler.wakeup: new children woken by the shell
REQUIRES bpf ringbuf tracefs btf raw_tracepoint
ARGS -c "/bin/true; /bin/true"
PROG
global woken
probe scheduler.wakeup_new {
  if (pid() != target()) next
  printf("%s %d %d %d %d %d\n", name, task_pid == task_tid, task_pid != pid(), task_priority, task_state, task_cpu >= 0 && task_cpu < 1024)
}
# The shell sleeps in wait4 until each child exits; the exiting child wakes it.
probe scheduler.wakeup { if (task_pid == target() && task_tid == target() && task != 0) woken++ }
probe end { printf("%d\n", woken >= 2) }
EXPECT
wakeup_new 1 1 120 0 1
wakeup_new 1 1 120 0 1
1

NAME scheduler.process_wait: the shell waits for its children
REQUIRES bpf ringbuf tracefs
ARGS -c "/bin/true; /bin/true"
PROG
global waits
probe scheduler.process_wait { if (pid() == target()) waits[name, pid >= 0]++ }
probe end { foreach ([n, ok] in waits) printf("%s %d %d\n", n, ok, waits[n, ok] >= 2) }
EXPECT
process_wait 1 1

NAME scheduler.migrate: taskset moves its own process from CPU 0 to CPU 1
REQUIRES bpf ringbuf tracefs btf raw_tracepoint
ARGS -c "taskset -c 0 taskset -c 1 /bin/true"
PROG
global from = -1, to = -1, prio
probe scheduler.migrate {
  if (pid != target() && @cast(task, "task_struct", "kernel")->real_parent->tgid != target()) next
  from = cpu_from
  to = cpu_to
  prio = priority
}
probe end { printf("%s %d -> %d %d\n", "migrate", from, to, prio) }
EXPECT
migrate 0 -> 1 120

NAME scheduler.signal_send: the signal number and the receiving process
REQUIRES bpf ringbuf tracefs btf raw_tracepoint perl
ARGS -c "perl -e '$SIG{USR2} = sub {}; kill q(USR2), $$'"
PROG
probe scheduler.signal_send {
  # (not the SIGCHLD perl's exit sends its parent)
  if ((pid() == target() || ppid() == target()) && execname() == "perl" && signal_number != 17)
    printf("%s %d %d\n", name, signal_number, pid == pid())
}
EXPECT
signal_send 12 1

NAME tracepoint record fields next to an alias's variables that are not used
REQUIRES bpf ringbuf tracefs
ARGS -c "/bin/true; /bin/true"
PROG
probe scheduler.process_wait { if (pid() == target()) { printf("%s %s\n", $$name, $comm); exit() } }
EXPECT
sched_process_wait sh
