volatile int lib_sink;
int lib_twice(int x) { lib_sink = x; return 2 * x; }
