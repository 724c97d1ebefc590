#!/bin/sh
# Line and branch coverage of a --coverage build whose tests have run:
# src/ (the library) and include/ (the inline helpers, as compiled into
# the tests). Usage: sh test/coverage-report.sh BUILD_DIR
set -eu
dir=${1:?usage: sh test/coverage-report.sh BUILD_DIR}
cd "$dir"
rc="--rc lcov_branch_coverage=1"
lcov -q $rc --capture --directory . --output-file all.info 2>/dev/null
for part in src include; do
	lcov -q $rc --extract all.info "$(pwd)/$part/*" \
		--output-file "$part.info" 2>/dev/null
done
if command -v genhtml >/dev/null 2>&1; then
	genhtml -q $rc --output-directory html src.info include.info \
		>/dev/null 2>&1 || true
fi
for part in src include; do
	echo "coverage of $part/:"
	lcov $rc --list "$part.info" 2>/dev/null | sed 's/^/  /'
	lcov $rc --summary "$part.info" 2>&1 | grep -E 'lines|branches' |
		sed 's/^ */  total /'
done
echo "html report: $dir/html/index.html"
