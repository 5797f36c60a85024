/*
 * test_figures.c - the monitors' disclosure control (case_figures.h,
 * mon_figures_protect), tested the way an attacker would use it.
 *
 * A small checker plays the monitor: it knows the published figures and
 * the published rule (every count rounded to a multiple of 5: a cell
 * published r lies in r-4..r+4, a 0 in 0..4; a total too when rounded by
 * the keyed draw, r-2..r+2 when rounded to the nearest, without a key;
 * cells a filter excludes are 0), takes every relation a view publishes (a total
 * and each of its breakdowns; the open cases by status and by province;
 * a unit's overdue cases and their days-overdue bands) and tightens every
 * cell's interval by subtraction until nothing changes (interval
 * propagation: the "total minus the visible parts" attack, repeated across
 * all relations). No cell holding 1 or 2 cases may end up pinned to one
 * value. The same checker, given the old publication (exact counts, "<3"
 * for 1 and 2), does pin them: the attack worked before.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dm_case.h"
#include "dm_units.h"
#include "case_figures.h"
#include "tc_test.h"

/* The instance's server key (the totals' rounding); NULL for the keyless rule. */
static struct cr_server_key *key;

/* ---- The attacker's checker ---- */

#define VMAX 20000
#define RMAX 4000
#define BIG ((int64_t)1 << 40)

struct checker {
	int64_t lo[VMAX], hi[VMAX], truth[VMAX];
	int nv;
	int rel_start[RMAX + 1], rel_var[VMAX * 2];
	int nr, nrv;
	bool old; /* the old publication: exact counts, "<3" for 1 and 2 */
};

enum pub_kind { PUB_CELL, PUB_TOTAL, PUB_ZERO, PUB_HIDDEN };

/* A variable as the attacker knows it from how it was published. */
static int var(struct checker *c, enum pub_kind k, int64_t published, int64_t truth)
{
	int i = c->nv++;
	c->truth[i] = truth;
	if (k == PUB_ZERO) {
		c->lo[i] = c->hi[i] = 0;
	} else if (k == PUB_HIDDEN) {
		c->lo[i] = 0;
		c->hi[i] = BIG;
	} else if (c->old) {
		bool small = truth > 0 && truth < MF_SUPPRESS_BELOW;
		c->lo[i] = small ? 1 : truth;
		c->hi[i] = small ? MF_SUPPRESS_BELOW - 1 : truth;
	} else {
		/* Totals: nearest without a key; with one, either way (the attacker lacks it). */
		int64_t w = k == PUB_TOTAL && key == NULL ? MF_ROUND_BASE / 2 : MF_ROUND_BASE - 1;
		c->lo[i] = published - w < 0 ? 0 : published - w;
		c->hi[i] = published + w;
	}
	return i;
}

static void rel_begin(struct checker *c, int total)
{
	c->rel_start[c->nr] = c->nrv;
	c->rel_var[c->nrv++] = total;
}

static void rel_part(struct checker *c, int v)
{
	c->rel_var[c->nrv++] = v;
}

static void rel_end(struct checker *c)
{
	c->nr++;
	c->rel_start[c->nr] = c->nrv;
}

static bool tighten(int64_t *lo, int64_t *hi, int64_t nlo, int64_t nhi)
{
	bool ch = false;
	if (nlo > *lo) {
		*lo = nlo;
		ch = true;
	}
	if (nhi < *hi) {
		*hi = nhi;
		ch = true;
	}
	return ch;
}

/* Subtraction in every relation, to a fixed point. */
static void propagate(struct checker *c)
{
	for (bool changed = true; changed;) {
		changed = false;
		for (int r = 0; r < c->nr; r++) {
			int t = c->rel_var[c->rel_start[r]];
			int64_t slo = 0, shi = 0;
			for (int k = c->rel_start[r] + 1; k < c->rel_start[r + 1]; k++) {
				slo += c->lo[c->rel_var[k]];
				shi += c->hi[c->rel_var[k]];
			}
			changed |= tighten(&c->lo[t], &c->hi[t], slo, shi);
			for (int k = c->rel_start[r] + 1; k < c->rel_start[r + 1]; k++) {
				int p = c->rel_var[k];
				changed |= tighten(&c->lo[p], &c->hi[p], c->lo[t] - (shi - c->hi[p]),
						   c->hi[t] - (slo - c->lo[p]));
			}
		}
	}
}

