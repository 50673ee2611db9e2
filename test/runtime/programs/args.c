volatile long sink;
int add(int a, int b) { sink = a; return a + b; }
long mix(long a, int b, unsigned c, long d, long e, long f, long g, long h) { sink = h; return a + b + c + d + e + f + g + h; }
const char *greet(const char *s) { sink = s[0]; return s + 1; }
int main(void) {
  for (int i = 0; i < 3; i++) sink += add(i, -2 * i);
  sink += mix(-5, -7, 4000000000u, 4, 5, 6, 77, -88);
  sink += *(volatile const char *)"hello"; /* a BPF read cannot fault the page in */
  greet("hello");
  return 0;
}
