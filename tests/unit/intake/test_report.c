/* report_decode: every rule of the contract, one error per field. */
#include <string.h>

#include "dm_filing.h"
#include "dm_units.h"
#include "json_guard.h"
#include "report.h"
#include "tc_test.h"

static dm_day today;

static const char *VALID =
	"{\"kind\":\"denunciation\",\"identity\":\"named\","
	"\"reporter\":{\"full_name\":\"Nguyễn Văn A\",\"address\":\"12 Lý Thường Kiệt\"},"
	"\"jurisdiction\":{\"province\":\"96\",\"commune\":\"32002\",\"level\":\"commune\"},"
	"\"accused\":{\"name\":\"Trần Văn B\"},\"category\":\"corruption\","
	"\"summary\":\"Thu tiền sai quy định\",\"details\":\"Nội dung chi tiết đủ dài để hợp lệ.\","
	"\"occurred_on\":\"2026-10-01\"}";

/* Decode text; return the number of errors, and the first error's field/code. */
static size_t decode(const char *text, struct report *r, struct report_errors *errs)
{
	cJSON *root = NULL;
	TC_CHECK_INT(json_parse(text, strlen(text), &root), TC_OK);
	if (root == NULL)
		return 99;
	int rc = report_decode(root, today, r, errs);
	TC_CHECK_INT(rc == 0, errs->n == 0);
	cJSON_Delete(root);
	return errs->n;
}

static int has_error(const struct report_errors *errs, const char *field, enum report_err code)
{
	for (size_t i = 0; i < errs->n; i++)
		if (strcmp(errs->e[i].field, field) == 0 && errs->e[i].code == code)
			return 1;
	return 0;
}

/* Replace the first occurrence of from with to in VALID. */
static const char *variant(const char *from, const char *to)
{
	static char buf[4096];
	const char *p = strstr(VALID, from);
	TC_CHECK(p != NULL);
	if (p == NULL)
		return VALID;
	snprintf(buf, sizeof(buf), "%.*s%s%s", (int)(p - VALID), VALID, to, p + strlen(from));
	return buf;
}

static void test_valid(void)
{
	struct report r;
	struct report_errors e;
	TC_CHECK_INT(decode(VALID, &r, &e), 0);
	TC_CHECK_INT(r.kind, DM_KIND_DENUNCIATION);
	TC_CHECK_INT(r.track, DM_TRACK_DENUNCIATION);
	TC_CHECK_STR(r.province, "96");
	TC_CHECK_STR(r.commune, "32002");
	TC_CHECK_INT(r.level, DM_LEVEL_COMMUNE);
	TC_CHECK_INT(r.category, DM_CAT_CORRUPTION);
	dm_day d;
	TC_CHECK(dm_day_from_ymd(2026, 10, 1, &d));
	TC_CHECK_INT(r.occurred_on, d);
}

struct bad {
	const char *from, *to, *field;
	enum report_err code;
};

