volatile long sink;
void take(const char *p, long n) { sink = p == 0 ? n : p[0] + n; }
int main(void) {
  /* On the stack: a page present when the uprobe reads it. */
  volatile char buf[8] = { 'a', 'b', 0, 'c', '\n', 'z', 'z', 0 };
  take((const char *)buf, 5);
  take(0, 5);
  return 0;
}
