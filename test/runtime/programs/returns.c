volatile long sink;
long ret(long v) { sink = v; return v; }
int main(void) {
  sink += ret(-2);
  sink += ret(5);
  sink += ret(0x12345678abcdefL);
  sink += ret(-4096);
  return 0;
}
