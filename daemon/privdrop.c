#define _GNU_SOURCE /* getresuid, getresgid: the saved ids must be checked too */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "log.h"
#include "privdrop.h"

int priv_plan(const char *user, bool dev, struct priv_target *t, char *err, size_t errcap)
{
	memset(t, 0, sizeof(*t));
	bool root = geteuid() == 0;
	if (user[0] == '\0') {
		if (!root)
			return TC_OK;
		/*
		 * Everything the daemon does after start-up is reachable from the
		 * internet: a bug there must not be a bug as root.
		 */
		if (!dev) {
			snprintf(err, errcap,
				 "refusing to run as root: set 'user = NAME' in tocao.conf (tocaod "
				 "drops to it after binding) or start it as an unprivileged user "
				 "(the systemd unit does)");
			return -EPERM;
		}
		log_msg(LOG_WARN, "running as root (a development instance without 'user'); "
				  "production refuses this");
		return TC_OK;
	}
	char buf[4096];
	struct passwd pw, *found = NULL;
	int rc = getpwnam_r(user, &pw, buf, sizeof(buf), &found);
	if (found == NULL) {
		snprintf(err, errcap, "user '%s': %s", user, rc ? strerror(rc) : "no such user");
		return TC_EINVAL;
	}
	if (pw.pw_uid == 0 || pw.pw_gid == 0) {
		snprintf(err, errcap, "user '%s' is root or in group root: nothing would be dropped",
			 user);
		return TC_EINVAL;
	}
	if (!root) {
		/* Already that user (e.g. User= under systemd and the same name here): fine. */
		if (geteuid() == pw.pw_uid && getegid() == pw.pw_gid)
			return TC_OK;
		snprintf(err, errcap, "'user = %s' needs tocaod to start as root", user);
		return -EPERM;
	}
	t->change = true;
	t->uid = pw.pw_uid;
	t->gid = pw.pw_gid;
	snprintf(t->name, sizeof(t->name), "%s", user);
	return TC_OK;
}

int priv_drop(const struct priv_target *t, char *err, size_t errcap)
{
	if (!t->change)
		return TC_OK;
	/* Groups first: once the uid is gone, they can no longer be changed. */
	if (setgroups(0, NULL) != 0 || setgid(t->gid) != 0 || setuid(t->uid) != 0) {
		snprintf(err, errcap, "cannot switch to user '%s': %s", t->name, strerror(errno));
		return -EPERM;
	}
	uid_t ru, eu, su;
	gid_t rg, eg, sg;
	/* All three ids of each kind: a saved root uid would let root come back. */
	if (getresuid(&ru, &eu, &su) != 0 || getresgid(&rg, &eg, &sg) != 0 || ru != t->uid ||
	    eu != t->uid || su != t->uid || rg != t->gid || eg != t->gid || sg != t->gid ||
	    getgroups(0, NULL) != 0 || setuid(0) == 0 || seteuid(0) == 0 || setgid(0) == 0) {
		snprintf(err, errcap, "after switching to user '%s', root could be regained",
			 t->name);
		return -EPERM;
	}
	/*
	 * The kernel resets "dumpable" on a change of credentials (to
	 * fs.suid_dumpable, which may be 1): set it again.
	 */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
		snprintf(err, errcap, "cannot make the process non-dumpable: %s", strerror(errno));
		return -EPERM;
	}
	log_msg(LOG_INFO, "running as user %s (uid %u, gid %u)", t->name, (unsigned)t->uid,
		(unsigned)t->gid);
	return TC_OK;
}
