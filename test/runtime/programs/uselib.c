int lib_twice(int);
int main(void) { int s = 0; for (int i = 1; i <= 3; i++) s += lib_twice(i); return s != 12; }
