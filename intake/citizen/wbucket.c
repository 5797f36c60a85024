/*
 * wbucket.c - weighted token buckets (wbucket.h).
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "wbucket.h"

struct slot {
	uint8_t key[32];
	double tokens, last;
	bool used;
};

struct wbucket {
	pthread_mutex_t lock;
	struct wbucket_config cfg;
	struct slot global;
	struct slot *slots;
};

struct wbucket *wbucket_new(const struct wbucket_config *cfg)
{
	struct wbucket *wb = calloc(1, sizeof(*wb));
	if (wb == NULL)
		return NULL;
	wb->cfg = *cfg;
	if (wb->cfg.sources == 0)
		wb->cfg.sources = 4096;
	wb->slots = calloc(wb->cfg.sources, sizeof(*wb->slots));
	if (wb->slots == NULL) {
		free(wb);
		return NULL;
	}
	pthread_mutex_init(&wb->lock, NULL);
	wb->global = (struct slot){.tokens = cfg->global_burst, .used = true};
	return wb;
}

void wbucket_free(struct wbucket *wb)
{
	if (wb == NULL)
		return;
	pthread_mutex_destroy(&wb->lock);
	free(wb->slots);
	free(wb);
}

static void refill(struct slot *s, double rate, double burst, double now)
{
	if (now > s->last) {
		s->tokens = fmin(burst, s->tokens + (now - s->last) * rate);
		s->last = now;
	}
}

/* Seconds until s holds need tokens (at least 1). */
static int wait_for(const struct slot *s, double need, double rate)
{
	if (rate <= 0)
		return 3600;
	double w = ceil((need - s->tokens) / rate);
	return w < 1 ? 1 : w > 86400 ? 86400 : (int)w;
}

/* The source's slot: its own, else a free one, else the stalest of four. */
static struct slot *slot_of(struct wbucket *wb, const uint8_t source[32], double now)
{
	size_t n = wb->cfg.sources, h;
	memcpy(&h, source, sizeof(h)); /* a keyed hash already: its bytes are a fine index */
	struct slot *pick = NULL;
	for (size_t i = 0; i < 4; i++) {
		struct slot *c = &wb->slots[(h + i) % n];
		if (c->used && memcmp(c->key, source, 32) == 0)
			return c;
		if (pick == NULL || (pick->used && (!c->used || c->last < pick->last)))
			pick = c;
	}
	memcpy(pick->key, source, 32);
	pick->tokens = wb->cfg.source_burst;
	pick->last = now;
	pick->used = true;
	return pick;
}

bool wbucket_take(struct wbucket *wb, const uint8_t source[32], double now, double weight,
		  int *retry_after_s)
{
	const struct wbucket_config *c = &wb->cfg;
	bool global = c->global_rate > 0;
	pthread_mutex_lock(&wb->lock);
	struct slot *s = source ? slot_of(wb, source, now) : NULL;
	double ws = fmin(weight, c->source_burst), wg = fmin(weight, c->global_burst);
	bool ok = true;
	if (s) {
		refill(s, c->source_rate, c->source_burst, now);
		if (s->tokens < ws) {
			*retry_after_s = wait_for(s, ws, c->source_rate);
			ok = false;
		}
	}
	if (ok && global) {
		refill(&wb->global, c->global_rate, c->global_burst, now);
		if (wb->global.tokens < wg) {
			*retry_after_s = wait_for(&wb->global, wg, c->global_rate);
			ok = false;
		}
	}
	if (ok && s)
		s->tokens -= ws;
	if (ok && global)
		wb->global.tokens -= wg;
	pthread_mutex_unlock(&wb->lock);
	return ok;
}
