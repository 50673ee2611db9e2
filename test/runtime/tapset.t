# Tapset functions through the whole pipeline: strings, time, errno, argv/argc, randint.

NAME string functions
PROG
probe begin {
  s = "Hello, World"
  printf("%d|%s|%d|%d|%d\n", strlen(s), substr(s, 7, 5), stringat(s, 1), isinstr(s, "World"), strpos(s, "o"))
  println(str_replace(s, "o", "0"), "|", toupper(s), "|", tolower(s))
  t = tokenize("a,b;;c", ",;"); while (t != "") { print(t, " "); t = tokenize("", ",;") } println()
  printf("%d %d %d %d\n", strtol("ff", 16), strtol("-17", 10), isdigit("7up"), isdigit("up7"))
  println(text_str("tab\there\n"), "|", string_quoted("q\"x"))
  exit()
}
EXPECT
12|World|101|1|4
Hell0, W0rld|HELLO, WORLD|hello, world
a b c <blank>
255 -17 1 0
tab\there\n|"q\"x"

NAME ctime, errno_str and return_str
PROG
probe begin {
  println(ctime(0), "|", ctime(1234567890))
  println(errno_str(2), " ", return_str(1, -2), " ", return_str(1, 5))
  exit()
}
EXPECT
Thu Jan  1 00:00:00 1970|Fri Feb 13 23:31:30 2009
ENOENT -2 (ENOENT) 5

NAME argc and argv come from the script arguments
ARGS one two
PROG
probe begin {
  printf("%d %s %s [%s]\n", argc, argv[1], argv[2], argv[3])
  exit()
}
EXPECT
2 one two []

NAME randint stays in range
PROG
probe begin {
  ok = 1
  for (i = 0; i < 200; i++) { r = randint(10); if (r < 0 || r >= 10) ok = 0 }
  println(ok)
  exit()
}
EXPECT
1
