/*
 * The desk's pure pieces: folding Vietnamese text for search, the cases in
 * memory (due classes against a hand-counted calendar, sorting, filters,
 * paging counts) and HTML escaping of decrypted text.
 */
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "desk_fold.h"
#include "desk_index.h"
#include "desk_internal.h"
#include "dm_date.h"
#include "dm_units.h"
#include "tc_test.h"

static const char *fold(const char *s)
{
	static char out[256];
	desk_fold(s, strlen(s), out, sizeof(out));
	return out;
}

static void test_fold(void)
{
	TC_CHECK_STR(fold("Nguyễn Văn Ạ"), "nguyen van a");
	TC_CHECK_STR(fold("ĐẤT ĐAI, Sổ đỏ!"), "dat dai so do");
	TC_CHECK_STR(fold("Thu tiền sai quy định"), "thu tien sai quy dinh");
	/* The same words typed with combining marks (NFD) fold alike. */
	TC_CHECK_STR(fold("Vie\xcc\xa3\xcc\x82t"), "viet");
	TC_CHECK_STR(fold("ươ ưở ỹ Ỵ ỳ"), "uo uo y y y");
	TC_CHECK_STR(fold("  a  --  b  "), "a b");
	/* Invalid UTF-8 and control bytes are spaces, never copied through. */
	TC_CHECK_STR(fold("a\xff\xfe" "b\x01" "c\xc3"), "a b c");
	TC_CHECK_STR(fold("\xed\xa0\x80x"), "x"); /* a surrogate */
	char small[4];
	TC_CHECK_INT(desk_fold("abcdef", 6, small, sizeof(small)), 3);
	TC_CHECK_STR(small, "abc");
}

static void test_match(void)
{
	const char *text = "thu tien sai quy dinh khi cap so do";
	TC_CHECK(desk_fold_match(text, ""));
	TC_CHECK(desk_fold_match(text, "so do"));
	TC_CHECK(desk_fold_match(text, "cap   thu"));
	TC_CHECK(!desk_fold_match(text, "so do dat"));
	TC_CHECK(!desk_fold_match(text, "xyz"));
}

static dm_day day(const char *s)
{
	dm_day d = DM_DAY_NONE;
	TC_CHECK_INT(dm_day_parse(s, strlen(s), &d), TC_OK);
	return d;
}

static void put(struct desk_index *ix, const char *json)
{
	cJSON *c = cJSON_Parse(json);
	TC_CHECK(c != NULL);
	TC_CHECK_INT(desk_index_put(ix, c, NULL), TC_OK);
	cJSON_Delete(c);
}

/* Today Wednesday 2026-12-02: 3 working days later is Monday 2026-12-07 (5-6 a weekend). */
static void fill(struct desk_index *ix)
{
	desk_index_init(ix, day("2026-12-02"));
	TC_CHECK_INT(ix->soon, day("2026-12-07"));
	put(ix, "{\"case_id\":\"DLATER00\",\"track\":\"denunciation\",\"status\":\"accepted\","
		"\"category\":\"land\",\"received_on\":\"2026-11-02\",\"deadlines\":"
		"{\"settle_by\":\"2026-12-08\"},\"overdue\":false,\"overdue_days\":0}");
	put(ix, "{\"case_id\":\"ANOVER00\",\"track\":\"denunciation\",\"status\":\"received\","
		"\"category\":\"corruption\",\"received_on\":\"2026-11-18\",\"deadlines\":"
		"{\"process_by\":\"2026-11-27\"},\"overdue\":true,\"overdue_days\":3,"
		"\"flags\":[\"monitored\"],\"assignee\":\"KEYME\"}");
	put(ix, "{\"case_id\":\"ESETTLED\",\"track\":\"complaint\",\"status\":\"settled\","
		"\"category\":\"land\",\"received_on\":\"2026-10-01\",\"deadlines\":"
		"{\"settle_by\":\"2026-11-01\"},\"overdue\":false,\"overdue_days\":0}");
	put(ix, "{\"case_id\":\"BTODAY00\",\"track\":\"complaint\",\"status\":\"received\","
		"\"category\":\"land\",\"received_on\":\"2026-11-20\",\"deadlines\":"
		"{\"process_by\":\"2026-12-02\"},\"overdue\":false,\"overdue_days\":0}");
	put(ix, "{\"case_id\":\"CSOON000\",\"track\":\"denunciation\",\"status\":\"accepted\","
		"\"category\":\"corruption\",\"received_on\":\"2026-11-01\",\"deadlines\":"
		"{\"settle_by\":\"2026-12-07\"},\"overdue\":false,\"overdue_days\":0,"
		"\"flags\":[\"criminal_signs\",\"monitored\"]}");
}

