/*
 * privdrop.h - who tocaod runs as.
 *
 * Started as root (to bind a port, or to read a root-owned instance), it
 * gives up root for good once the listeners are bound and the keys and
 * store are open: `user = NAME` in tocao.conf. Started as root without
 * `user`, it refuses to run, unless the instance is a development one
 * (`dev = true`), where it only warns. Under systemd the unit's User=
 * does the switch and `user` stays empty (docs/OPERATIONS.md).
 */
#ifndef TOCAO_PRIVDROP_H
#define TOCAO_PRIVDROP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "tc_err.h"

struct priv_target {
	bool change;   /* false: stay who we are */
	uid_t uid;
	gid_t gid;
	char name[64];
};

/*
 * Decide at start-up, before anything is bound or opened, so that an
 * unknown user or a refused root start stops the daemon at once. user is
 * the configured name ("" for none). err gets a one-line reason.
 */
int priv_plan(const char *user, bool dev, struct priv_target *t, char *err,
	      size_t errcap) TC_WUR;

/*
 * Switch to the planned user: no supplementary groups, its group, its user,
 * then check that root cannot be regained and make the process
 * non-dumpable again (a change of credentials resets that flag).
 * Applies to every thread (glibc broadcasts the set*id calls).
 */
int priv_drop(const struct priv_target *t, char *err, size_t errcap) TC_WUR;

#endif