/* Cells of 1 or 2 the attacker pins to their value; -1 if the model is unsound. */
static int pinned(const struct checker *c)
{
	int n = 0;
	for (int i = 0; i < c->nv; i++) {
		if (c->truth[i] < c->lo[i] || c->truth[i] > c->hi[i])
			return -1;
		if (c->truth[i] > 0 && c->truth[i] < MF_SUPPRESS_BELOW && c->lo[i] == c->hi[i])
			n++;
	}
	return n;
}

/* ---- One view's publication as relations ---- */

/* A breakdown of total: cells outside the filter are known zeros. */
static void breakdown(struct checker *c, int total, const int64_t *pub, const int64_t *exact,
		      size_t n, const bool *excluded)
{
	rel_begin(c, total);
	for (size_t i = 0; i < n; i++)
		rel_part(c, var(c, excluded && excluded[i] ? PUB_ZERO : PUB_CELL, pub[i], exact[i]));
	rel_end(c);
}

struct exclusions {
	bool province[DM_PROVINCE_COUNT], unit[DM_UNIT_COUNT], track[MF_TRACKS], cat[MF_CATEGORIES];
};

static void exclusions_of(const struct mon_figures *f, struct exclusions *x)
{
	memset(x, 0, sizeof(*x));
	x->track[0] = x->cat[0] = true;
	for (size_t p = 0; p < DM_PROVINCE_COUNT; p++)
		x->province[p] = f->filter.province[0] && mon_province_index(f->filter.province) != (int)p;
	for (size_t u = 0; u < DM_UNIT_COUNT; u++) {
		const struct dm_unit *un = dm_unit_at(u);
		x->unit[u] = f->filter.province[0] && un->province &&
			     strcmp(un->province->code, f->filter.province) != 0;
	}
	for (int t = 1; t < MF_TRACKS; t++)
		x->track[t] = f->filter.track && f->filter.track != t;
	for (int k = 1; k < MF_CATEGORIES; k++)
		x->cat[k] = f->filter.category && f->filter.category != k;
}

static void model_events(struct checker *c, const struct mon_figures *p,
			 const struct mon_figures *e, const struct exclusions *x)
{
	for (int ev = 0; ev < MF_EVENTS; ev++) {
		int t = var(c, PUB_TOTAL, p->ev[ev], e->ev[ev]);
		breakdown(c, t, p->ev_province[ev], e->ev_province[ev], DM_PROVINCE_COUNT, x->province);
		breakdown(c, t, p->ev_track[ev], e->ev_track[ev], MF_TRACKS, x->track);
		breakdown(c, t, p->ev_category[ev], e->ev_category[ev], MF_CATEGORIES, x->cat);
		breakdown(c, t, p->ev_unit[ev], e->ev_unit[ev], DM_UNIT_COUNT, x->unit);
		breakdown(c, t, p->bucket[ev], e->bucket[ev], (size_t)e->n_buckets, NULL);
	}
}

