/*
 * test_data.c - the data in force: an operator's rule sets over the
 * built-in ones (override, addition, bad files), the snapshot swap under
 * concurrent readers, and the fingerprint and its cause.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dm_calendar.h"
#include "dm_data.h"
#include "dm_deadline.h"
#include "dm_rules.h"
#include "dm_units.h"
#include "tc_test.h"

static dm_day D(const char *s)
{
	dm_day d = DM_DAY_NONE;
	if (dm_day_parse(s, strlen(s), &d) != TC_OK)
		abort();
	return d;
}

/*
 * A copy of a built-in set as text, renamed and re-dated, with one rule
 * changed (key < 0: none). Built from the loaded set, so it lists every
 * rule whatever the key list is.
 */
static char *set_text(const struct dm_rule_set *base, const char *name, const char *eff,
		      int key, int n, const char *basis)
{
	size_t cap = 16384, len = 0;
	char *t = malloc(cap);
	len += (size_t)snprintf(t + len, cap - len, "# test\nset %s %s %s\n", name, eff, base->title);
	for (int k = 0; k < DM_R_COUNT; k++) {
		const struct dm_rule *r = &base->rule[k];
		const char *u = r->unit == DM_RULE_WD ? "WD"
				: r->unit == DM_RULE_CD ? "CD"
				: r->unit == DM_RULE_NA ? "NA"
							: "N";
		len += (size_t)snprintf(t + len, cap - len, "%s %d %s %s\n",
					dm_rule_key_name((enum dm_rule_key)k), k == key ? n : r->n, u,
					k == key ? basis : r->basis);
	}
	snprintf(t + len, cap - len, "end\n");
	return t;
}

static const struct dm_rule_set *builtin_named(const char *name)
{
	const struct dm_rules *b = dm_rules_builtin();
	for (size_t i = 0; i < dm_rules_count(b); i++)
		if (strcmp(dm_rules_at(b, i)->name, name) == 0)
			return dm_rules_at(b, i);
	return NULL;
}

static dm_day process_by(const char *received)
{
	struct dm_clock c;
	struct dm_deadlines d;
	dm_clock_init(&c, DM_TRACK_DENUNCIATION, D(received));
	return dm_deadlines_compute(&c, &d) == TC_OK ? d.at[DM_DL_PROCESS] : DM_DAY_NONE;
}

static const struct dm_snapshot *builtin_snapshot(void)
{
	const struct dm_snapshot *s = NULL;
	struct dm_corrections none = {0};
	struct dm_parse_error err;
	enum dm_data_file which;
	TC_CHECK_INT(dm_data_build(&none, &s, &err, &which), TC_OK);
	return s;
}