static void test_each_rule(void)
{
	static const struct bad cases[] = {
		{"\"kind\":\"denunciation\"", "\"kind\":\"x\"", "kind", RE_BAD_CHOICE},
		{"\"kind\":\"denunciation\"", "\"kind\":3", "kind", RE_NOT_STRING},
		{"\"identity\":\"named\"", "\"identity\":\"anonymous\"", "reporter", RE_REPORTER_FORBIDDEN},
		{"\"kind\":\"denunciation\",\"identity\":\"named\",", "\"kind\":\"complaint\",\"identity\":\"anonymous\",\"reporter\":null,",
		 "identity", RE_ANONYMOUS_COMPLAINT},
		{"\"province\":\"96\"", "\"province\":\"02\"", "jurisdiction.province", RE_UNKNOWN_PROVINCE},
		{"\"province\":\"96\"", "\"province\":\"01\"", "jurisdiction.commune", RE_COMMUNE_ELSEWHERE},
		{"\"commune\":\"32002\"", "\"commune\":\"3200\"", "jurisdiction.commune", RE_UNKNOWN_COMMUNE},
		{"\"level\":\"commune\"", "\"level\":\"district\"", "jurisdiction.level", RE_BAD_CHOICE},
		{"\"category\":\"corruption\"", "\"category\":\"Corruption\"", "category", RE_BAD_CHOICE},
		{"\"summary\":\"Thu tiền sai quy định\"", "\"summary\":\"ab\"", "summary", RE_TOO_SHORT},
		{"\"summary\":\"Thu tiền sai quy định\"", "\"summary\":\"   \"", "summary", RE_REQUIRED},
		{"\"details\":\"Nội dung chi tiết đủ dài để hợp lệ.\"", "\"details\":\"ngắn\"", "details", RE_TOO_SHORT},
		{"\"occurred_on\":\"2026-10-01\"", "\"occurred_on\":\"2026-13-01\"", "occurred_on", RE_BAD_DATE},
		{"\"occurred_on\":\"2026-10-01\"", "\"occurred_on\":\"2099-10-01\"", "occurred_on", RE_FUTURE_DATE},
		{"\"occurred_on\":\"2026-10-01\"", "\"occurred_on\":\"1800-10-01\"", "occurred_on", RE_DATE_RANGE},
		{"\"accused\":{\"name\":\"Trần Văn B\"}", "\"accused\":{}", "accused", RE_ACCUSED_REQUIRED},
		{"\"accused\":{\"name\":\"Trần Văn B\"}", "\"accused\":{\"name\":\"B\",\"rank\":\"x\"}", "accused.rank", RE_UNKNOWN_FIELD},
		{"\"address\":\"12 Lý Thường Kiệt\"", "\"address\":\"12 Lý\",\"address\":\"x\"", "reporter.address", RE_DUPLICATE_FIELD},
		{"\"full_name\":\"Nguyễn Văn A\",", "", "reporter.full_name", RE_REQUIRED},
		{"\"full_name\":\"Nguyễn Văn A\"", "\"full_name\":\"Nguyễn Văn A\",\"phone\":\"abc\"", "reporter.phone", RE_BAD_PHONE},
		{"\"full_name\":\"Nguyễn Văn A\"", "\"full_name\":\"Nguyễn Văn A\",\"email\":\"a@b\"", "reporter.email", RE_BAD_EMAIL},
		{"\"full_name\":\"Nguyễn Văn A\"", "\"full_name\":\"Nguyễn Văn A\",\"id_number\":\"0123456789\"", "reporter.id_number", RE_BAD_ID_NUMBER},
		{"\"summary\":\"Thu tiền sai quy định\"", "\"summary\":\"Thu tiền \xc3\x28 sai\"", "summary", RE_BAD_UTF8},
		{"\"category\":\"corruption\",", "\"category\":\"corruption\",\"extra\":1,", "extra", RE_UNKNOWN_FIELD},
		{"\"jurisdiction\":{", "\"jurisdiction\":{\"old_province\":\"99\",", "jurisdiction.old_province", RE_UNKNOWN_OLD_PROVINCE},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct report r;
		struct report_errors e;
		const char *text = variant(cases[i].from, cases[i].to);
		decode(text, &r, &e);
		if (!has_error(&e, cases[i].field, cases[i].code)) {
			fprintf(stderr, "case %zu: expected %s on %s, got %zu errors%s%s\n", i,
				report_err_name(cases[i].code), cases[i].field, e.n,
				e.n ? ", first: " : "", e.n ? e.e[0].field : "");
			TC_CHECK(0);
		}
	}
}

static void test_old_province(void)
{
	/* Bạc Liêu (old code 95) merged into Cà Mau (96) in 2025. */
	struct report r;
	struct report_errors e;
	TC_CHECK_INT(decode(variant("\"province\":\"96\"", "\"old_province\":\"95\""), &r, &e), 0);
	TC_CHECK_STR(r.province, "96");
	TC_CHECK_STR(r.old_province, "95");
	/* Hà Giang (02) went into Tuyên Quang (08), not Cà Mau. */
	decode(variant("\"province\":\"96\"", "\"province\":\"96\",\"old_province\":\"02\""), &r, &e);
	TC_CHECK(has_error(&e, "jurisdiction.old_province", RE_OLD_PROVINCE_MISMATCH));
}

static void test_messages_never_echo(void)
{
	struct report_error err = {.code = RE_BAD_CHOICE, .allowed = "a | b"};
	char buf[512];
	for (int code = RE_REQUIRED; code <= RE_OLD_PROVINCE_MISMATCH; code++) {
		err.code = (enum report_err)code;
		TC_CHECK(strlen(report_err_message(&err, LANG_VI, buf, sizeof(buf))) > 5);
		TC_CHECK(strlen(report_err_message(&err, LANG_EN, buf, sizeof(buf))) > 5);
		TC_CHECK(strcmp(report_err_name(err.code), "invalid") != 0);
	}
}