static void model_now(struct checker *c, const struct mon_figures *p, const struct mon_figures *e,
		      const struct exclusions *x)
{
	int64_t open_exact = 0;
	for (int s = 1; s < MF_STATUSES; s++)
		if (!dm_status_is_closed((enum dm_status)s) && s != DM_STATUS_TRANSFERRED)
			open_exact += e->status_now[s];
	/* The open cases' total is never shown: the statuses and the provinces both add up to it. */
	int open = var(c, PUB_HIDDEN, 0, open_exact);
	rel_begin(c, open);
	for (int s = 1; s < MF_STATUSES; s++)
		if (!dm_status_is_closed((enum dm_status)s) && s != DM_STATUS_TRANSFERRED)
			rel_part(c, var(c, PUB_CELL, p->status_now[s], e->status_now[s]));
	rel_end(c);
	breakdown(c, open, p->open_province, e->open_province, DM_PROVINCE_COUNT, x->province);
	int t = var(c, PUB_TOTAL, p->overdue, e->overdue);
	breakdown(c, t, p->overdue_province, e->overdue_province, DM_PROVINCE_COUNT, x->province);
	breakdown(c, t, p->overdue_track, e->overdue_track, MF_TRACKS, x->track);
	breakdown(c, t, p->overdue_category, e->overdue_category, MF_CATEGORIES, x->cat);
	/* Each unit's figure is also the total of its days-overdue bands. */
	int unit[DM_UNIT_COUNT];
	for (size_t u = 0; u < DM_UNIT_COUNT; u++)
		unit[u] = var(c, x->unit[u] ? PUB_ZERO : PUB_CELL, p->overdue_unit[u], e->overdue_unit[u]);
	rel_begin(c, t);
	for (size_t u = 0; u < DM_UNIT_COUNT; u++)
		rel_part(c, unit[u]);
	rel_end(c);
	for (size_t u = 0; u < DM_UNIT_COUNT; u++)
		breakdown(c, unit[u], p->overdue_band[u], e->overdue_band[u], MF_OVERDUE_BANDS, NULL);
}

/* The attacker's best on the view whose exact figures are e (protected: p). */
static int attack(const struct mon_figures *e, const struct mon_figures *p, bool old)
{
	static struct checker c;
	memset(&c, 0, sizeof(c));
	c.old = old;
	struct exclusions x;
	exclusions_of(e, &x);
	model_events(&c, p, e, &x);
	model_now(&c, p, e, &x);
	propagate(&c);
	return pinned(&c);
}

/* ---- Building views by hand ---- */

static uint64_t rng = 88172645463325252ull;
static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

struct one_case {
	int province, unit, track, category, month;
	bool accepted, settled, on_time;
	int status, overdue_days; /* overdue_days 0: not overdue */
};

static void count_event(struct mon_figures *f, int ev, const struct one_case *k)
{
	f->ev[ev]++;
	f->ev_province[ev][k->province]++;
	f->ev_track[ev][k->track]++;
	f->ev_category[ev][k->category]++;
	f->ev_unit[ev][k->unit]++;
	f->bucket[ev][k->month]++;
}

/* As mon_figures_compute and mon_figures_overdue_bands would count it. */
static void count(struct mon_figures *f, const struct one_case *k)
{
	count_event(f, MF_RECEIVED, k);
	if (k->accepted)
		count_event(f, MF_ACCEPTED, k);
	if (k->settled) {
		count_event(f, MF_SETTLED, k);
		f->settle_days[10 + k->month]++;
	}
	if (k->on_time)
		count_event(f, MF_ON_TIME, k);
	f->status_now[k->status]++;
	if (!dm_status_is_closed((enum dm_status)k->status) && k->status != DM_STATUS_TRANSFERRED)
		f->open_province[k->province]++;
	if (k->overdue_days) {
		f->overdue++;
		f->overdue_province[k->province]++;
		f->overdue_track[k->track]++;
		f->overdue_category[k->category]++;
		f->overdue_unit[k->unit]++;
		f->overdue_band[k->unit][mon_overdue_band(k->overdue_days)]++;
	}
}

static void empty_view(struct mon_figures *f, const char *province, int track)
{
	memset(f, 0, sizeof(*f));
	if (province)
		memcpy(f->filter.province, province, 3);
	f->filter.track = (uint8_t)track;
	f->n_buckets = 12;
	f->settle_days_exact = true;
}

static int centre(void)
{
	return mon_unit_index("TTCP");
}

/* The inspectorate of the province at index p. */
static int unit_of(int p)
{
	char id[8];
	snprintf(id, sizeof(id), "TT-%s", dm_province_at((size_t)p)->code);
	return mon_unit_index(id);
}

