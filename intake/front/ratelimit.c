/*
 * ratelimit.c - token buckets (ratelimit.h).
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "ratelimit.h"

struct bucket {
	uint8_t key[32];
	double tokens, last;
	int used;
};

struct ratelimit {
	pthread_mutex_t lock; /* shared by every loop thread */
	struct ratelimit_config cfg;
	struct bucket global;  /* every source (the HTTPS listener) */
	struct bucket onion;   /* the Tor listener: no source */
	struct bucket *slots;
};

struct ratelimit *ratelimit_new(const struct ratelimit_config *cfg)
{
	struct ratelimit *rl = calloc(1, sizeof(*rl));
	if (rl == NULL)
		return NULL;
	rl->cfg = *cfg;
	if (rl->cfg.sources == 0)
		rl->cfg.sources = 4096;
	rl->slots = calloc(rl->cfg.sources, sizeof(*rl->slots));
	if (rl->slots == NULL) {
		free(rl);
		return NULL;
	}
	pthread_mutex_init(&rl->lock, NULL);
	rl->global.tokens = cfg->global_burst;
	rl->global.used = 1;
	rl->onion.tokens = cfg->onion_burst;
	rl->onion.used = 1;
	return rl;
}

void ratelimit_free(struct ratelimit *rl)
{
	if (rl == NULL)
		return;
	pthread_mutex_destroy(&rl->lock);
	free(rl->slots);
	free(rl);
}

static void refill(struct bucket *b, double rate, double burst, double now)
{
	if (now > b->last) {
		b->tokens = fmin(burst, b->tokens + (now - b->last) * rate);
		b->last = now;
	}
}

static int wait_for(const struct bucket *b, double rate)
{
	double need = 1.0 - b->tokens;
	return rate > 0 ? (int)ceil(need / rate) : 60;
}

static bool check_onion(struct ratelimit *rl, double now, bool consume, int *retry_after_s)
{
	refill(&rl->onion, rl->cfg.onion_rate, rl->cfg.onion_burst, now);
	if (rl->onion.tokens < 1.0) {
		*retry_after_s = wait_for(&rl->onion, rl->cfg.onion_rate);
		return false;
	}
	if (consume)
		rl->onion.tokens -= 1.0;
	return true;
}

static bool check_locked(struct ratelimit *rl, const uint8_t source[32], double now, bool consume,
			 int *retry_after_s)
{
	if (source == NULL)
		return check_onion(rl, now, consume, retry_after_s);
	/* The key is already a keyed hash: its first bytes are a fine index. */
	size_t n = rl->cfg.sources, h;
	memcpy(&h, source, sizeof(h));
	/* Probe 4 slots; take the match, else a free one, else the stalest. */
	struct bucket *b = NULL, *stalest = NULL;
	for (size_t i = 0; i < 4 && b == NULL; i++) {
		struct bucket *c = &rl->slots[(h + i) % n];
		if (c->used && memcmp(c->key, source, 32) == 0)
			b = c;
		else if (!c->used || stalest == NULL || (stalest->used && c->last < stalest->last))
			stalest = stalest && !stalest->used ? stalest : c;
	}
	if (b == NULL) {
		b = stalest;
		memcpy(b->key, source, 32);
		b->tokens = rl->cfg.per_source_burst;
		b->last = now;
		b->used = 1;
	}
	refill(b, rl->cfg.per_source_rate, rl->cfg.per_source_burst, now);
	refill(&rl->global, rl->cfg.global_rate, rl->cfg.global_burst, now);
	if (b->tokens < 1.0) {
		*retry_after_s = wait_for(b, rl->cfg.per_source_rate);
		return false;
	}
	if (rl->global.tokens < 1.0) {
		*retry_after_s = wait_for(&rl->global, rl->cfg.global_rate);
		return false;
	}
	if (consume) {
		b->tokens -= 1.0;
		rl->global.tokens -= 1.0;
	}
	return true;
}

bool ratelimit_check(struct ratelimit *rl, const uint8_t source[32], double now, bool consume,
		     int *retry_after_s)
{
	pthread_mutex_lock(&rl->lock);
	bool ok = check_locked(rl, source, now, consume, retry_after_s);
	pthread_mutex_unlock(&rl->lock);
	return ok;
}
