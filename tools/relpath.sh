#!/bin/sh
# relpath.sh FROM TO: the relative path from directory FROM to TO (both
# absolute), for the relocatable CMake package: make install writes where
# the headers and libraries are as seen from lib/cmake/liburing.
set -e
from=$(printf '%s\n' "$1" | sed -e 's|//*|/|g' -e 's|/$||')
to=$(printf '%s\n' "$2" | sed -e 's|//*|/|g' -e 's|/$||')
up=
# Climb from FROM until it is a leading part of TO.
while [ -n "$from" ] && [ "$to" != "$from" ] &&
      [ "${to#"$from"/}" = "$to" ]; do
	from=${from%/*}
	up="../$up"
done
if [ "$to" = "$from" ]; then
	rest=
else
	rest=${to#"$from"/}
fi
rel=$up$rest
rel=${rel%/}
printf '%s\n' "${rel:-.}"
