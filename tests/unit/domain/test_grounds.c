/*
 * test_grounds.c - the table of grounds for not accepting (dm_grounds.h):
 * every stored code has its row, in code order, a track, a unique API name
 * that parses back to it, both labels and a citation; each track has
 * exactly one "other" code; the check refuses a missing, unknown or other
 * track's ground with a sentence that has its Vietnamese (dm_reasons.c).
 */
#include <string.h>

#include "dm_grounds.h"
#include "dm_reasons.h"
#include "tc_test.h"

static void test_rows(void)
{
	TC_CHECK(dm_ground_of(DM_GROUND_NONE) == NULL);
	TC_CHECK(dm_ground_of((enum dm_decline_ground)(DM_GROUND_MAX + 1)) == NULL);
	TC_CHECK(dm_ground_of((enum dm_decline_ground)255) == NULL);
	TC_CHECK_STR(dm_ground_name(DM_GROUND_NONE), "?");
	for (int g = 1; g <= DM_GROUND_MAX; g++) {
		const struct dm_ground *d = dm_ground_of((enum dm_decline_ground)g);
		TC_CHECK(d != NULL);
		if (d == NULL)
			continue;
		TC_CHECK_INT(d->code, g);
		TC_CHECK(d->track >= DM_TRACK_DENUNCIATION && d->track <= DM_TRACK_PETITION);
		TC_CHECK(d->name && d->name[0] && d->vi && d->vi[0] && d->en && d->en[0]);
		TC_CHECK(d->citation_vi && d->citation_vi[0] && d->citation_en && d->citation_en[0]);
		enum dm_decline_ground back = DM_GROUND_NONE;
		TC_CHECK_INT(dm_ground_parse(d->name, &back), TC_OK);
		TC_CHECK_INT(back, g);
		TC_CHECK_STR(dm_ground_name((enum dm_decline_ground)g), d->name);
		for (int h = 1; h < g; h++)
			TC_CHECK(strcmp(dm_ground_of((enum dm_decline_ground)h)->name, d->name) != 0);
		TC_CHECK(strlen(d->name) <= 24);
	}
	enum dm_decline_ground out = DM_GROUND_NONE;
	TC_CHECK_INT(dm_ground_parse("den-29-2-b", &out), TC_EINVAL);
	TC_CHECK_INT(dm_ground_parse("", &out), TC_EINVAL);
	TC_CHECK_INT(dm_ground_parse(NULL, &out), TC_EINVAL);
	TC_CHECK_INT(out, DM_GROUND_NONE);
}

/* The stored numbers: never renumbered (docs/FORMAT.md "Grounds for not accepting"). */
static void test_stored_codes(void)
{
	static const struct {
		const char *name;
		int code;
		enum dm_track track;
	} pinned[] = {
		{"den-29-1-a", 1, DM_TRACK_DENUNCIATION},   {"den-29-1-d", 4, DM_TRACK_DENUNCIATION},
		{"den-other", 6, DM_TRACK_DENUNCIATION},    {"info-25-2", 7, DM_TRACK_INFORMATION},
		{"info-other", 8, DM_TRACK_INFORMATION},    {"com-11-1", 9, DM_TRACK_COMPLAINT},
		{"com-11-6", 14, DM_TRACK_COMPLAINT},       {"com-11-9", 17, DM_TRACK_COMPLAINT},
		{"com-other", 18, DM_TRACK_COMPLAINT},      {"pet-06-unfit", 19, DM_TRACK_PETITION},
		{"pet-other", 21, DM_TRACK_PETITION},
	};
	for (size_t i = 0; i < sizeof(pinned) / sizeof(pinned[0]); i++) {
		enum dm_decline_ground g = DM_GROUND_NONE;
		TC_CHECK_INT(dm_ground_parse(pinned[i].name, &g), TC_OK);
		TC_CHECK_INT(g, pinned[i].code);
		TC_CHECK_INT(dm_ground_of(g)->track, pinned[i].track);
	}
	/* One "other" a track, and every track has some ground besides it. */
	for (int t = DM_TRACK_DENUNCIATION; t <= DM_TRACK_PETITION; t++) {
		int other = 0, law = 0;
		for (int g = 1; g <= DM_GROUND_MAX; g++) {
			const struct dm_ground *d = dm_ground_of((enum dm_decline_ground)g);
			if (d->track == (enum dm_track)t)
				*(d->other ? &other : &law) += 1;
		}
		TC_CHECK_INT(other, 1);
		TC_CHECK(law >= 1);
	}
}

static void test_check(void)
{
	const char *why = NULL;
	TC_CHECK_INT(dm_ground_check(DM_GROUND_COM_11_6, DM_TRACK_COMPLAINT, &why), TC_OK);
	TC_CHECK_INT(dm_ground_check(DM_GROUND_NONE, DM_TRACK_COMPLAINT, &why), TC_EINVAL);
	TC_CHECK(why && dm_reason_vi(why) != NULL);
	TC_CHECK_INT(dm_ground_check(DM_GROUND_DEN_29_1_D, DM_TRACK_COMPLAINT, &why), TC_EINVAL);
	TC_CHECK(why && strstr(why, "track") && dm_reason_vi(why) != NULL);
	TC_CHECK_INT(dm_ground_check((enum dm_decline_ground)99, DM_TRACK_COMPLAINT, &why),
		     TC_EINVAL);
	TC_CHECK(why && dm_reason_vi(why) != NULL);
	TC_CHECK(dm_reason_vi("a ground is given with a decline only") != NULL);
	/* The reporter's words: the ground's, or a general sentence for "other" and none. */
	TC_CHECK_STR(dm_ground_for_reporter(DM_GROUND_COM_11_6),
		     dm_ground_of(DM_GROUND_COM_11_6)->vi);
	TC_CHECK(strcmp(dm_ground_for_reporter(DM_GROUND_COM_OTHER),
			dm_ground_of(DM_GROUND_COM_OTHER)->vi) != 0);
	TC_CHECK_STR(dm_ground_for_reporter(DM_GROUND_NONE),
		     dm_ground_for_reporter(DM_GROUND_PET_OTHER));
}

int main(void)
{
	TC_RUN(test_rows);
	TC_RUN(test_stored_codes);
	TC_RUN(test_check);
	return tc_test_done();
}
