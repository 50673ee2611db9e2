#define _SDT_HAS_SEMAPHORES 1
#include <sys/sdt.h>
__extension__ unsigned short demo_gated_semaphore __attribute__((unused)) __attribute__((section(".probes")));
int main(void) {
  for (int i = 0; i < 3; i++)
    if (demo_gated_semaphore) STAP_PROBE1(demo, gated, i);
  return 0;
}
