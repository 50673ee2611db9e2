#!/bin/sh
# Builds a C program for process(...) tests: build-traced.sh NAME [SOURCE.c] [GCC FLAGS...]
# compiles SOURCE.c (by default programs/NAME.c beside this script, or stdin when there is no
# such file) as NAME.c into /tmp/tstap-process/NAME (fixed, so pp() output is the same
# everywhere). A copy that is already identical is kept (same inode), so concurrent suites never
# swap a file being traced; debug information names /tmp/tstap-process as the build directory,
# so that a -g build is the same every time too.
set -e
name=$1
shift
dir=/tmp/tstap-process
work="$dir/.build.$$.$name"
mkdir -p "$work"
own="$(dirname "$0")/programs/$name.c"
case ${1-} in
*.c) cp "$1" "$work/$name.c"; shift ;;
*) if [ -e "$own" ]; then cp "$own" "$work/$name.c"; else cat > "$work/$name.c"; fi ;;
esac
(cd "$work" && gcc -O1 -fno-inline -fdebug-prefix-map="$work"="$dir" -o "$name" "$name.c" -L"$dir" -Wl,-rpath,"$dir" "$@")
if cmp -s "$work/$name" "$dir/$name"; then :; else mv -f "$work/$name" "$dir/$name"; fi
rm -rf "$work"