static void test_override_replaces_and_adds(void)
{
	const struct dm_rule_set *b2026 = builtin_named("2026-07");
	TC_CHECK(b2026 != NULL);
	if (b2026 == NULL)
		return;
	char *over = set_text(b2026, "2026-07", "2026-07-01", DM_R_DEN_PROCESS, 5,
			      "Nghị định thử nghiệm, Điều 1");
	char *added = set_text(b2026, "2027-01", "2027-01-01", DM_R_DEN_PROCESS, 4, "Test, Điều 2");
	size_t la = strlen(over), lb = strlen(added);
	char *both = malloc(la + lb + 1);
	memcpy(both, over, la);
	memcpy(both + la, added, lb + 1);

	dm_day before = process_by("2026-11-20");
	struct dm_corrections c = {.rules = both, .rules_len = strlen(both)};
	const struct dm_snapshot *s = NULL;
	struct dm_parse_error err;
	enum dm_data_file which;
	TC_CHECK_INT(dm_data_build(&c, &s, &err, &which), TC_OK);
	TC_CHECK_INT(dm_rules_count(s->rules), dm_rules_count(dm_rules_builtin()) + 1);
	TC_CHECK_STR(dm_rules_at(s->rules, dm_rules_count(s->rules) - 1)->name, "2027-01");
	/* Built, not published: nothing changed yet. */
	TC_CHECK_INT(process_by("2026-11-20"), before);
	const struct dm_snapshot *old = dm_snapshot_current();
	dm_snapshot_install(s);
	TC_CHECK_INT(dm_rules_for(D("2026-08-03"))->rule[DM_R_DEN_PROCESS].n, 5);
	TC_CHECK_STR(dm_rules_for(D("2027-03-01"))->name, "2027-01");
	TC_CHECK_INT(dm_rules_for(D("2020-03-01"))->rule[DM_R_DEN_PROCESS].n, 7);
	/* 5 working days from Fri 20 Nov 2026 (Tue 24 is Culture Day): Mon 30. */
	TC_CHECK_INT(process_by("2026-11-20"), D("2026-11-30"));
	TC_CHECK(process_by("2026-11-20") != before);

	/* The fingerprint moves with the sets; the cause names the case's set. */
	char fa[DM_FINGERPRINT_MAX], fb[DM_FINGERPRINT_MAX], why[17];
	TC_CHECK_INT(dm_data_fingerprint(old, fa, sizeof(fa)), TC_OK);
	TC_CHECK_INT(dm_data_fingerprint(s, fb, sizeof(fb)), TC_OK);
	TC_CHECK(strcmp(fa, fb) != 0);
	TC_CHECK(strncmp(fa, fb, 20) == 0); /* same calendar */
	dm_data_cause(fa, s, D("2026-08-03"), why, sizeof(why));
	TC_CHECK_STR(why, "rules 2026-07");
	dm_data_cause(fa, s, D("2020-08-03"), why, sizeof(why));
	TC_CHECK_STR(why, "calendar");
	dm_data_cause(fb, s, D("2026-08-03"), why, sizeof(why));
	TC_CHECK_STR(why, "calendar");
	/* The old snapshot's sets stay readable (kept until exit). */
	TC_CHECK_INT(dm_rules_at(old->rules, 1)->rule[DM_R_DEN_PROCESS].n, 7);

	dm_snapshot_install(builtin_snapshot());
	TC_CHECK_INT(process_by("2026-11-20"), before);
	free(over);
	free(added);
	free(both);
}

/* A bad file: which, line and reason; nothing published. */
static void check_bad_rules(const char *text, int line, const char *msg_part)
{
	struct dm_corrections c = {.rules = text, .rules_len = strlen(text)};
	const struct dm_snapshot *s = (const void *)1, *before = dm_snapshot_current();
	struct dm_parse_error err;
	enum dm_data_file which;
	TC_CHECK_INT(dm_data_build(&c, &s, &err, &which), TC_EFORMAT);
	TC_CHECK(s == NULL);
	TC_CHECK_INT(which, DM_DATA_RULES);
	TC_CHECK_INT(err.line, line);
	if (strstr(err.msg, msg_part) == NULL)
		fprintf(stderr, "message \"%s\" lacks \"%s\"\n", err.msg, msg_part);
	TC_CHECK(strstr(err.msg, msg_part) != NULL);
	TC_CHECK(dm_snapshot_current() == before);
}

static void test_bad_rule_files(void)
{
	const struct dm_rule_set *b = builtin_named("2019");
	/* No article: line 4 is the first rule (comment, set, rule). */
	char *t = set_text(b, "x", "2030-01-01", 0, 7, "");
	check_bad_rules(t, 3, "cites no article");
	free(t);
	/* A new name on the day a built-in set takes effect. */
	t = set_text(b, "other", "2019-01-01", -1, 0, "");
	check_bad_rules(t, 2, "same day");
	free(t);
	check_bad_rules("set a 2030-01-01 T\nnot.a.rule 1 WD X\nend\n", 2, "unknown rule");
	check_bad_rules("set a 2030-01-01 T\nend\n", 2, "lacks rule");
	check_bad_rules("set a 2030-01-01 T\n", 1, "not closed");
	/* A bad notice file is named as such. */
	const char *bad = "year 2027 announced X\noff 2027-02-30 | x\n";
	struct dm_corrections c = {.notices = bad, .notices_len = strlen(bad)};
	const struct dm_snapshot *s;
	struct dm_parse_error err;
	enum dm_data_file which;
	TC_CHECK(dm_data_build(&c, &s, &err, &which) != TC_OK);
	TC_CHECK_INT(which, DM_DATA_NOTICES);
	TC_CHECK_INT(err.line, 2);
}