static struct one_case a_case(int province, int track, int category)
{
	struct one_case k = {.province = province, .unit = unit_of(province), .track = track,
			     .category = category, .status = DM_STATUS_RECEIVED};
	return k;
}

/* ---- Tests ---- */

/* Every published count a multiple of 5 within 4 of the truth; every breakdown adds up. */
static void check_published(const struct mon_figures *e, const struct mon_figures *p)
{
	for (int ev = 0; ev < MF_EVENTS; ev++) {
		int64_t s[5] = {0};
		TC_CHECK(p->ev[ev] % MF_ROUND_BASE == 0);
		TC_CHECK(llabs(p->ev[ev] - e->ev[ev]) <= (key ? MF_ROUND_BASE - 1 : MF_ROUND_BASE / 2));
		for (int i = 0; i < DM_PROVINCE_COUNT; i++) {
			TC_CHECK(p->ev_province[ev][i] % MF_ROUND_BASE == 0);
			TC_CHECK(llabs(p->ev_province[ev][i] - e->ev_province[ev][i]) < MF_ROUND_BASE);
			s[0] += p->ev_province[ev][i];
		}
		for (int i = 0; i < MF_TRACKS; i++)
			s[1] += p->ev_track[ev][i];
		for (int i = 0; i < MF_CATEGORIES; i++)
			s[2] += p->ev_category[ev][i];
		for (int i = 0; i < DM_UNIT_COUNT; i++)
			s[3] += p->ev_unit[ev][i];
		for (int i = 0; i < p->n_buckets; i++) {
			TC_CHECK(llabs(p->bucket[ev][i] - e->bucket[ev][i]) < MF_ROUND_BASE);
			s[4] += p->bucket[ev][i];
		}
		for (int i = 0; i < 5; i++)
			TC_CHECK_INT(s[i], p->ev[ev]);
	}
	int64_t u = 0;
	for (int i = 0; i < DM_UNIT_COUNT; i++) {
		u += p->overdue_unit[i];
		int64_t b = 0;
		for (int k = 0; k < MF_OVERDUE_BANDS; k++)
			b += p->overdue_band[i][k];
		TC_CHECK_INT(b, p->overdue_unit[i]);
	}
	TC_CHECK_INT(u, p->overdue);
}

/* The example: a province of 10 cases, tracks 4, 5 and 1. */
static void test_province_row(void)
{
	static struct mon_figures e, p;
	empty_view(&e, "96", 0);
	int cm = mon_province_index("96");
	const int tracks[][2] = {{1, 4}, {3, 5}, {4, 1}};
	for (int t = 0; t < 3; t++)
		for (int i = 0; i < tracks[t][1]; i++) {
			struct one_case k = a_case(cm, tracks[t][0], 1 + i % 3);
			count(&e, &k);
		}
	TC_CHECK(attack(&e, &e, true) > 0); /* before: 10 - 4 - 5 = 1 */
	p = e;
	mon_figures_protect(&p, key);
	TC_CHECK_INT(p.ev[MF_RECEIVED], 10);
	TC_CHECK_INT(p.ev_track[MF_RECEIVED][1] + p.ev_track[MF_RECEIVED][3] +
			     p.ev_track[MF_RECEIVED][4], 10);
	check_published(&e, &p);
	TC_CHECK_INT(attack(&e, &p, false), 0);
}

/* Four provinces with 2 cases each: "<3" four times and a total of 8 gave them all away. */
static void test_all_small(void)
{
	static struct mon_figures e, p;
	empty_view(&e, NULL, 0);
	for (int prov = 0; prov < 4; prov++)
		for (int i = 0; i < 2; i++) {
			struct one_case k = a_case(prov * 5, 1, 2);
			k.overdue_days = 40;
			k.status = DM_STATUS_ACCEPTED;
			count(&e, &k);
		}
	TC_CHECK(attack(&e, &e, true) >= 4);
	p = e;
	mon_figures_protect(&p, key);
	check_published(&e, &p);
	TC_CHECK(p.ev[MF_RECEIVED] == 5 || p.ev[MF_RECEIVED] == 10);
	TC_CHECK(p.overdue == 5 || p.overdue == 10);
	TC_CHECK_INT(attack(&e, &p, false), 0);
	/* Too few settled: no rate, no days to settle. */
	TC_CHECK_INT(p.median_days, -1);
	TC_CHECK_INT(mon_rate_permille(p.ev[MF_ON_TIME], p.ev[MF_SETTLED]), -1);
}

