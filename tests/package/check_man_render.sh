#!/usr/bin/env bash
# Render each man page given with groff's warnings on (man --warnings); any
# warning, or an empty page, fails. ctest: man_pages_render (label script).
set -euo pipefail
status=0
for page in "$@"; do
	err=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null) || {
		echo "FAIL $page: man exited non-zero"; status=1; }
	if [ -n "$err" ]; then
		echo "FAIL $page: warnings:"; echo "$err"; status=1
	fi
	lines=$(LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$page" 2>/dev/null | wc -l)
	if [ "$lines" -lt 20 ]; then
		echo "FAIL $page: only $lines lines rendered"; status=1
	fi
	[ $status -eq 0 ] && echo "ok $page ($lines lines, no warning)"
done
exit $status
