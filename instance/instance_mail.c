/* instance_mail.c - the reminders' recipients (instance_mail.h). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cr.h"
#include "dm_units.h"
#include "instance.h"
#include "instance_mail.h"

bool instance_mail_address_ok(const char *s)
{
	size_t n = strlen(s);
	const char *at = strchr(s, '@');
	if (n < 3 || n > 254 || at == NULL || at == s || at[1] == '\0' || strchr(at + 1, '@'))
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] <= 0x20 || s[i] >= 0x7f || strchr("<>\"(),;:\\[]", s[i]))
			return false;
	return true;
}

struct list {
	struct instance_mail_to *v;
	size_t n, cap;
};

static struct instance_mail_to *grow(struct list *l)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		void *p = realloc(l->v, cap * sizeof(*l->v));
		if (p == NULL)
			return NULL;
		l->v = p;
		l->cap = cap;
	}
	memset(&l->v[l->n], 0, sizeof(l->v[0]));
	return &l->v[l->n++];
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 && strchr(" \t\r\n", s[n - 1]))
		s[--n] = '\0';
	return s;
}

static int mailbox_line(char *s, struct list *l, const char **why)
{
	char *sp = strpbrk(s, " \t");
	if (sp == NULL) {
		*why = "expected UNIT ADDRESS";
		return TC_EINVAL;
	}
	*sp = '\0';
	char *addr = trim(sp + 1);
	if (dm_unit_find(s) == NULL) {
		*why = "unknown unit (TTCP or TT-NN)";
		return TC_EINVAL;
	}
	if (!instance_mail_address_ok(addr)) {
		*why = "not an address (name@domain, no space, bracket or quote)";
		return TC_EINVAL;
	}
	struct instance_mail_to *t = grow(l);
	if (t == NULL)
		return TC_ENOMEM;
	t->kind = 'u';
	snprintf(t->name, sizeof(t->name), "%s", s);
	snprintf(t->scope, sizeof(t->scope), "%s", s);
	snprintf(t->address, sizeof(t->address), "%s", addr);
	return TC_OK;
}

static int load_mailboxes(const char *dir, struct list *l, char *err, size_t errcap)
{
	char path[INSTANCE_PATH_MAX];
	int rc = instance_path(dir, INSTANCE_MAILBOXES_FILE, path, sizeof(path));
	FILE *f = rc == TC_OK ? fopen(path, "r") : NULL;
	if (f == NULL)
		return rc != TC_OK ? rc : errno == ENOENT ? TC_OK : -errno;
	char line[512];
	int no = 0;
	while (rc == TC_OK && fgets(line, sizeof(line), f)) {
		no++;
		char *s = trim(line);
		if (*s == '\0' || *s == '#')
			continue;
		const char *why = "out of memory";
		rc = mailbox_line(s, l, &why);
		if (rc != TC_OK)
			snprintf(err, errcap, "%s:%d: %s", path, no, why);
	}
	fclose(f);
	return rc;
}

/* DIR/principals/NAME.mail beside NAME.pub: one address. */
static int principal_mail(const char *pdir, const char *file, struct list *l, char *err,
			  size_t errcap)
{
	char path[INSTANCE_PATH_MAX + 300], line[300];
	size_t len = strlen(file);
	snprintf(path, sizeof(path), "%s/%s", pdir, file);
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return -errno;
	char *s = fgets(line, sizeof(line), f) ? trim(line) : NULL;
	fclose(f);
	struct cr_signer_pub pub;
	char pubfile[INSTANCE_PATH_MAX + 300];
	snprintf(pubfile, sizeof(pubfile), "%.*s.pub", (int)(strlen(path) - 5), path);
	if (s == NULL || !instance_mail_address_ok(s) || cr_signer_pub_load(pubfile, &pub) != TC_OK) {
		snprintf(err, errcap, "%s:1: an address, beside a principal's .pub", path);
		return TC_EINVAL;
	}
	struct instance_mail_to *t = grow(l);
	if (t == NULL)
		return TC_ENOMEM;
	t->kind = strcmp(pub.role, "monitor") == 0 ? 'm' : 'i';
	snprintf(t->name, sizeof(t->name), "%.*s", (int)(len - 5), file);
	snprintf(t->scope, sizeof(t->scope), "%s", pub.scope);
	memcpy(t->pk, pub.pk, sizeof(t->pk));
	snprintf(t->address, sizeof(t->address), "%s", s);
	return TC_OK;
}

static int load_principals(const char *dir, struct list *l, char *err, size_t errcap)
{
	char path[INSTANCE_PATH_MAX];
	int rc = instance_path(dir, "principals", path, sizeof(path));
	DIR *d = rc == TC_OK ? opendir(path) : NULL;
	if (d == NULL)
		return rc != TC_OK ? rc : errno == ENOENT ? TC_OK : -errno;
	struct dirent *e;
	while (rc == TC_OK && (e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (len > 5 && len < 60 && strcmp(e->d_name + len - 5, ".mail") == 0)
			rc = principal_mail(path, e->d_name, l, err, errcap);
	}
	closedir(d);
	return rc;
}

int instance_load_mail_to(const char *dir, struct instance_mail_to **out, size_t *n, char *err,
			  size_t errcap)
{
	struct list l = {0};
	int rc = load_mailboxes(dir, &l, err, errcap);
	if (rc == TC_OK)
		rc = load_principals(dir, &l, err, errcap);
	if (rc != TC_OK) {
		free(l.v);
		l.v = NULL;
		l.n = 0;
	}
	*out = l.v;
	*n = l.n;
	return rc;
}
