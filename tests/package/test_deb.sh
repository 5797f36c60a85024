#!/usr/bin/env bash
# The Debian package in a clean Debian 12 root (ctest: package_deb, label
# package; docs/PACKAGING.md "The CI test"):
#   build the .deb (scripts/build-deb.sh) and run lintian on it (no error or
#   warning tag), debootstrap a minbase bookworm root (kept as a tarball under
#   WORK between runs), install the .deb with apt in a chroot (dependencies
#   from the mirror), check the files, the conffile, the tocao user and
#   /var/lib/tocao, tocao init the instance as tocao, start tocaod as the
#   unit's ExecStart does (as tocao, on a free port), ask https /healthz with
#   curl, stop it with SIGTERM, remove the package (the instance and the user
#   stay), purge it (everything goes).
# Usage: test_deb.sh WORK. Needs root, debootstrap, debhelper and the Debian
# mirror; without them it prints SKIPPED and exits 77 (ctest: skipped), unless
# TOCAO_REQUIRE_PACKAGE_TEST=1 (run-tests.sh as root, i.e. CI): then it fails.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:?usage: test_deb.sh WORK}
mkdir -p "$work"
work=$(cd "$work" && pwd)
mirror=${TOCAO_DEBIAN_MIRROR:-http://deb.debian.org/debian}
start=$(date +%s)

skip() {
	if [ "${TOCAO_REQUIRE_PACKAGE_TEST:-0}" = 1 ]; then
		echo "FAIL: the package test cannot run: $*" >&2
		exit 1
	fi
	echo "SKIPPED: the package test did not run: $*" >&2
	exit 77
}
fail() {
	echo "FAIL: $*" >&2
	[ -f "${daemon_log:-/nonexistent}" ] && { echo "--- tocaod's log:" >&2; cat "$daemon_log" >&2; }
	exit 1
}
step() { echo "[$(($(date +%s) - start)) s] $*"; }

[ "$(id -u)" -eq 0 ] || skip "not root (debootstrap and chroot need it)"
for tool in debootstrap dpkg-buildpackage dh lintian curl; do
	command -v "$tool" >/dev/null || skip "$tool is not installed (scripts/install-deps.sh)"
done
curl -fsS --max-time 20 -o /dev/null "$mirror/dists/bookworm/Release" ||
	skip "the Debian mirror $mirror is not reachable"

# ---- The package, and lintian ----
step "building the package"
deb=$(TOCAO_DEB_WORKDIR="$work/deb-work" TOCAO_DEB_LINTIAN=0 "$src/scripts/build-deb.sh" "$work/out") ||
	fail "scripts/build-deb.sh failed"
[ -f "$deb" ] || fail "no package at $deb"
case "$(basename "$deb")" in tocao_*_amd64.deb) ;; *) fail "unexpected name $deb" ;; esac
step "lintian $(basename "$deb")"
lintian --pedantic "$deb" >"$work/lintian.txt" 2>&1 || true
grep -v '^running with root' "$work/lintian.txt" || true
if grep -E '^(E|W): ' "$work/lintian.txt"; then
	fail "lintian reports errors or warnings (docs/PACKAGING.md)"
fi

# ---- A clean root ----
root="$work/root"
cleanup() {
	[ -n "${daemon_pid:-}" ] && kill -9 "$daemon_pid" 2>/dev/null || true
	# Whatever still runs in the root (nothing, unless a step failed half-way).
	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/root" 2>/dev/null)" = "$root" ] && kill -9 "${p#/proc/}" 2>/dev/null
	done
	mountpoint -q "$root/proc" && umount "$root/proc" || true
	rm -rf "$root"
}
trap cleanup EXIT
cleanup
cache="$work/bookworm-minbase-root.tar"
if [ ! -f "$cache" ]; then
	step "debootstrap --variant=minbase bookworm (once; kept in $cache)"
	debs="$work/bookworm-minbase-debs.tgz"
	if [ ! -f "$debs" ]; then
		debootstrap --variant=minbase --make-tarball="$debs.tmp" bookworm "$work/mk" "$mirror" \
			>"$work/debootstrap.log" 2>&1 || { tail "$work/debootstrap.log"; skip "debootstrap could not download"; }
		mv "$debs.tmp" "$debs"
		rm -rf "$work/mk"
	fi
	debootstrap --variant=minbase --unpack-tarball="$debs" bookworm "$root" "$mirror" \
		>>"$work/debootstrap.log" 2>&1 || { tail "$work/debootstrap.log"; fail "debootstrap failed"; }
	tar -C "$root" -cf "$cache.tmp" . && mv "$cache.tmp" "$cache"
else
	step "a clean root from $cache"
	mkdir -p "$root"
	tar -C "$root" -xf "$cache"
fi
mount -t proc proc "$root/proc"
cp /etc/resolv.conf "$root/etc/resolv.conf"
echo "deb $mirror bookworm main" >"$root/etc/apt/sources.list"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 "$@"; }

# ---- Install ----
step "apt-get install ./$(basename "$deb") in the root"
cp "$deb" "$root/tmp/"
in_root apt-get update -qq >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt-get update"; }
DEBIAN_FRONTEND=noninteractive in_root apt-get install -y --no-install-recommends \
	"/tmp/$(basename "$deb")" >>"$work/apt.log" 2>&1 || { tail -30 "$work/apt.log"; fail "apt-get install"; }
for f in /usr/bin/tocao /usr/sbin/tocaod /lib/systemd/system/tocaod.service \
	/usr/share/man/man1/tocao.1.gz /usr/share/man/man5/tocao.conf.5.gz \
	/usr/share/man/man8/tocaod.8.gz /usr/share/doc/tocao/OPERATIONS.md /usr/share/doc/tocao/copyright; do
	[ -f "$root$f" ] || fail "$f is not installed"
