# irq_handler.*, softirq.*, workqueue.*, ioblock.*, netdev.* and vm.* tapset aliases on real
# events. Block I/O comes from dd writing a file in /tmp with O_DIRECT (or fsync), which must be
# on a block device; network traffic from perl talking TCP to itself over loopback. Interrupts
# and work items come from the whole machine: those tests wait until they have seen some, and
# -T ends them if none come.

NAME irq_handler.entry and irq_handler.exit: handlers with their irqaction, in pairs
REQUIRES bpf ringbuf tracefs btf raw_tracepoint
ARGS -T 20 -c "dd if=/dev/zero of=/tmp/tstap-tapset-irq.tmp bs=4096 count=64 oflag=direct status=none; rm -f /tmp/tstap-tapset-irq.tmp"
PROG
global entries, exits, bad
probe irq_handler.entry {
  if (action == 0 || handler == 0 || kernel_string(dev_name) == "" || flags_str == "") bad++
  entries++
}
probe irq_handler.exit {
  if (action == 0 || ret < 0 || ret > 3) bad++
  if (++exits >= 10 && entries >= 10) exit()
}
probe end { printf("%d %d\n", entries >= 10 && exits >= 10, bad) }
EXPECT
1 0

NAME irqflags_str names the IRQF_* bits, in hex what it has no name for
PROG
probe begin { printf("%s|%s|%s|%s\n", irqflags_str(0), irqflags_str(0x80), irqflags_str(0x2280), irqflags_str(0x200001)); exit() }
EXPECT
0x0|IRQF_SHARED|IRQF_SHARED|IRQF_TIMER|IRQF_ONESHOT|0x200001

NAME softirq.entry and softirq.exit: vector numbers
REQUIRES bpf ringbuf tracefs
ARGS -T 20 -c "dd if=/dev/zero of=/tmp/tstap-tapset-softirq.tmp bs=4096 count=64 oflag=direct status=none; rm -f /tmp/tstap-tapset-softirq.tmp"
PROG
global entries, exits, bad
probe softirq.entry { if (vec_nr < 0 || vec_nr > 9 || h != 0 || vec != 0 || action != 0) bad++; entries++ }
probe softirq.exit {
  if (vec_nr < 0 || vec_nr > 9) bad++
  if (++exits >= 10 && entries >= 10) exit()
}
probe end { printf("%d %d\n", entries >= 10 && exits >= 10, bad) }
EXPECT
1 0

NAME workqueue.insert and workqueue.execute: work items and their functions
REQUIRES bpf ringbuf tracefs
ARGS -T 20 -c "dd if=/dev/zero of=/tmp/tstap-tapset-wq.tmp bs=4096 count=16 conv=fsync status=none; rm -f /tmp/tstap-tapset-wq.tmp"
PROG
global inserted, executed, bad
probe workqueue.insert { if (work == 0 || work_func == 0) bad++; inserted++ }
probe workqueue.execute {
  if (work == 0 || work_func == 0) bad++
  if (++executed >= 3 && inserted >= 3) exit()
}
probe end { printf("%d %d\n", inserted >= 3 && executed >= 3, bad) }
EXPECT
1 0

NAME ioblock.request and ioblock.end: dd's direct writes, paired by the bio
REQUIRES bpf ringbuf tracefs btf raw_tracepoint
ARGS -c "dd if=/dev/zero of=/tmp/tstap-tapset-ioblock.tmp bs=4096 count=3 oflag=direct status=none; rm -f /tmp/tstap-tapset-ioblock.tmp"
PROG
global req, sect, dev, done, lines
probe ioblock.request {
  if ((pid() != target() && ppid() != target()) || bio_rw_num(rw) != 1 || size != 4096) next
  req[$bio] = size
  sect[$bio] = sector
  dev[$bio] = devname
  lines[sprintf("%s %s %d %s %d %d", name, devname == "" ? "?" : "dev", size, bio_rw_str(rw), ino, vcnt)]++
}
probe ioblock.end {
  if (!(bio in req)) next
  # A completion can be traced after dd, woken by it, has issued its next write: counted, not ordered.
  lines[sprintf("%s %d %d %d %d %d %d", name, devname == dev[bio], sector == sect[bio], bytes_done,
                error, bio_rw_num(rw), rq != 0)]++
  delete req[bio]
  if (++done == 3) exit()
}
probe end { foreach (l+ in lines) printf("%s x%d\n", l, lines[l]) }
EXPECT
ioblock.end 1 1 4096 0 1 1 x3
ioblock.request dev 4096 W -1 1 x3

