#!/bin/sh
# Builds a C program for process(...) tests from stdin: build-traced.sh NAME [GCC FLAGS...]
# writes /tmp/tstap-process/NAME (fixed, so pp() output is the same everywhere). A copy that is
# already identical is kept (same inode), so concurrent suites never swap a file being traced.
set -e
name=$1
shift
dir=/tmp/tstap-process
work="$dir/.build.$$.$name"
mkdir -p "$work"
cat > "$work/$name.c"
(cd "$work" && gcc -O1 -fno-inline -o "$name" "$name.c" -L"$dir" -Wl,-rpath,"$dir" "$@")
if cmp -s "$work/$name" "$dir/$name"; then :; else mv -f "$work/$name" "$dir/$name"; fi
rm -rf "$work"