done
in_root dpkg-query -W -f='${Conffiles}\n' tocao | grep -q '^ /etc/tocao/tocao.conf ' ||
	fail "/etc/tocao/tocao.conf is not a conffile"
grep -q '^#listen = 127.0.0.1:8443$' "$root/etc/tocao/tocao.conf" || fail "the conffile is not the template"
in_root getent passwd tocao | awk -F: '$3 >= 1000 || $7 !~ /nologin|false/ {exit 1}' ||
	fail "tocao is not a system user without a login shell: $(in_root getent passwd tocao)"
# stat inside the root: its user names, not the host's.
[ "$(in_root stat -c '%U:%G %a' /var/lib/tocao)" = "tocao:tocao 750" ] ||
	fail "/var/lib/tocao is $(in_root stat -c '%U:%G %a' /var/lib/tocao), not tocao:tocao 750"
exec_start=$(sed -n 's/^ExecStart=//p' "$root/lib/systemd/system/tocaod.service")
[ "$exec_start" = "/usr/sbin/tocaod -d /var/lib/tocao" ] || fail "the unit runs '$exec_start'"
in_root tocao --version | grep -q '^tocao ' || fail "tocao --version"
echo "ok: files, conffile, user tocao, /var/lib/tocao 0750, unit ExecStart=$exec_start"

# ---- An instance, the daemon ----
as_tocao() { in_root setpriv --reuid=tocao --regid=tocao --init-groups "$@"; }
step "tocao init --conf /etc/tocao/tocao.conf /var/lib/tocao (as tocao)"
as_tocao tocao init --conf /etc/tocao/tocao.conf /var/lib/tocao >/dev/null || fail "tocao init"
[ "$(readlink "$root/var/lib/tocao/tocao.conf")" = /etc/tocao/tocao.conf ] ||
	fail "DIR/tocao.conf does not link to the conffile"
[ "$(in_root stat -c %U /var/lib/tocao/server.key)" = tocao ] || fail "server.key not owned by tocao"
step "starting $exec_start as tocao (a free port instead of 8443)"
daemon_log="$work/tocaod.log"
# Not through in_root (a function would put a subshell's pid in $!): chroot,
# env and setpriv each exec the next, so $! is tocaod. Its output never goes to
# ctest's pipe, which a stray daemon would hold open.
# shellcheck disable=SC2086 # the unit's command line, split as systemd does
chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 \
	setpriv --reuid=tocao --regid=tocao --init-groups $exec_start --listen 127.0.0.1:0 \
	>"$work/tocaod.out" 2>"$daemon_log" </dev/null &
daemon_pid=$!
port=""
for _ in $(seq 1 120); do
	port=$(sed -n 's|.*listening on https://127.0.0.1:\([0-9]*\).*|\1|p' "$daemon_log")
	[ -n "$port" ] && break
	kill -0 "$daemon_pid" 2>/dev/null || fail "tocaod exited at start-up"
	sleep 0.5
done
[ -n "$port" ] || fail "tocaod did not listen within 60 s"
[ "$(awk '/^Uid:/ {print $2}' "/proc/$daemon_pid/status")" = \
  "$(in_root id -u tocao)" ] || fail "tocaod does not run as tocao"
body=$(curl -fsS --max-time 30 --cacert "$root/var/lib/tocao/tls/cert.pem" \
	"https://127.0.0.1:$port/healthz") || fail "GET https://127.0.0.1:$port/healthz"
[ "$body" = ok ] || fail "/healthz answered '$body'"
echo "ok: tocaod as tocao answers https://127.0.0.1:$port/healthz: $body"
step "SIGTERM"
kill -TERM "$daemon_pid"
rc=0
wait "$daemon_pid" || rc=$?
daemon_pid=""
[ "$rc" -eq 0 ] || fail "tocaod exited $rc after SIGTERM"
grep -q "stopped" "$daemon_log" || fail "no 'stopped' in the log"
echo "ok: tocaod stopped on SIGTERM, exit 0"

# ---- Remove keeps the data; purge deletes it ----
step "apt-get remove"
DEBIAN_FRONTEND=noninteractive in_root apt-get remove -y tocao >>"$work/apt.log" 2>&1 || fail "apt-get remove"
[ ! -e "$root/usr/sbin/tocaod" ] || fail "remove left /usr/sbin/tocaod"
[ -f "$root/var/lib/tocao/store/data.mdb" ] || fail "remove deleted the instance's store"
[ -f "$root/etc/tocao/tocao.conf" ] || fail "remove deleted the conffile"
in_root getent passwd tocao >/dev/null || fail "remove deleted the tocao user"
echo "ok: remove kept /var/lib/tocao, the conffile and the user"
step "apt-get purge"
DEBIAN_FRONTEND=noninteractive in_root apt-get purge -y tocao >"$work/purge.log" 2>&1 || {
	cat "$work/purge.log"; fail "apt-get purge"; }
grep -q "tocao: purge: deleting /var/lib/tocao" "$work/purge.log" || fail "purge did not say it deletes the data"
for p in /var/lib/tocao /etc/tocao /usr/bin/tocao /lib/systemd/system/tocaod.service; do
	[ ! -e "$root$p" ] || fail "purge left $p"
done
in_root getent passwd tocao >/dev/null && fail "purge left the user tocao"
in_root getent group tocao >/dev/null && fail "purge left the group tocao"
in_root dpkg-query -W -f='${db:Status-Abbrev}' tocao 2>/dev/null | grep -q '^ii\|^rc' &&
	fail "dpkg still knows tocao"
echo "ok: purge said so and deleted /var/lib/tocao, /etc/tocao, the user and the group"
step "PASS"
