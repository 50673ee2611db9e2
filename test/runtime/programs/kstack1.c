volatile long sink;
__attribute__((noinline)) void keep(long v) { sink = v; }
__attribute__((noinline)) int inner(int x) {
  long r;
  __asm__ volatile("syscall" : "=a"(r) : "0"(110L) : "rcx", "r11", "memory");
  keep(r);
  return x * 3;
}
__attribute__((noinline)) int outer(int x) { sink = inner(x + 1); return (int)sink + 1; }
int main(void) {
  sink = outer(1);
  return 0;
}
__asm__(".globl _start\n.type _start, @function\n_start:\n xor %ebp, %ebp\n call main\n mov %eax, %edi\n mov $60, %eax\n syscall\n.size _start, .-_start\n");
