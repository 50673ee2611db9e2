volatile long sink;
int add(int a, int b) { sink = a; a += 100; return a + b; }
int main(void) {
  for (int i = 0; i < 3; i++) sink += add(i, -2 * i);
  return 0;
}
