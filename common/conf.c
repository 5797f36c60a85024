#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"

void tc_conf_defaults(struct tc_conf *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->listen, sizeof(c->listen), "127.0.0.1:8443");
	snprintf(c->tls_cert, sizeof(c->tls_cert), "tls/cert.pem");
	snprintf(c->tls_key, sizeof(c->tls_key), "tls/key.pem");
	c->store_map_mb = 1024;
	c->store_full_ratio = 0.95;
	c->max_body_kb = 1024;
	c->max_headers_bytes = 8192;
	c->request_timeout_s = 15;
	c->shutdown_grace_s = 10;
	c->max_files = 5;
	c->max_file_kb = 5120;
	c->max_upload_kb = 10240;
	c->memory_budget_mb = 512;
	c->max_connections = 4096;
	c->max_connections_per_source = 64;
	c->request_deadline_s = 60;
	c->submit_per_source_per_min = 10;
	c->submit_per_source_burst = 20;
	c->submit_global_per_s = 100;
	c->submit_global_burst = 1000;
	c->onion_max_connections = 1024;
	c->onion_submit_per_s = 10;
	c->onion_submit_burst = 200;
	c->followup_wrong_global_per_s = 50;
	c->followup_wrong_global_burst = 200;
	c->onion_followup_wrong_per_s = 10;
	c->onion_followup_wrong_burst = 50;
	c->signin_challenges_per_source_per_min = 120;
	c->onion_signin_challenges_per_s = 2;
	c->onion_signin_challenges_burst = 30;
	c->monitor_session_s = 7200;
	c->monitor_device_days = 90;
	c->metrics_interval_s = 300;
	c->followup_reserve_ratio = 0.80;
	c->followup_case_per_day = 20;
	c->followup_case_total = 300;
	c->followup_case_kb_per_day = 20480;
	c->followup_case_mb_total = 64;
	c->followup_per_source_per_min = 10;
	c->followup_source_kb_per_min = 1024;
	c->followup_global_kb_per_s = 1024;
	c->report_source_kb_per_min = 10240;
	c->report_global_kb_per_s = 8192;
	c->followup_reads_per_source_per_min = 60;
	c->followup_page_messages = 50;
	c->followup_page_kb = 512;
	c->followup_read_budget_mb = 64;
	c->sweep_interval_s = 600;
	c->sweep_horizon_wd = 3;
	c->digest_hour = 7;
	c->monitor_digest_weekday = 1;
	c->digest_poll_s = 60;
	c->digest_keep_days = 7;
	snprintf(c->digest_link, sizeof(c->digest_link), "%s", "Mở tocao desk (tocao desk) / open the desk");
}

enum kind { K_STR, K_BOOL, K_SIZE, K_INT, K_RATIO };

struct key {
	const char *name;
	enum kind kind;
	size_t off, cap;
	long long min, max;
};

#define STR(f) K_STR, offsetof(struct tc_conf, f), sizeof(((struct tc_conf *)0)->f), 0, 0
#define NUM(k, f, lo, hi) k, offsetof(struct tc_conf, f), 0, lo, hi

