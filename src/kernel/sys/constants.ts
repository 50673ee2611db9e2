/**
 * Kernel ABI constants, spelled exactly as in the uapi headers (linux/bpf.h, linux/perf_event.h,
 * linux/btf.h, asm-generic/errno*.h, asm-generic/mman-common.h). Values are stable ABI; the
 * comments name the first kernel that has each where it matters.
 */

// ---------------------------------------------------------------- enum bpf_cmd
export const BPF_MAP_CREATE = 0;
export const BPF_MAP_LOOKUP_ELEM = 1;
export const BPF_MAP_UPDATE_ELEM = 2;
export const BPF_MAP_DELETE_ELEM = 3;
export const BPF_MAP_GET_NEXT_KEY = 4;
export const BPF_PROG_LOAD = 5;
export const BPF_PROG_GET_NEXT_ID = 11;
export const BPF_MAP_GET_NEXT_ID = 12;
export const BPF_PROG_GET_FD_BY_ID = 13;
export const BPF_MAP_GET_FD_BY_ID = 14;
export const BPF_OBJ_GET_INFO_BY_FD = 15;
export const BPF_RAW_TRACEPOINT_OPEN = 17;
export const BPF_BTF_LOAD = 18;
export const BPF_MAP_LOOKUP_BATCH = 24; // 5.6
export const BPF_LINK_CREATE = 28; // 5.7; perf events since 5.15
export const BPF_LINK_GET_FD_BY_ID = 30;
export const BPF_LINK_GET_NEXT_ID = 31;

// ---------------------------------------------------------------- enum bpf_map_type
export const BPF_MAP_TYPE_HASH = 1;
export const BPF_MAP_TYPE_ARRAY = 2;
export const BPF_MAP_TYPE_PERCPU_HASH = 5;
export const BPF_MAP_TYPE_PERCPU_ARRAY = 6;
export const BPF_MAP_TYPE_LRU_HASH = 9;
export const BPF_MAP_TYPE_LRU_PERCPU_HASH = 10;
export const BPF_MAP_TYPE_RINGBUF = 27; // 5.8

// ---------------------------------------------------------------- map flags
export const BPF_F_NO_PREALLOC = 1 << 0;
export const BPF_F_NO_COMMON_LRU = 1 << 1;
export const BPF_F_RDONLY_PROG = 1 << 7;

// update flags
export const BPF_ANY = 0;
export const BPF_NOEXIST = 1;
export const BPF_EXIST = 2;

// ---------------------------------------------------------------- enum bpf_prog_type
export const BPF_PROG_TYPE_KPROBE = 2;
export const BPF_PROG_TYPE_TRACEPOINT = 5;
export const BPF_PROG_TYPE_PERF_EVENT = 7;
export const BPF_PROG_TYPE_RAW_TRACEPOINT = 17;
export const BPF_PROG_TYPE_TRACING = 26;

// ---------------------------------------------------------------- enum bpf_attach_type
export const BPF_TRACE_RAW_TP = 23;
export const BPF_TRACE_FENTRY = 24;
export const BPF_TRACE_FEXIT = 25;
export const BPF_PERF_EVENT = 41;

// ---------------------------------------------------------------- enum bpf_link_type
export const BPF_LINK_TYPE_RAW_TRACEPOINT = 1;
export const BPF_LINK_TYPE_TRACING = 2;
export const BPF_LINK_TYPE_PERF_EVENT = 7;

// ---------------------------------------------------------------- program loading
export const BPF_OBJ_NAME_LEN = 16;
/** log_level bits. */
export const BPF_LOG_LEVEL1 = 1;
export const BPF_LOG_LEVEL2 = 2;
export const BPF_LOG_STATS = 4;
/** Largest verifier log the kernel accepts before 5.2 (UINT32_MAX >> 8, libbpf's cap too). */
export const BPF_LOG_MAX_SIZE = 0xffff_ffff >>> 8;

// ld_imm64 src_reg values
export const BPF_PSEUDO_MAP_FD = 1;
export const BPF_PSEUDO_MAP_VALUE = 2;
export const BPF_PSEUDO_FUNC = 4;

// ---------------------------------------------------------------- ring buffer (linux/bpf.h)
export const BPF_RINGBUF_BUSY_BIT = 1 << 31;
export const BPF_RINGBUF_DISCARD_BIT = 1 << 30;
export const BPF_RINGBUF_HDR_SZ = 8;
/** bpf_ringbuf_submit/output flags. */
export const BPF_RB_NO_WAKEUP = 1 << 0;
export const BPF_RB_FORCE_WAKEUP = 1 << 1;

