/* Return probes reading parameters (process-dwarf.t): built with -g at -O0 and -O1. Each
   function changes its parameters, or what they point to, before it returns; a return probe
   shows their values at the entry. */
struct box { int v; struct box *next; };
volatile long sink;

int bump(int x, struct box *b) {
  sink = b->v;
  x += 10;
  b->v = x;
  b->next = b;
  return x;
}
long twice(int n, long m) {
  static int calls;
  calls++;
  n = n * 2;
  m = m * 2;
  sink = n;
  return n + m;
}
/* Recursive: each frame's return sees its own entry values. */
int depth(int n) {
  if (n > 0) {
    int r = depth(n - 1);
    n = -n;
    sink = n;
    return r + 1;
  }
  n = 100;
  sink = n;
  return 0;
}

int main(void) {
  struct box b = { 7, 0 };
  bump(3, &b);
  twice(3, -2);
  depth(3);
  return 0;
}