static struct one_case random_case(int n_prov, int only_province, int only_track)
{
	struct one_case k;
	k.province = only_province >= 0 ? only_province : (int)rnd((unsigned)n_prov) * 3;
	k.unit = rnd(10) == 0 ? centre() : unit_of(k.province);
	k.track = only_track ? only_track : 1 + (int)rnd(4);
	k.category = 1 + (int)rnd(MF_CATEGORIES - 1);
	k.month = (int)rnd(12);
	k.accepted = rnd(2);
	k.settled = k.accepted && rnd(2);
	k.on_time = k.settled && rnd(4) != 0;
	k.status = k.settled ? DM_STATUS_SETTLED : 1 + (int)rnd(MF_STATUSES - 1);
	k.overdue_days = !dm_status_is_closed((enum dm_status)k.status) && rnd(3) == 0
				 ? 1 + (int)rnd(200)
				 : 0;
	return k;
}

/* Sparse random views (where small cells abound): always safe now, often broken before. */
static void test_random_views(void)
{
	static struct mon_figures e, p;
	int broken_before = 0, broken_now = 0, unsound = 0;
	for (int round = 0; round < 400; round++) {
		int n = 1 + (int)rnd(80), n_prov = 1 + (int)rnd(8);
		bool one = rnd(3) == 0; /* a provincial monitor's view */
		int prov = one ? (int)rnd(DM_PROVINCE_COUNT) : -1;
		empty_view(&e, one ? dm_province_at((size_t)prov)->code : NULL, 0);
		for (int i = 0; i < n; i++) {
			struct one_case k = random_case(n_prov, prov, 0);
			count(&e, &k);
		}
		int before = attack(&e, &e, true);
		p = e;
		mon_figures_protect(&p, key);
		check_published(&e, &p);
		int now = attack(&e, &p, false);
		broken_before += before > 0;
		broken_now += now > 0;
		unsound += now < 0 || before < 0;
	}
	printf("random views (%s): %d of 400 gave a cell of 1 or 2 away before, %d now\n",
	       key ? "keyed totals" : "nearest totals", broken_before, broken_now);
	TC_CHECK(broken_before > 100);
	TC_CHECK_INT(broken_now, 0);
	TC_CHECK_INT(unsound, 0);
}

/*
 * Across views: the national view, each province's, each track's and each
 * province-and-track's publish the same quantities in different tables
 * (a province's total is a cell of the national view, ...). Each published
 * value narrows the one quantity; the relations tie them together. The
 * residual risk that SECURITY.md states: measured here, not ruled out.
 */
#define XP 6
#define XT 4
struct cross {
	struct checker c;
	int g, r[XP], t[XT], x[XP][XT];
};

static void narrow(struct checker *c, int v, enum pub_kind k, int64_t published)
{
	int w = var(c, k, published, c->truth[v]);
	tighten(&c->lo[v], &c->hi[v], c->lo[w], c->hi[w]);
}

