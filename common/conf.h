/*
 * conf.h - the instance configuration file (DIR/tocao.conf).
 *
 * Format: one "key = value" per line; '#' starts a comment line; blank
 * lines ignored; unknown keys, repeated keys and bad values are errors
 * (a typo must not silently fall back to a default). Paths are relative to
 * the instance directory unless absolute. Keys and defaults: docs/OPERATIONS.md.
 */
#ifndef TOCAO_CONF_H
#define TOCAO_CONF_H

#include <stdbool.h>
#include <stddef.h>

#include "tc_err.h"

#define CONF_MAX_FILE (64 * 1024)

struct tc_conf {
	char listen[128];          /* listen = 127.0.0.1:8443 */
	bool plain_http;           /* plain_http = false (loopback only) */
	char onion_listen[128];    /* onion_listen = 127.0.0.1:8080: plain HTTP for Tor */
	char tls_cert[256];        /* tls_cert = tls/cert.pem */
	char tls_key[256];         /* tls_key = tls/key.pem */
	size_t store_map_mb;       /* store_map_mb = 1024 */
	double store_full_ratio;   /* store_full_ratio = 0.95 */
	size_t max_body_kb;        /* max_body_kb = 1024 */
	size_t max_headers_bytes;  /* max_headers_bytes = 8192 */
	int request_timeout_s;     /* request_timeout_s = 15 */
	int shutdown_grace_s;      /* shutdown_grace_s = 10 */
	int max_files;             /* max_files = 5: attachments per report or message */
	size_t max_file_kb;        /* max_file_kb = 5120 */
	size_t max_upload_kb;      /* max_upload_kb = 10240: all attachments of one request */
	size_t memory_budget_mb;   /* memory_budget_mb = 512: request memory before refusing */
	size_t max_connections;    /* max_connections = 4096: open connections in all */
	size_t max_connections_per_source; /* max_connections_per_source = 64 */
	int request_deadline_s;    /* request_deadline_s = 60: one request's headers and body */
	int submit_per_source_per_min; /* submit_per_source_per_min = 10: new reports */
	int submit_per_source_burst;   /* submit_per_source_burst = 20 */
	int submit_global_per_s;       /* submit_global_per_s = 100 */
	int submit_global_burst;       /* submit_global_burst = 1000 */
	/* The Tor listener's own pool and buckets (issue 13): never shared with HTTPS. */
	size_t onion_max_connections;  /* onion_max_connections = 1024 */
	int onion_submit_per_s;        /* onion_submit_per_s = 10: new reports over Tor */
	int onion_submit_burst;        /* onion_submit_burst = 200 */
	int followup_wrong_global_per_s;  /* followup_wrong_global_per_s = 50: wrong receipts (HTTPS) */
	int followup_wrong_global_burst;  /* followup_wrong_global_burst = 200 */
	int onion_followup_wrong_per_s;   /* onion_followup_wrong_per_s = 10 */
	int onion_followup_wrong_burst;   /* onion_followup_wrong_burst = 50 */
	int signin_challenges_per_source_per_min; /* = 120 (and bursts of as many) */
	int onion_signin_challenges_per_s;        /* onion_signin_challenges_per_s = 2 */
	int onion_signin_challenges_burst;        /* onion_signin_challenges_burst = 30 */
	int monitor_session_s;   /* monitor_session_s = 7200: a monitor's session (fixed) */
	int monitor_device_days; /* monitor_device_days = 90: an enrolled browser's life */
	char metrics_listen[128];      /* metrics_listen = (none): 127.0.0.1:PORT, plain HTTP */
	int metrics_interval_s;        /* metrics_interval_s = 300: figures refreshed this often */
	/* What a citizen may write and read (docs/OPERATIONS.md "Limits"). */
	double followup_reserve_ratio; /* followup_reserve_ratio = 0.80: follow-ups stop at this fill */
	int followup_case_per_day;     /* followup_case_per_day = 20: messages to one case a day */
	int followup_case_total;       /* followup_case_total = 300: and in all */
	size_t followup_case_kb_per_day; /* followup_case_kb_per_day = 20480: bytes a day */
	size_t followup_case_mb_total; /* followup_case_mb_total = 64: and in all */
	int followup_per_source_per_min; /* followup_per_source_per_min = 10: messages */
	size_t followup_source_kb_per_min; /* followup_source_kb_per_min = 1024: their bytes */
	size_t followup_global_kb_per_s; /* followup_global_kb_per_s = 1024: everyone's */
	size_t report_source_kb_per_min; /* report_source_kb_per_min = 10240: reports' bytes */
	size_t report_global_kb_per_s;   /* report_global_kb_per_s = 8192 */
	int followup_reads_per_source_per_min; /* followup_reads_per_source_per_min = 60 */
	int followup_page_messages;    /* followup_page_messages = 50: in one answer */
	size_t followup_page_kb;       /* followup_page_kb = 512: escaped text in one answer */
	size_t followup_read_budget_mb; /* followup_read_budget_mb = 64: reads in flight */
	int threads;               /* threads = 0: event loops, 0 for one per online core */
	char onion_location[256];  /* onion_location = http://....onion (announced on pages) */
	int sweep_interval_s;      /* sweep_interval_s = 600: deadline sweep period */
	int sweep_horizon_wd;      /* sweep_horizon_wd = 3: "due soon" in working days */
	/* Years after closing a case is kept, per track; 0 keeps it for ever (docs/OPERATIONS.md
	 * "Retention"; a period shorter than the law's floor is refused at start). */
	int retention_denunciation_years; /* retention_denunciation_years = 0 */
	int retention_complaint_years;    /* retention_complaint_years = 0 */
	int retention_petition_years;     /* retention_petition_years = 0 */
	/* Reminders without content (docs/OPERATIONS.md "Reminders"): off while smtp_url is unset. */
	char smtp_url[256];        /* smtp_url = smtp://relay.example:587 (smtps:// for TLS at once) */
	char smtp_from[128];       /* smtp_from = tocao@thanhtra.example */
	char smtp_user[128];       /* smtp_user = (none): the relay's login */
	char smtp_password_file[256]; /* smtp_password_file = (none): its password, one line */
	char digest_link[256];     /* digest_link = Mở tocao desk: how to open the desk (text) */
	int digest_hour;           /* digest_hour = 7: the daily digests go out from this local hour */
	int monitor_digest_weekday; /* monitor_digest_weekday = 1: 0 Sunday .. 6 Saturday; 7 every day */
	int digest_poll_s;         /* digest_poll_s = 60: how often the mailer looks at its outbox */
	int digest_keep_days;      /* digest_keep_days = 7: an unsent digest is dropped after this */
	bool dev;                  /* dev = false: set by init --dev */
	char user[64];             /* user = (none): started as root, become NAME after binding */
};

void tc_conf_defaults(struct tc_conf *c);
/* Parse text over the defaults already in c. On error, err gets "line N: ...". */
int tc_conf_parse(const char *text, size_t len, struct tc_conf *c, char *err, size_t errcap) TC_WUR;
int tc_conf_load(const char *path, struct tc_conf *c, char *err, size_t errcap) TC_WUR;

#endif
