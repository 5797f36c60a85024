/* The inspectors' query decoders: GET /api/v1/cases/{id}/messages?before=&limit=. */
#include <string.h>

#include "case_requests.h"
#include "tc_test.h"

/* Decode query; TC_OK or TC_EINVAL with field set. */
static int decode(const char *query, struct case_messages_query *out, const char **field)
{
	struct form q;
	const char *why = NULL;
	*field = NULL;
	int rc = form_parse_urlencoded(query, strlen(query), &q);
	rc = case_messages_query_decode(&q, rc, out, field, &why);
	if (rc != TC_OK)
		TC_CHECK(*field != NULL && why != NULL);
	form_free(&q);
	return rc;
}

static void test_messages_query_accepts(void)
{
	struct case_messages_query m;
	const char *field;
	TC_CHECK_INT(decode("", &m, &field), TC_OK);
	TC_CHECK_INT((int)m.before, 0);
	TC_CHECK_INT(m.limit, CASE_MESSAGES_LIMIT_MAX);
	TC_CHECK_INT(decode("before=950", &m, &field), TC_OK);
	TC_CHECK_INT((int)m.before, 950);
	TC_CHECK_INT(decode("limit=1&before=1", &m, &field), TC_OK);
	TC_CHECK_INT(m.limit, 1);
	TC_CHECK_INT((int)m.before, 1);
	TC_CHECK_INT(decode("before=1000000&limit=50", &m, &field), TC_OK);
	TC_CHECK_INT((int)m.before, CASE_MESSAGES_BEFORE_MAX);
}

static void test_messages_query_refuses(void)
{
	static const struct {
		const char *query, *field;
	} bad[] = {
		{"before=0", "before"},       {"before=1000001", "before"}, {"before=-1", "before"},
		{"before=+5", "before"},      {"before=05", "before"},      {"before=", "before"},
		{"before=1%00", "query"},     {"before=9999999999", "before"}, {"before=1x", "before"},
		{"limit=0", "limit"},         {"limit=51", "limit"},        {"limit=%201", "limit"},
		{"limit=1&limit=2", "query"}, {"cursor=3", "query"},        {"before", "before"},
		{"a=%zz", "query"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct case_messages_query m;
		const char *field;
		TC_CHECK_INT(decode(bad[i].query, &m, &field), TC_EINVAL);
		if (field)
			TC_CHECK_STR(field, bad[i].field);
	}
}

int main(void)
{
	TC_RUN(test_messages_query_accepts);
	TC_RUN(test_messages_query_refuses);
	return tc_test_done();
}