static void publish_view(struct cross *x, const int n[XP][XT], int only_p, int only_t)
{
	static struct mon_figures f;
	empty_view(&f, only_p >= 0 ? dm_province_at((size_t)only_p * 5)->code : NULL,
		   only_t >= 0 ? only_t + 1 : 0);
	for (int p = 0; p < XP; p++)
		for (int t = 0; t < XT; t++)
			for (int i = 0; i < n[p][t]; i++) {
				if ((only_p >= 0 && p != only_p) || (only_t >= 0 && t != only_t))
					continue;
				struct one_case k = a_case(p * 5, t + 1, 1);
				count(&f, &k);
			}
	mon_figures_protect(&f, key);
	int total = only_p < 0 ? (only_t < 0 ? x->g : x->t[only_t])
			       : (only_t < 0 ? x->r[only_p] : x->x[only_p][only_t]);
	narrow(&x->c, total, PUB_TOTAL, f.ev[MF_RECEIVED]);
	for (int p = 0; p < XP && only_p < 0; p++)
		narrow(&x->c, only_t < 0 ? x->r[p] : x->x[p][only_t], PUB_CELL,
		       f.ev_province[MF_RECEIVED][p * 5]);
	for (int t = 0; t < XT && only_t < 0; t++)
		narrow(&x->c, only_p < 0 ? x->t[t] : x->x[only_p][t], PUB_CELL,
		       f.ev_track[MF_RECEIVED][t + 1]);
}

static int cross_attack(const int n[XP][XT])
{
	static struct cross x;
	memset(&x, 0, sizeof(x));
	struct checker *c = &x.c;
	int64_t g = 0, r[XP] = {0}, t[XT] = {0};
	for (int p = 0; p < XP; p++)
		for (int k = 0; k < XT; k++) {
			x.x[p][k] = var(c, PUB_HIDDEN, 0, n[p][k]);
			r[p] += n[p][k];
			t[k] += n[p][k];
			g += n[p][k];
		}
	x.g = var(c, PUB_HIDDEN, 0, g);
	for (int p = 0; p < XP; p++)
		x.r[p] = var(c, PUB_HIDDEN, 0, r[p]);
	for (int k = 0; k < XT; k++)
		x.t[k] = var(c, PUB_HIDDEN, 0, t[k]);
	rel_begin(c, x.g);
	for (int p = 0; p < XP; p++)
		rel_part(c, x.r[p]);
	rel_end(c);
	rel_begin(c, x.g);
	for (int k = 0; k < XT; k++)
		rel_part(c, x.t[k]);
	rel_end(c);
	for (int p = 0; p < XP; p++) {
		rel_begin(c, x.r[p]);
		for (int k = 0; k < XT; k++)
			rel_part(c, x.x[p][k]);
		rel_end(c);
	}
	for (int k = 0; k < XT; k++) {
		rel_begin(c, x.t[k]);
		for (int p = 0; p < XP; p++)
			rel_part(c, x.x[p][k]);
		rel_end(c);
	}
	for (int p = -1; p < XP; p++)
		for (int k = -1; k < XT; k++)
			publish_view(&x, n, p, k);
	propagate(c);
	return pinned(c);
}

static void test_across_views(void)
{
	int broken = 0, unsound = 0, rounds = 300;
	for (int round = 0; round < rounds; round++) {
		int n[XP][XT];
		for (int p = 0; p < XP; p++)
			for (int k = 0; k < XT; k++)
				n[p][k] = rnd(3) == 0 ? 0 : (int)rnd(1 + (unsigned)round % 9);
		int got = cross_attack(n);
		broken += got > 0;
		unsound += got < 0;
	}
	printf("across all %d filtered views of a %dx%d table (%s): %d of %d tables gave a cell away\n",
	       (XP + 1) * (XT + 1), XP, XT, key ? "keyed totals" : "nearest totals", broken, rounds);
	TC_CHECK_INT(unsound, 0);
}

