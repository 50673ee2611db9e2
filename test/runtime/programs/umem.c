volatile long sink;
struct vals {
  signed char c; unsigned char uc; short s; unsigned short us; short pad;
  int i; unsigned int ui; long l; unsigned long ul;
} vals = { -5, 250, -300, 65000, 0, -70000, 4000000000u, -5000000000L, 18446744073709551615UL };
__attribute__((noinline, section("umem_stmt"))) void look(struct vals *v) { sink = v->c; }
int main(void) {
  sink = vals.ul; /* a BPF read cannot fault the page in */
  look(&vals);
  return 0;
}