// ---------------------------------------------------------------- linux/btf.h
export const BTF_MAGIC = 0xeb9f;
export const BTF_KIND_UNKN = 0;
export const BTF_KIND_INT = 1;
export const BTF_KIND_PTR = 2;
export const BTF_KIND_ARRAY = 3;
export const BTF_KIND_STRUCT = 4;
export const BTF_KIND_UNION = 5;
export const BTF_KIND_ENUM = 6;
export const BTF_KIND_FWD = 7;
export const BTF_KIND_TYPEDEF = 8;
export const BTF_KIND_VOLATILE = 9;
export const BTF_KIND_CONST = 10;
export const BTF_KIND_RESTRICT = 11;
export const BTF_KIND_FUNC = 12;
export const BTF_KIND_FUNC_PROTO = 13;
export const BTF_KIND_VAR = 14;
export const BTF_KIND_DATASEC = 15;
export const BTF_KIND_FLOAT = 16;
export const BTF_KIND_DECL_TAG = 17;
export const BTF_KIND_TYPE_TAG = 18;
export const BTF_KIND_ENUM64 = 19;
export const BTF_INT_SIGNED = 1 << 0;
export const BTF_INT_CHAR = 1 << 1;
export const BTF_INT_BOOL = 1 << 2;
export const BTF_FUNC_STATIC = 0;
export const BTF_FUNC_GLOBAL = 1;
export const BTF_FUNC_EXTERN = 2;

// ---------------------------------------------------------------- linux/perf_event.h
export const PERF_TYPE_HARDWARE = 0;
export const PERF_TYPE_SOFTWARE = 1;
export const PERF_TYPE_TRACEPOINT = 2;
export const PERF_TYPE_HW_CACHE = 3;
export const PERF_TYPE_RAW = 4;
export const PERF_TYPE_BREAKPOINT = 5;

export const PERF_COUNT_HW_CPU_CYCLES = 0;
export const PERF_COUNT_HW_INSTRUCTIONS = 1;
export const PERF_COUNT_HW_CACHE_REFERENCES = 2;
export const PERF_COUNT_HW_CACHE_MISSES = 3;
export const PERF_COUNT_HW_BRANCH_INSTRUCTIONS = 4;
export const PERF_COUNT_HW_BRANCH_MISSES = 5;
export const PERF_COUNT_HW_BUS_CYCLES = 6;
export const PERF_COUNT_HW_REF_CPU_CYCLES = 9;

export const PERF_COUNT_SW_CPU_CLOCK = 0;
export const PERF_COUNT_SW_TASK_CLOCK = 1;
export const PERF_COUNT_SW_PAGE_FAULTS = 2;
export const PERF_COUNT_SW_CONTEXT_SWITCHES = 3;
export const PERF_COUNT_SW_CPU_MIGRATIONS = 4;
export const PERF_COUNT_SW_PAGE_FAULTS_MIN = 5;
export const PERF_COUNT_SW_PAGE_FAULTS_MAJ = 6;
export const PERF_COUNT_SW_ALIGNMENT_FAULTS = 7;
export const PERF_COUNT_SW_EMULATION_FAULTS = 8;
export const PERF_COUNT_SW_DUMMY = 9;
export const PERF_COUNT_SW_BPF_OUTPUT = 10;

export const PERF_SAMPLE_RAW = 1 << 10;

/** sizeof(struct perf_event_attr) with config3 (6.3); older kernels accept it when the tail is 0. */
export const PERF_ATTR_SIZE_VER8 = 136;

export const PERF_FLAG_FD_CLOEXEC = 1 << 3;

/** _IO('$', 0), _IO('$', 1), _IOW('$', 8, __u32). */
export const PERF_EVENT_IOC_ENABLE = 0x2400;
export const PERF_EVENT_IOC_DISABLE = 0x2401;
export const PERF_EVENT_IOC_SET_BPF = 0x40042408;

// ---------------------------------------------------------------- mman, mount
export const PROT_READ = 0x1;
export const PROT_WRITE = 0x2;
export const MAP_SHARED = 0x01;

// ---------------------------------------------------------------- asm-generic/errno*.h
export const EPERM = 1;
export const ENOENT = 2;
export const ESRCH = 3;
export const EINTR = 4;
export const E2BIG = 7;
export const EBADF = 9;
export const EAGAIN = 11;
export const ENOMEM = 12;
export const EACCES = 13;
export const EFAULT = 14;
export const EBUSY = 16;
export const EEXIST = 17;
export const ENODEV = 19;
export const EINVAL = 22;
export const ENOSPC = 28;
export const ENOSYS = 38;
export const EOPNOTSUPP = 95;
/** Kernel-internal, but bpf(2) leaks it to user space for unsupported operations. */
export const ENOTSUPP = 524;
