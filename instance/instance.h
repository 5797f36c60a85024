/*
 * instance.h - the layout of an instance directory, shared by tocaod and
 * tocao (docs/OPERATIONS.md):
 *
 *   DIR/tocao.conf            configuration
 *   DIR/server.key            the server's own secret (keyed hashes), 0600
 *   DIR/units/<unit>.pub      each unit's public key (the only unit keys here)
 *   DIR/principals/NAME.pub   inspectors' and monitors' public signing keys
 *   DIR/store/                LMDB (data.mdb, lock.mdb), 0600
 *   DIR/tls/cert.pem, key.pem the TLS certificate and key
 *   DIR/calendar-notices.txt  optional: the operator's yearly calendar notices
 *   DIR/rule-sets.txt         optional: the operator's corrections of the rule sets
 *   DIR/dev-secrets/          only with init --dev: every secret key, 0600
 */
#ifndef TOCAO_INSTANCE_H
#define TOCAO_INSTANCE_H

#include <stdbool.h>
#include <stddef.h>

#include "conf.h"
#include "cr.h"
#include "dm_snapshot.h"
#include "dm_units.h"
#include "tc_err.h"

#define INSTANCE_PATH_MAX 4096

/* dir + "/" + rel into out (rel may be absolute: then it is used as is). */
int instance_path(const char *dir, const char *rel, char *out, size_t cap) TC_WUR;

struct instance_keys {
	struct cr_server_key *server_key;
	struct cr_unit_pub unit_pubs[DM_UNIT_COUNT];
	const struct cr_unit_pub *unit_keys[DM_UNIT_COUNT]; /* NULL: no key for that unit */
	size_t missing;
};

/* Load the configuration; err gets a one-line reason. */
int instance_load_conf(const char *dir, struct tc_conf *conf, char *err, size_t errcap) TC_WUR;
/* Load server.key and every units/<unit>.pub present. */
int instance_load_keys(const char *dir, struct instance_keys *keys, char *err, size_t errcap) TC_WUR;
void instance_keys_free(struct instance_keys *keys);

struct principal; /* cr_principal.h */
/*
 * Load every DIR/principals/<name>.pub (inspectors' and monitors' public
 * signing keys). *out is malloc'd.
 */
int instance_load_principals(const char *dir, struct principal **out, size_t *n, char *err,
			     size_t errcap) TC_WUR;

#define INSTANCE_NOTICES_FILE "calendar-notices.txt"
#define INSTANCE_RULES_FILE "rule-sets.txt"

/*
 * The domain data of the instance: DIR/calendar-notices.txt and
 * DIR/rule-sets.txt, each optional, laid over the built-in data
 * (dm_data.h, docs/DEADLINES.md §9), validated completely; nothing is
 * published. A bad file: err gets "PATH:LINE: reason" (the daemon logs it,
 * the CLI prints it). Call after dm_init(); safe while other threads read
 * the data in force (the daemon's SIGHUP).
 */
int instance_build_domain(const char *dir, const struct dm_snapshot **out, char *err,
			  size_t errcap) TC_WUR;

/* instance_build_domain(), then publish it: the data in force from now on. */
int instance_load_domain(const char *dir, char *err, size_t errcap) TC_WUR;

/* The same as instance_load_domain() (kept for its callers). */
int instance_load_notices(const char *dir, char *err, size_t errcap) TC_WUR;

/*
 * ---- Backups: which files of DIR a backup carries (instance_backup.c) ----
 * tocao.conf, server.key, units/NAME.pub, principals/NAME.pub, the calendar and
 * rule corrections, tls/cert.pem and tls/key.pem, each if present; never
 * dev-secrets/ nor the store (which copies itself). Names are relative.
 */
typedef int (*instance_file_fn)(void *arg, const char *rel);
int instance_backup_files(const char *dir, instance_file_fn fn, void *arg) TC_WUR;
/* Whether a restore may write rel (one of the names above; nothing else, no "..", no '/'-tricks). */
bool instance_backup_name_ok(const char *rel);
/* Whether rel is a secret of the server (mode 0600 on restore). */
bool instance_backup_name_secret(const char *rel);

#endif
