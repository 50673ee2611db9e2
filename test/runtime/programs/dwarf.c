/* DWARF target variables (process-dwarf.t): built with -g at -O0 and -O1. Strings live on the
   stack, which is present when the uprobe reads it. */
struct inner { short s; unsigned char tag; };
struct foo { int a; long b; char name[8]; struct inner *in; unsigned bits:3; int neg:4; const char *str; };
typedef struct foo foo_t;
enum color { RED, GREEN = 5 };
struct small { int a; };
volatile long sink;

int typed(int x, foo_t *p, const char *s, unsigned short u, enum color c, signed char sc, long l7, int arr[]) {
  int local = x + 1;
  sink = local + p->a + s[0] + u + c + sc + l7 + arr[0];
  return -x;
}
unsigned char narrow(unsigned char b, short h) { static int calls; calls++; sink = b + h; return (unsigned char)(b + 1); }
void byvalue(struct small s, int after) { sink = s.a + after; }
double real(double v, int i) { return v + i; }
foo_t *pass(foo_t *p) { sink = p->a; return p; }
struct pt { int x; long y; struct pt *next; unsigned flag:1; int arr[2]; struct small in; };
void point(struct pt *p) { sink = p->x + p->y + p->flag + p->arr[0] + p->in.a; }

int main(void) {
  struct inner in = { -3, 7 };
  char hello[] = "str";
  struct foo fo = { 42, -5, "hello", &in, 5, -3, hello };
  char abc[] = "abc";
  int a[2] = { 9, 8 };
  struct small s = { 1 };
  typed(3, &fo, abc, 65535, GREEN, -2, 77, a);
  narrow(200, -300);
  byvalue(s, 2);
  sink += (long)real(1.5, 9);
  sink += pass(&fo)->b;
  fo.in = 0;
  pass(&fo);
  struct pt pt = { 1, -2, 0, 1, { 3, 4 }, { 5 } };
  point(&pt);
  return 0;
}
/* Globals read by the probes only. */
struct inner gin = { 11, 12 };
int gcount = -7;