/* Issue 12: forwarded_by and complaint, and the filing-window warning. */
static void test_law_fields(void)
{
	struct report r;
	struct report_errors e;
	TC_CHECK_INT(decode(VALID, &r, &e), 0);
	TC_CHECK_INT(r.origin, DM_ORIGIN_DIRECT);
	TC_CHECK_INT(r.instance, 1);
	TC_CHECK_INT(r.decision_date, DM_DAY_NONE);
	TC_CHECK_INT(decode(variant("\"occurred_on\"", "\"forwarded_by\":{\"kind\":\"press\","
					"\"name\":\"Báo Nhân Dân\"},\"occurred_on\""), &r, &e), 0);
	TC_CHECK_INT(r.origin, DM_ORIGIN_PRESS);
	TC_CHECK_INT(decode(variant("\"occurred_on\"", "\"forwarded_by\":{\"kind\":\"direct\","
					"\"name\":\"X Y\",\"z\":1},\"occurred_on\""), &r, &e), 2);
	TC_CHECK(has_error(&e, "forwarded_by.kind", RE_BAD_CHOICE));
	TC_CHECK(has_error(&e, "forwarded_by.z", RE_UNKNOWN_FIELD));
	/* "complaint" belongs to complaints. */
	TC_CHECK_INT(decode(variant("\"occurred_on\"", "\"complaint\":{},\"occurred_on\""), &r, &e),
		     1);
	TC_CHECK(has_error(&e, "complaint", RE_COMPLAINT_ONLY));
	char text[2048];
	snprintf(text, sizeof(text), "%s", variant("\"kind\":\"denunciation\"", "\"kind\":\"complaint\""));
	char *at = strstr(text, "\"occurred_on\"");
	TC_CHECK(at != NULL);
	char full[2048];
	snprintf(full, sizeof(full), "%.*s\"complaint\":{\"subject\":\"dismissal\",\"instance\":"
		 "\"second\",\"decision_date\":\"2026-10-01\"},%s", (int)(at - text), text, at);
	TC_CHECK_INT(decode(full, &r, &e), 0);
	TC_CHECK_INT(r.subject, DM_SUBJECT_DISMISSAL);
	TC_CHECK_INT(r.instance, 2);
	TC_CHECK_INT(r.decision_date, today - 52); /* 2026-10-01, 52 days before 2026-11-22 */
	/* Art. 48: a second complaint against a dismissal, 30 days: 1 Oct + 30 = Sat 31 Oct
	 * -> Mon 2 Nov 2026; filed 22 Nov: 20 days late. */
	struct dm_filing_window w;
	char msg[640];
	TC_CHECK(report_filing_late(&r, today, &w, LANG_EN, msg, sizeof(msg)));
	TC_CHECK_INT(w.days_late, 20);
	TC_CHECK(strstr(msg, "Điều 48") != NULL && strstr(msg, "2026-11-02") != NULL);
	TC_CHECK(!report_filing_late(&r, today - 25, &w, LANG_EN, NULL, 0)); /* filed 28 Oct */
	snprintf(full, sizeof(full), "%.*s\"complaint\":{\"subject\":\"tax\",\"instance\":"
		 "\"third\",\"decision_date\":\"2026-12-01\"},%s", (int)(at - text), text, at);
	TC_CHECK_INT(decode(full, &r, &e), 3);
	TC_CHECK(has_error(&e, "complaint.subject", RE_BAD_CHOICE));
	TC_CHECK(has_error(&e, "complaint.instance", RE_BAD_CHOICE));
	TC_CHECK(has_error(&e, "complaint.decision_date", RE_FUTURE_DATE));
}

static void test_serialize(void)
{
	struct report r;
	struct report_errors e;
	cJSON *root = NULL;
	TC_CHECK_INT(json_parse(VALID, strlen(VALID), &root), TC_OK);
	TC_CHECK_INT(report_decode(root, today, &r, &e), 0);
	char *body = NULL, *ident = NULL;
	TC_CHECK_INT(report_serialize(&r, today, NULL, 0, &body, &ident), 0);
	TC_CHECK(body && strstr(body, "\"details\":\"Nội dung chi tiết đủ dài để hợp lệ.\""));
	TC_CHECK(body && strstr(body, "Nguyễn") == NULL); /* identity kept apart */
	TC_CHECK(ident && strstr(ident, "\"full_name\":\"Nguyễn Văn A\""));
	cJSON_free(body);
	cJSON_free(ident);
	cJSON_Delete(root);
}

int main(void)
{
	if (dm_init() != 0)
		return 2;
	TC_CHECK(dm_day_from_ymd(2026, 11, 22, &today));
	TC_RUN(test_valid);
	TC_RUN(test_each_rule);
	TC_RUN(test_old_province);
	TC_RUN(test_messages_never_echo);
	TC_RUN(test_law_fields);
	TC_RUN(test_serialize);
	return tc_test_done();
}