static void test_due_and_sort(void)
{
	struct desk_index ix;
	fill(&ix);
	TC_CHECK_INT(ix.n, 5);
	TC_CHECK_INT(desk_index_find(&ix, "ANOVER00")->due_class, DESK_DUE_OVERDUE);
	TC_CHECK_INT(desk_index_find(&ix, "BTODAY00")->due_class, DESK_DUE_TODAY);
	TC_CHECK_INT(desk_index_find(&ix, "CSOON000")->due_class, DESK_DUE_SOON);
	TC_CHECK_INT(desk_index_find(&ix, "DLATER00")->due_class, DESK_DUE_LATER);
	TC_CHECK_INT(desk_index_find(&ix, "ESETTLED")->due_class, DESK_DUE_NONE);
	TC_CHECK_STR(desk_index_find(&ix, "ANOVER00")->due_key, "process_by");
	struct desk_query q = {0};
	const struct desk_case **v = NULL;
	const char *order[] = {"ANOVER00", "BTODAY00", "CSOON000", "DLATER00", "ESETTLED"};
	TC_CHECK_INT(desk_index_select(&ix, &q, "KEYME", &v), 5);
	for (int i = 0; i < 5; i++)
		TC_CHECK_STR(v[i]->id, order[i]);
	free(v);
	q.sort = DESK_SORT_RECEIVED;
	TC_CHECK_INT(desk_index_select(&ix, &q, "KEYME", &v), 5);
	TC_CHECK_STR(v[0]->id, "BTODAY00");
	TC_CHECK_STR(v[4]->id, "ESETTLED");
	free(v);
	size_t counts[DESK_DUE_COUNT];
	desk_index_counts(&ix, counts);
	TC_CHECK_INT(counts[DESK_DUE_OVERDUE], 1);
	TC_CHECK_INT(counts[DESK_DUE_TODAY], 1);
	TC_CHECK_INT(counts[DESK_DUE_SOON], 1);
	TC_CHECK_INT(counts[DESK_DUE_NONE], 0); /* the settled case is not open */
	desk_index_free(&ix);
}

static size_t select_n(struct desk_index *ix, struct desk_query q, const char *first)
{
	const struct desk_case **v = NULL;
	size_t n = desk_index_select(ix, &q, "KEYME", &v);
	if (first)
		TC_CHECK(n > 0 && strcmp(v[0]->id, first) == 0);
	free(v);
	return n;
}

static void test_filters(void)
{
	struct desk_index ix;
	fill(&ix);
	TC_CHECK_INT(select_n(&ix, (struct desk_query){.status = "accepted"}, "CSOON000"), 2);
	TC_CHECK_INT(select_n(&ix, (struct desk_query){.track = "complaint"}, "BTODAY00"), 2);
	TC_CHECK_INT(select_n(&ix, (struct desk_query){.due = "soon"}, "BTODAY00"), 2);
	TC_CHECK_INT(select_n(&ix, (struct desk_query){.due = "overdue"}, "ANOVER00"), 1);
	TC_CHECK_INT(select_n(&ix, (struct desk_query){.due = "open"}, NULL), 4);
	TC_CHECK_INT(select_n(&ix, (struct desk_query){.flag = "monitored"}, "ANOVER00"), 2);
	TC_CHECK_INT(select_n(&ix, (struct desk_query){.flag = "criminal"}, NULL), 0);
	TC_CHECK_INT(select_n(&ix, (struct desk_query){.assignee = "me"}, "ANOVER00"), 1);
	TC_CHECK_INT(select_n(&ix, (struct desk_query){.assignee = "none"}, NULL), 4);
	TC_CHECK_INT(select_n(&ix, (struct desk_query){.category = "land", .status = "accepted"},
			      "DLATER00"), 1);
	/* Without an opened envelope the search still finds the id, whatever its case. */
	TC_CHECK_INT(select_n(&ix, (struct desk_query){.text = "csoon"}, "CSOON000"), 1);
	/* Replacing an entry keeps one entry per case. */
	put(&ix, "{\"case_id\":\"CSOON000\",\"track\":\"denunciation\",\"status\":\"settled\","
		 "\"category\":\"corruption\",\"received_on\":\"2026-11-01\",\"deadlines\":{}}");
	TC_CHECK_INT(ix.n, 5);
	TC_CHECK_INT(select_n(&ix, (struct desk_query){.status = "settled"}, "CSOON000"), 2);
	desk_index_free(&ix);
}

static void test_escape(void)
{
	struct desk_req r = {.out = evbuffer_new()};
	const char in[] = "<script>\"x\" & 'y'</script>\xff\x01 Việt\n";
	dh_textn(&r, in, sizeof(in) - 1);
	size_t n = evbuffer_get_length(r.out);
	char *s = calloc(1, n + 1);
	evbuffer_remove(r.out, s, n);
	TC_CHECK_STR(s, "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;"
			"\xEF\xBF\xBD\xEF\xBF\xBD Việt\n");
	free(s);
	evbuffer_free(r.out);
}

int main(void)
{
	if (dm_init() != TC_OK)
		return 1;
	TC_RUN(test_fold);
	TC_RUN(test_match);
	TC_RUN(test_due_and_sort);
	TC_RUN(test_filters);
	TC_RUN(test_escape);
	return tc_test_done();
}
