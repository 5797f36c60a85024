#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "sweep_retention.h"


struct collect {
	char (*ids)[STORE_CASE_ID_LEN + 1];
	size_t n;
};

static int collect_one(const struct store_case *c, dm_day due, void *arg)
{
	struct collect *k = arg;
	(void)due;
	memcpy(k->ids[k->n++], c->case_id, STORE_CASE_ID_LEN + 1);
	return k->n == SWEEP_RETENTION_MAX;
}

int sweep_retention_scan(struct store_txn *txn, const struct case_retention_policy *p,
			 dm_day today, char (**ids)[STORE_CASE_ID_LEN + 1], size_t *n)
{
	struct collect k = {.ids = calloc(SWEEP_RETENTION_MAX, sizeof(*k.ids))};
	*ids = NULL;
	*n = 0;
	if (k.ids == NULL)
		return TC_ENOMEM;
	int rc = case_retention_scan(txn, p, today, collect_one, &k);
	if (rc != TC_OK || k.n == 0) {
		free(k.ids);
		return rc;
	}
	*ids = k.ids;
	*n = k.n;
	return TC_OK;
}

struct retention_write {
	struct store_write w;
	struct case_retention_policy policy;
	dm_day today;
	char (*ids)[STORE_CASE_ID_LEN + 1];
	size_t n, deleted;
};

static int apply(struct store_txn *txn, struct store_write *w)
{
	struct retention_write *r = w->arg;
	return case_retention_apply(txn, &r->policy, r->today,
				    (const char (*)[STORE_CASE_ID_LEN + 1])r->ids, r->n, &r->deleted);
}

/* On the writer thread, once durable: a count only, never an id next to a time. */
static void done(struct store_write *w, int rc)
{
	struct retention_write *r = w->arg;
	if (rc != TC_OK)
		log_msg(LOG_WARN, "retention: deleting closed cases failed: %s", tc_strerror(rc));
	else
		log_msg(LOG_INFO, "retention: %zu closed cases past their period deleted "
				  "(compaction removes their pages: tocao retention --compact)",
			r->deleted);
	free(r->ids);
	free(r);
}

void sweep_retention_run(struct store *st, const struct case_retention_policy *p, dm_day today)
{
	if (case_retention_keeps_all(p))
		return;
	struct retention_write *r = calloc(1, sizeof(*r));
	struct store_txn *txn = NULL;
	int rc = r ? store_read_begin(st, &txn) : TC_ENOMEM;
	if (rc == TC_OK)
		rc = sweep_retention_scan(txn, p, today, &r->ids, &r->n);
	store_read_end(txn);
	if (rc != TC_OK)
		log_msg(LOG_WARN, "retention scan failed: %s", tc_strerror(rc));
	if (rc != TC_OK || r->n == 0) {
		if (r)
			free(r->ids);
		free(r);
		return;
	}
	r->policy = *p;
	r->today = today;
	r->w = (struct store_write){.apply = apply, .done = done, .arg = r};
	if (store_submit(st, &r->w) != TC_OK) {
		free(r->ids);
		free(r);
	}
}
