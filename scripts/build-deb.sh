#!/usr/bin/env bash
# Build the Debian package: scripts/build-deb.sh OUTDIR -> OUTDIR/tocao_VERSION_ARCH.deb
# (docs/PACKAGING.md). dpkg-buildpackage runs on a copy of the source tree (the
# files git knows, committed or not), so the tree itself gets no debian/tocao/
# or obj-*/ directories. TOCAO_DEB_WORKDIR keeps that copy (and its CMake build)
# between runs, so a second build only recompiles what changed; without it a
# temporary directory is used and removed. TOCAO_DEB_LINTIAN=0 skips lintian.
set -euo pipefail
if [ $# -ne 1 ]; then
	echo "usage: $0 OUTDIR" >&2
	exit 2
fi
src=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)

for tool in dpkg-buildpackage dh cmake scdoc; do
	command -v "$tool" >/dev/null || {
		echo "build-deb: $tool is missing (scripts/install-deps.sh installs it)" >&2
		exit 1
	}
done

# The package's version is the project's (CMakeLists.txt), and debian/changelog must say so.
version=$(sed -n 's/^project(tocao VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
changelog_version=$(dpkg-parsechangelog -l "$src/debian/changelog" -S Version)
if [ "$version" != "$changelog_version" ]; then
	echo "build-deb: CMakeLists.txt says $version, debian/changelog $changelog_version:" \
		"add a changelog entry (dch -v $version)" >&2
	exit 1
fi

if [ -n "${TOCAO_DEB_WORKDIR:-}" ]; then
	work="$TOCAO_DEB_WORKDIR"
	mkdir -p "$work"
else
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
fi
tree="$work/tocao-$version"
mkdir -p "$tree"
# tar keeps the files' times: an unchanged file does not rebuild.
if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
	(cd "$src" && git ls-files -z --cached --others --exclude-standard |
		xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
		tar --null -T - -cf -) | tar -C "$tree" -xf -
else
	(cd "$src" && tar --exclude='./build*' --exclude=./dev-instance --exclude=node_modules \
		-cf - .) | tar -C "$tree" -xf -
fi

arch=$(dpkg --print-architecture)
deb="tocao_${version}_${arch}.deb"
rm -f "$work/$deb"
log="$work/build.log"
echo "build-deb: building $deb in $tree (log: $log)" >&2
if ! (cd "$tree" && DEB_BUILD_OPTIONS="nocheck parallel=$(nproc) ${DEB_BUILD_OPTIONS:-}" \
	dpkg-buildpackage -b -uc -us) >"$log" 2>&1; then
	tail -n 40 "$log" >&2
	echo "build-deb: dpkg-buildpackage failed (whole log: $log)" >&2
	exit 1
fi
mv "$work/$deb" "$out/$deb"
rm -f "$work"/tocao_"$version"_*.buildinfo "$work"/tocao_"$version"_*.changes \
	"$work"/tocao-dbgsym_"$version"_*.deb
echo "$out/$deb"

if [ "${TOCAO_DEB_LINTIAN:-1}" != 0 ] && command -v lintian >/dev/null; then
	echo "build-deb: lintian (tags explained in docs/PACKAGING.md):" >&2
	lintian --info --display-info --pedantic "$out/$deb" >&2 || true
fi
