#include <sys/sdt.h>
struct s { long x; int y; };
int main(int argc, char **argv) {
  struct s v = { 1234567890123L, -42 };
  volatile short sh = -3;
  for (int i = 0; i < 2; i++) DTRACE_PROBE2(demo, tick, i, i * 10L);
  STAP_PROBE3(demo, mixed, v.y, v.x, sh);
  DTRACE_PROBE(other, done);
  return argc - 1;
}
