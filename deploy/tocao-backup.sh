#!/bin/sh
# tocao-backup.sh - one periodic backup, then the oldest beyond KEEP removed
# (run by tocao-backup.service, started by tocao-backup.timer; see
# docs/OPERATIONS.md "Backup and restore"). Settings from the environment
# (the service reads /etc/tocao/backup.env):
#   TOCAO_DATA         the instance            (default /var/lib/tocao)
#   TOCAO_BACKUP_KEY   the backup public key   (default /etc/tocao/backup.pub)
#   TOCAO_BACKUP_DIR   where backups go        (default /var/backups/tocao)
#   TOCAO_BACKUP_KEEP  how many to keep        (default 48: two days of hourly backups)
#   TOCAO              the tocao binary        (default: tocao on PATH)
# Old backups are removed only after a new one succeeded; a failed backup
# leaves no file (tocao backup removes its OUT.tmp) and exits non-zero, which
# systemd records (systemctl status tocao-backup, journalctl -u tocao-backup).
set -eu
data=${TOCAO_DATA:-/var/lib/tocao}
key=${TOCAO_BACKUP_KEY:-/etc/tocao/backup.pub}
dir=${TOCAO_BACKUP_DIR:-/var/backups/tocao}
keep=${TOCAO_BACKUP_KEEP:-48}
tocao=${TOCAO:-tocao}
case $keep in '' | *[!0-9]* | 0) echo "TOCAO_BACKUP_KEEP must be a number >= 1" >&2; exit 2 ;; esac
mkdir -p "$dir"
out="$dir/tocao-$(date -u +%Y%m%dT%H%M%SZ).tbk"
"$tocao" backup --data "$data" --to "$key" "$out"
# Names sort by time (UTC, fixed width): keep the newest $keep.
ls -1 "$dir" | grep -E '^tocao-[0-9]{8}T[0-9]{6}Z\.tbk$' | sort -r | tail -n +"$((keep + 1))" |
	while read -r old; do rm -f -- "$dir/$old"; done