static const struct key keys[] = {
	{"listen", STR(listen)},
	{"plain_http", NUM(K_BOOL, plain_http, 0, 1)},
	{"onion_listen", STR(onion_listen)},
	{"tls_cert", STR(tls_cert)},
	{"tls_key", STR(tls_key)},
	{"store_map_mb", NUM(K_SIZE, store_map_mb, 1, 1 << 20)},
	{"store_full_ratio", NUM(K_RATIO, store_full_ratio, 0, 1)},
	{"max_body_kb", NUM(K_SIZE, max_body_kb, 16, 64 * 1024)},
	{"max_headers_bytes", NUM(K_SIZE, max_headers_bytes, 1024, 65536)},
	{"request_timeout_s", NUM(K_INT, request_timeout_s, 1, 300)},
	{"shutdown_grace_s", NUM(K_INT, shutdown_grace_s, 0, 300)},
	{"max_files", NUM(K_INT, max_files, 0, 16)},
	{"max_file_kb", NUM(K_SIZE, max_file_kb, 1, 64 * 1024)},
	{"max_upload_kb", NUM(K_SIZE, max_upload_kb, 1, 256 * 1024)},
	{"onion_location", STR(onion_location)},
	{"memory_budget_mb", NUM(K_SIZE, memory_budget_mb, 16, 1 << 20)},
	{"max_connections", NUM(K_SIZE, max_connections, 16, 1 << 20)},
	{"max_connections_per_source", NUM(K_SIZE, max_connections_per_source, 1, 1 << 20)},
	{"request_deadline_s", NUM(K_INT, request_deadline_s, 1, 3600)},
	{"submit_per_source_per_min", NUM(K_INT, submit_per_source_per_min, 1, 1000000)},
	{"submit_per_source_burst", NUM(K_INT, submit_per_source_burst, 1, 1000000)},
	{"submit_global_per_s", NUM(K_INT, submit_global_per_s, 1, 1000000)},
	{"submit_global_burst", NUM(K_INT, submit_global_burst, 1, 1000000)},
	{"onion_max_connections", NUM(K_SIZE, onion_max_connections, 16, 1 << 20)},
	{"onion_submit_per_s", NUM(K_INT, onion_submit_per_s, 1, 1000000)},
	{"onion_submit_burst", NUM(K_INT, onion_submit_burst, 1, 1000000)},
	{"followup_wrong_global_per_s", NUM(K_INT, followup_wrong_global_per_s, 1, 1000000)},
	{"followup_wrong_global_burst", NUM(K_INT, followup_wrong_global_burst, 1, 1000000)},
	{"onion_followup_wrong_per_s", NUM(K_INT, onion_followup_wrong_per_s, 1, 1000000)},
	{"onion_followup_wrong_burst", NUM(K_INT, onion_followup_wrong_burst, 1, 1000000)},
	{"signin_challenges_per_source_per_min",
	 NUM(K_INT, signin_challenges_per_source_per_min, 1, 1000000)},
	{"onion_signin_challenges_per_s", NUM(K_INT, onion_signin_challenges_per_s, 1, 1000000)},
	{"onion_signin_challenges_burst", NUM(K_INT, onion_signin_challenges_burst, 1, 1000000)},
	{"monitor_session_s", NUM(K_INT, monitor_session_s, 5, 43200)},
	{"monitor_device_days", NUM(K_INT, monitor_device_days, 1, 400)},
	{"metrics_listen", STR(metrics_listen)},
	{"metrics_interval_s", NUM(K_INT, metrics_interval_s, 1, 86400)},
	{"followup_reserve_ratio", NUM(K_RATIO, followup_reserve_ratio, 0, 1)},
	{"followup_case_per_day", NUM(K_INT, followup_case_per_day, 1, 1000)},
	{"followup_case_total", NUM(K_INT, followup_case_total, 1, 1000)},
	{"followup_case_kb_per_day", NUM(K_SIZE, followup_case_kb_per_day, 64, 1 << 30)},
	{"followup_case_mb_total", NUM(K_SIZE, followup_case_mb_total, 1, 1 << 20)},
	{"followup_per_source_per_min", NUM(K_INT, followup_per_source_per_min, 1, 1000000)},
	{"followup_source_kb_per_min", NUM(K_SIZE, followup_source_kb_per_min, 1, 1 << 30)},
	{"followup_global_kb_per_s", NUM(K_SIZE, followup_global_kb_per_s, 1, 1 << 30)},
	{"report_source_kb_per_min", NUM(K_SIZE, report_source_kb_per_min, 1, 1 << 30)},
	{"report_global_kb_per_s", NUM(K_SIZE, report_global_kb_per_s, 1, 1 << 30)},
	{"followup_reads_per_source_per_min",
	 NUM(K_INT, followup_reads_per_source_per_min, 1, 1000000)},
	{"followup_page_messages", NUM(K_INT, followup_page_messages, 1, 1000)},
	{"followup_page_kb", NUM(K_SIZE, followup_page_kb, 16, 4096)},
	{"followup_read_budget_mb", NUM(K_SIZE, followup_read_budget_mb, 4, 1 << 20)},
	{"threads", NUM(K_INT, threads, 0, 256)},
	{"sweep_interval_s", NUM(K_INT, sweep_interval_s, 1, 86400)},
	{"sweep_horizon_wd", NUM(K_INT, sweep_horizon_wd, 0, 60)},
	{"retention_denunciation_years", NUM(K_INT, retention_denunciation_years, 0, 200)},
	{"retention_complaint_years", NUM(K_INT, retention_complaint_years, 0, 200)},
	{"retention_petition_years", NUM(K_INT, retention_petition_years, 0, 200)},
	{"smtp_url", STR(smtp_url)},
	{"smtp_from", STR(smtp_from)},
	{"smtp_user", STR(smtp_user)},
	{"smtp_password_file", STR(smtp_password_file)},
	{"digest_link", STR(digest_link)},
	{"digest_hour", NUM(K_INT, digest_hour, 0, 23)},
	{"monitor_digest_weekday", NUM(K_INT, monitor_digest_weekday, 0, 7)},
	{"digest_poll_s", NUM(K_INT, digest_poll_s, 1, 3600)},
	{"digest_keep_days", NUM(K_INT, digest_keep_days, 1, 60)},
	{"dev", NUM(K_BOOL, dev, 0, 1)},
	{"user", STR(user)},
};
#define NKEYS (sizeof(keys) / sizeof(keys[0]))

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