NAME ioblock_trace.request: the inode of a page-cache write (the file's, as ext4's fsync sees it)
REQUIRES bpf ringbuf tracefs btf raw_tracepoint
ARGS -c "dd if=/dev/zero of=/tmp/tstap-tapset-ino.tmp bs=4096 count=2 conv=fsync status=none; rm -f /tmp/tstap-tapset-ino.tmp"
PROG
global inodes, file, bad
probe ioblock_trace.request {
  if (pid() != target() && ppid() != target()) next
  inodes[ino] = 1
  if (q == 0 || bdev == 0 || name != "ioblock_trace.request") bad++
}
probe kernel.trace("ext4:ext4_sync_file_enter") { if (pid() == target() || ppid() == target()) file = $ino }
probe end { printf("%d %d %d\n", file > 0, file in inodes, bad) }
EXPECT
1 1 0

NAME netdev.transmit, netdev.hard_transmit, netdev.receive and netdev.rx: a TCP payload over loopback
REQUIRES bpf ringbuf tracefs btf raw_tracepoint perl
ARGS -c "perl -MIO::Socket::INET -e '$l = IO::Socket::INET->new(Listen => 1, LocalAddr => q(127.0.0.1), Proto => q(tcp)); $c = IO::Socket::INET->new(PeerAddr => q(127.0.0.1), PeerPort => $l->sockport); $s = $l->accept; syswrite($c, q(x) x 1000); sysread($s, $b, 1000)'"
PROG
probe netdev.transmit, netdev.hard_transmit, netdev.receive {
  if ((pid() == target() || ppid() == target()) && length > 1000)
    printf("%s %s %d 0x%04x\n", pn(), dev_name, length, protocol)
}
probe netdev.rx {
  if ((pid() == target() || ppid() == target()) && netdev != 0 && protocol == 8) rx[dev_name]++
}
global rx
probe end { foreach (d in rx) printf("rx %s %d\n", d, rx[d] >= 3) }
EXPECT
netdev.transmit lo 1066 0x0008
netdev.hard_transmit lo 1066 0x0008
netdev.receive lo 1052 0x0008
rx lo 1

NAME vm.kmalloc, vm.kmem_cache_alloc, vm.kfree, vm.kmem_cache_free: a process's slab traffic
REQUIRES bpf ringbuf tracefs perl
ARGS -c "perl -e 'open(F, q(</dev/null)) for 1..50'"
PROG
global n, bad, flags
probe vm.kmalloc, vm.kmem_cache_alloc {
  if (pid() != target() && ppid() != target()) next
  n[name]++
  if (ptr == 0 || bytes_alloc < bytes_req || call_site == 0 || gfp_flag_name == "") bad++
  flags[gfp_flag_name] = 1
}
probe vm.kfree, vm.kmem_cache_free {
  if (pid() != target() && ppid() != target()) next
  n[name]++
  if (call_site == 0) bad++
}
probe end {
  foreach (k+ in n) printf("%s %d\n", k, n[k] >= 10)
  printf("bad %d GFP_KERNEL %d\n", bad, "GFP_KERNEL" in flags)
}
EXPECT
kfree 1
kmalloc 1
kmem_cache_alloc 1
kmem_cache_free 1
bad 0 GFP_KERNEL 1