/* A notice correction: a day off inside a running deadline moves it. */
static void test_notice_correction(void)
{
	dm_day before = process_by("2026-11-20"); /* Wed 2 Dec */
	const char *n = "off 2026-11-30 Nghỉ thử | Test day off\n";
	struct dm_corrections c = {.notices = n, .notices_len = strlen(n)};
	const struct dm_snapshot *s;
	struct dm_parse_error err;
	enum dm_data_file which;
	TC_CHECK_INT(dm_data_build(&c, &s, &err, &which), TC_OK);
	dm_snapshot_install(s);
	TC_CHECK_INT(process_by("2026-11-20"), before + 1);
	char fp[DM_FINGERPRINT_MAX];
	TC_CHECK_INT(dm_data_fingerprint(s, fp, sizeof(fp)), TC_OK);
	dm_snapshot_install(builtin_snapshot());
	char fp0[DM_FINGERPRINT_MAX], why[17];
	TC_CHECK_INT(dm_data_fingerprint(dm_snapshot_current(), fp0, sizeof(fp0)), TC_OK);
	TC_CHECK(strncmp(fp, fp0, 20) != 0);
	dm_data_cause(fp, dm_snapshot_current(), D("2026-11-20"), why, sizeof(why));
	TC_CHECK_STR(why, "calendar");
}

/* Readers computing while snapshots are swapped see one or the other, never a mix. */
struct race {
	atomic_int stop;
	dm_day a, b;
	atomic_long bad, seen_a, seen_b;
};

static void *reader(void *arg)
{
	struct race *r = arg;
	while (!atomic_load(&r->stop)) {
		dm_day d = process_by("2026-11-20");
		if (d == r->a)
			atomic_fetch_add(&r->seen_a, 1);
		else if (d == r->b)
			atomic_fetch_add(&r->seen_b, 1);
		else
			atomic_fetch_add(&r->bad, 1);
	}
	return NULL;
}

static void test_swap_under_readers(void)
{
	const struct dm_snapshot *sa = builtin_snapshot(), *sb;
	/* B: a day off on Mon 30 Nov and a 6-WD process rule: +1 and -1 would mix to others. */
	char *rules = set_text(builtin_named("2026-07"), "2026-07", "2026-07-01",
			       DM_R_DEN_PROCESS, 9, "Test, Điều 3");
	const char *n = "off 2026-11-30 Nghỉ thử | Test day off\n";
	struct dm_corrections c = {.notices = n, .notices_len = strlen(n), .rules = rules,
				   .rules_len = strlen(rules)};
	struct dm_parse_error err;
	enum dm_data_file which;
	TC_CHECK_INT(dm_data_build(&c, &sb, &err, &which), TC_OK);
	struct race r = {0};
	dm_snapshot_install(sa);
	r.a = process_by("2026-11-20");
	dm_snapshot_install(sb);
	r.b = process_by("2026-11-20");
	TC_CHECK(r.a != r.b);
	pthread_t t[3];
	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, reader, &r);
	for (long i = 0; i < 4000 || atomic_load(&r.seen_a) + atomic_load(&r.seen_b) < 3000; i++)
		dm_snapshot_install(i % 2 ? sa : sb);
	atomic_store(&r.stop, 1);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	TC_CHECK_INT(atomic_load(&r.bad), 0);
	TC_CHECK(atomic_load(&r.seen_a) + atomic_load(&r.seen_b) > 0);
	dm_snapshot_install(sa);
	free(rules);
}

int main(void)
{
	if (dm_init() != TC_OK) {
		fprintf(stderr, "dm_init failed\n");
		return 1;
	}
	TC_RUN(test_override_replaces_and_adds);
	TC_RUN(test_bad_rule_files);
	TC_RUN(test_notice_correction);
	TC_RUN(test_swap_under_readers);
	return tc_test_done();
}