static int set_value(struct tc_conf *c, const struct key *k, const char *v)
{
	char *base = (char *)c + k->off;
	char *end;
	switch (k->kind) {
	case K_STR:
		if (strlen(v) == 0 || strlen(v) >= k->cap)
			return -1;
		memcpy(base, v, strlen(v) + 1);
		return 0;
	case K_BOOL:
		if (strcmp(v, "true") == 0)
			*(bool *)(void *)base = true;
		else if (strcmp(v, "false") == 0)
			*(bool *)(void *)base = false;
		else
			return -1;
		return 0;
	case K_SIZE:
	case K_INT: {
		errno = 0;
		long long n = strtoll(v, &end, 10);
		if (errno || *end || end == v || n < k->min || n > k->max)
			return -1;
		if (k->kind == K_SIZE)
			*(size_t *)(void *)base = (size_t)n;
		else
			*(int *)(void *)base = (int)n;
		return 0;
	}
	case K_RATIO: {
		errno = 0;
		double d = strtod(v, &end);
		if (errno || *end || end == v || !(d > 0.0 && d <= 1.0))
			return -1;
		*(double *)(void *)base = d;
		return 0;
	}
	}
	return -1;
}

int tc_conf_parse(const char *text, size_t len, struct tc_conf *c, char *err, size_t errcap)
{
	if (len > CONF_MAX_FILE) {
		snprintf(err, errcap, "file larger than %d bytes", CONF_MAX_FILE);
		return TC_EINVAL;
	}
	char *buf = malloc(len + 1);
	if (buf == NULL)
		return TC_ENOMEM;
	memcpy(buf, text, len);
	buf[len] = '\0';
	int rc = TC_OK;
	bool seen[NKEYS] = {0};
	int lineno = 0;
	for (char *line = buf, *next; line != NULL && rc == TC_OK; line = next) {
		lineno++;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (strlen(line) > 1024) {
			snprintf(err, errcap, "line %d: too long", lineno);
			rc = TC_EINVAL;
			break;
		}
		char *s = trim(line);
		if (*s == '\0' || *s == '#')
			continue;
		char *eq = strchr(s, '=');
		if (eq == NULL) {
			snprintf(err, errcap, "line %d: expected key = value", lineno);
			rc = TC_EINVAL;
			break;
		}
		*eq = '\0';
		char *k = trim(s), *v = trim(eq + 1);
		size_t i;
		for (i = 0; i < NKEYS; i++)
			if (strcmp(keys[i].name, k) == 0)
				break;
		if (i == NKEYS) {
			snprintf(err, errcap, "line %d: unknown key '%.40s'", lineno, k);
			rc = TC_EINVAL;
		} else if (seen[i]) {
			snprintf(err, errcap, "line %d: '%s' given twice", lineno, keys[i].name);
			rc = TC_EINVAL;
		} else if (set_value(c, &keys[i], v) != 0) {
			snprintf(err, errcap, "line %d: bad value for '%s'", lineno, keys[i].name);
			rc = TC_EINVAL;
		}
		if (i < NKEYS)
			seen[i] = true;
	}
	if (len && memchr(text, '\0', len)) {
		snprintf(err, errcap, "file contains a NUL byte");
		rc = TC_EINVAL;
	}
	free(buf);
	return rc;
}

int tc_conf_load(const char *path, struct tc_conf *c, char *err, size_t errcap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errcap, "cannot open: %s", strerror(errno));
		return -errno;
	}
	char *buf = malloc(CONF_MAX_FILE + 1);
	if (buf == NULL) {
		close(fd);
		return TC_ENOMEM;
	}
	size_t len = 0;
	ssize_t n;
	while ((n = read(fd, buf + len, CONF_MAX_FILE + 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	int rc = n < 0 ? TC_EIO : tc_conf_parse(buf, len, c, err, errcap);
	if (n < 0)
		snprintf(err, errcap, "read failed");
	free(buf);
	return rc;
}
