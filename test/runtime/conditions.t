# Probe conditions (`probe P if (cond)`) and control flow statements.

NAME a probe condition gates its handler
PROG
global enabled = 0, ticks
probe timer.ms(2) if (enabled) { ticks++ }
probe timer.ms(20) { exit() }
probe begin { println("begin") }
probe end { printf("ticks=%d\n", ticks) }
EXPECT
begin
ticks=0

NAME if/else chains, while and for loops
PROG
probe begin {
  for (i = 0; i < 4; i++) {
    if (i == 0) print("zero ")
    else if (i == 1) print("one ")
    else print("many ")
  }
  println("")
  j = 3
  while (j > 0) { print(j, " "); j-- }
  println("")
  for (;;) { k++; if (k >= 3) break }
  println(k)
  exit()
}
EXPECT
zero one many many <blank>
3 2 1 <blank>
3

NAME continue in a for loop runs the step
PROG
probe begin {
  for (i = 0; i < 6; i++) { if (i % 2) continue; print(i) }
  println("")
  exit()
}
EXPECT
024