static void test_round_margin(void)
{
	int64_t x[] = {4, 5, 1};
	TC_CHECK_INT(mf_round_margin(x, 3, 10, 7), 10);
	TC_CHECK_INT(x[0], 5);
	TC_CHECK_INT(x[1], 5);
	TC_CHECK_INT(x[2], 0);
	int64_t y[] = {2, 2, 2, 2};
	TC_CHECK_INT(mf_round_margin(y, 4, 10, 1), 10);
	TC_CHECK_INT(y[0] + y[1] + y[2] + y[3], 10);
	for (int i = 0; i < 4; i++)
		TC_CHECK(y[i] == 0 || y[i] == 5);
	/* A target that is not next to the sum is replaced by the nearest. */
	int64_t z[] = {1, 1};
	TC_CHECK_INT(mf_round_margin(z, 2, 20, 1), 0);
	TC_CHECK_INT(z[0] + z[1], 0);
	TC_CHECK_INT(mf_round_total(2), 0);
	TC_CHECK_INT(mf_round_total(3), 5);
	TC_CHECK_INT(mf_round_total(12), 10);
	TC_CHECK_INT(mf_round_total(13), 15);
	/* Protecting twice changes nothing. */
	static struct mon_figures f, g;
	empty_view(&f, NULL, 0);
	struct one_case k = a_case(0, 1, 1);
	count(&f, &k);
	mon_figures_protect(&f, key);
	g = f;
	mon_figures_protect(&g, key);
	TC_CHECK(memcmp(&f, &g, sizeof(f)) == 0);
}

static void test_rates_and_quantiles(void)
{
	static struct mon_figures f;
	empty_view(&f, NULL, 0);
	for (int i = 0; i < 12; i++) {
		struct one_case k = a_case(0, 1, 1);
		k.accepted = k.settled = true;
		k.on_time = i < 9;
		k.status = DM_STATUS_SETTLED;
		count(&f, &k);
	}
	mon_figures_protect(&f, NULL); /* nearest: 12 and 9 give 10 and 10 */
	TC_CHECK_INT(f.ev[MF_SETTLED], 10);
	TC_CHECK_INT(f.ev[MF_ON_TIME], 10);
	/* From the published figures: 10 of 10. */
	TC_CHECK_INT(mon_rate_permille(f.ev[MF_ON_TIME], f.ev[MF_SETTLED]), 1000);
	TC_CHECK_INT(f.median_days, 10);
	for (int d = 0; d <= COUNT_DAYS_CAP; d++)
		TC_CHECK_INT(f.settle_days[d], 0);
	TC_CHECK_INT(mon_rate_permille(5, 5), -1);
	TC_CHECK_INT(mon_rate_permille(15, 10), 1000);
}

static void test_whole_months(void)
{
	dm_day from, to, today, want;
	dm_day_from_ymd(2026, 5, 20, &today);
	dm_day_from_ymd(2026, 1, 17, &from);
	dm_day_from_ymd(2026, 2, 3, &to);
	mon_period_months(&from, &to, today);
	dm_day_from_ymd(2026, 1, 1, &want);
	TC_CHECK_INT(from, want);
	dm_day_from_ymd(2026, 2, 28, &want);
	TC_CHECK_INT(to, want);
	dm_day_from_ymd(2026, 5, 2, &to);
	mon_period_months(&from, &to, today);
	TC_CHECK_INT(to, today);
	dm_day_from_ymd(2025, 12, 9, &to);
	mon_period_months(&from, &to, today);
	dm_day_from_ymd(2025, 12, 31, &want);
	TC_CHECK_INT(to, want);
}

int main(void)
{
	if (dm_init() != TC_OK || cr_init() != TC_OK)
		return 1;
	mon_figures_init();
	char dir[] = "/tmp/tocao-figures-test-XXXXXX", path[64];
	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof(path), "%s/server.key", dir);
	if (cr_server_key_create(path) != TC_OK || cr_server_key_load(path, &key) != TC_OK)
		return 1;
	remove(path);
	rmdir(dir);
	TC_RUN(test_round_margin);
	TC_RUN(test_province_row);
	TC_RUN(test_all_small);
	TC_RUN(test_rates_and_quantiles);
	TC_RUN(test_random_views);
	TC_RUN(test_across_views);
	/* The keyless rule (nearest totals) holds within a view too. */
	struct cr_server_key *k = key;
	key = NULL;
	TC_RUN(test_province_row);
	TC_RUN(test_random_views);
	TC_RUN(test_across_views);
	key = k;
	TC_RUN(test_whole_months);
	cr_server_key_free(key);
	return tc_test_done();
}