NAME the GFP flag names: a composite value, single bits
PROG
probe begin { printf("%s|%s|%s\n", __gfp_flag_str(0xcc0), __gfp_flag_str(0x820 | 0x2000), __gfp_flag_str(0xdc0)); exit() }
EXPECT
GFP_KERNEL|__GFP_WAIT | __GFP_HIGH | __GFP_NOWARN | __GFP_KSWAPD_RECLAIM|__GFP_WAIT | __GFP_IO | __GFP_FS | __GFP_ZERO | __GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM

NAME TCP state changes of a loopback connection, named by tcp_sockstate_str
REQUIRES bpf ringbuf tracefs perl
ARGS -c "perl -MIO::Socket::INET -e '$l = IO::Socket::INET->new(Listen => 1, LocalAddr => q(127.0.0.1), Proto => q(tcp)); $c = IO::Socket::INET->new(PeerAddr => q(127.0.0.1), PeerPort => $l->sockport); $s = $l->accept; close($c); close($s); close($l)'"
PROG
global changes
probe kernel.trace("sock:inet_sock_set_state") {
  if ((pid() == target() || ppid() == target()) && $protocol == 6)
    changes[tcp_sockstate_str($oldstate) . " -> " . tcp_sockstate_str($newstate)]++
}
probe end {
  foreach (c+ in changes) printf("%s %d\n", c, changes[c])
  printf("%s %s\n", tcp_sockstate_str(0), tcp_sockstate_str(12))
}
EXPECT
TCP_CLOSE -> TCP_LISTEN 1
TCP_CLOSE -> TCP_SYN_SENT 1
TCP_CLOSE_WAIT -> TCP_LAST_ACK 1
TCP_ESTABLISHED -> TCP_CLOSE_WAIT 1
TCP_ESTABLISHED -> TCP_FIN_WAIT1 1
TCP_FIN_WAIT1 -> TCP_FIN_WAIT2 1
TCP_FIN_WAIT2 -> TCP_CLOSE 1
TCP_LAST_ACK -> TCP_CLOSE 1
TCP_LISTEN -> TCP_CLOSE 1
TCP_LISTEN -> TCP_SYN_RECV 1
TCP_SYN_RECV -> TCP_ESTABLISHED 1
TCP_SYN_SENT -> TCP_ESTABLISHED 1
UNDEF TCP_MAX_STATES

NAME ioscheduler.elv_add_request, ioscheduler_trace.elv_issue_request and elv_completed_request: dd's direct write
REQUIRES bpf ringbuf tracefs btf raw_tracepoint
ARGS -c "dd if=/dev/zero of=/tmp/tstap-tapset-ioscheduler.tmp bs=4096 count=1 oflag=direct status=none; rm -f /tmp/tstap-tapset-ioscheduler.tmp"
PROG
global rqs, seen
# The request is created, inserted (vda has the mq-deadline scheduler) and issued in dd's context,
# completed in an interrupt's.
probe ioscheduler.elv_add_request, ioscheduler_trace.elv_issue_request {
  if ((pid() == target() || ppid() == target()) && (rq_flags & 0xff) == 1) rqs[rq] = 1
}
probe ioscheduler.elv_add_request, ioscheduler_trace.elv_issue_request, ioscheduler_trace.elv_completed_request {
  if (rq in rqs) seen[name] = q != 0 && disk_major > 0 && disk_minor >= 0
}
probe end { foreach (n+ in seen) printf("%s %d\n", n, seen[n]) }
EXPECT
elv_add_request 1
elv_completed_request 1
elv_issue_request 1

NAME vm.pagefault: perl filling an 8 MB string faults its pages in for writing
REQUIRES bpf ringbuf tracefs perl
ARGS -c "perl -e '$x = q(a) x 8000000'"
PROG
global writes, reads, bad
probe vm.pagefault {
  if (pid() != target() && ppid() != target()) next
  if (write_access) writes++; else reads++
  if (address == 0 || name != "pagefault") bad++
}
probe end { printf("%d %d %d\n", writes >= 1000, reads > 0, bad) }
EXPECT
1 1 0
