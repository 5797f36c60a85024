/* The client library's pure pieces: settings (parse, merge), the order by deadline, the language. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tc_client.h"
#include "tc_i18n.h"
#include "tc_test.h"

static void test_conf_parse(void)
{
	struct tcc_conf c;
	char err[128];
	const char *text = "# comment\n\n server = https://a.example:8443 \r\ncacert=/x/ca.pem\n"
			   "identity =  /k/me.key\nunit_key = /k/unit.key";
	TC_CHECK_INT(tcc_conf_parse(text, strlen(text), &c, err, sizeof(err)), 0);
	TC_CHECK(strcmp(c.server, "https://a.example:8443") == 0);
	TC_CHECK(strcmp(c.cacert, "/x/ca.pem") == 0);
	TC_CHECK(strcmp(c.identity, "/k/me.key") == 0);
	TC_CHECK(strcmp(c.unit_key, "/k/unit.key") == 0);
	const char *bad[] = {"server\n", "password = x\n", "server =\n", "= x\n", "Server = x\n"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		TC_CHECK_INT(tcc_conf_parse(bad[i], strlen(bad[i]), &c, err, sizeof(err)), -1);
		TC_CHECK(strstr(err, "line 1") != NULL);
	}
	const char *second = "server = x\nbogus\n";
	TC_CHECK_INT(tcc_conf_parse(second, strlen(second), &c, err, sizeof(err)), -1);
	TC_CHECK(strstr(err, "line 2") != NULL);
}

static void test_conf_merge(void)
{
	struct tcc_conf opts = {0}, env = {0}, file = {0}, out;
	strcpy(file.server, "https://file");
	strcpy(file.cacert, "file.pem");
	strcpy(file.identity, "file.key");
	strcpy(env.server, "https://env");
	strcpy(env.unit_key, "env-unit.key");
	strcpy(opts.server, "https://opt");
	tcc_conf_merge(&out, &opts, &env, &file);
	TC_CHECK(strcmp(out.server, "https://opt") == 0);
	TC_CHECK(strcmp(out.cacert, "file.pem") == 0);
	TC_CHECK(strcmp(out.identity, "file.key") == 0);
	TC_CHECK(strcmp(out.unit_key, "env-unit.key") == 0);
	tcc_conf_merge(&out, NULL, &env, &file);
	TC_CHECK(strcmp(out.server, "https://env") == 0);
	tcc_conf_merge(&out, NULL, NULL, NULL);
	TC_CHECK(out.server[0] == '\0' && out.unit_key[0] == '\0');
}

static void test_sort_by_deadline(void)
{
	const char *text =
		"[{\"case_id\":\"A\",\"overdue_days\":0,\"deadlines\":{\"process_by\":\"2026-12-10\","
		"\"transfer_by\":\"2026-12-05\"}},"
		"{\"case_id\":\"B\",\"overdue_days\":3,\"deadlines\":{\"settle_by\":\"2026-11-01\"}},"
		"{\"case_id\":\"C\",\"overdue_days\":0,\"deadlines\":{}},"
		"{\"case_id\":\"D\",\"overdue_days\":0,\"deadlines\":{\"settle_by\":\"2026-12-01\"}},"
		"{\"case_id\":\"E\",\"overdue_days\":9,\"deadlines\":{\"settle_by\":\"2026-10-01\"}},"
		"{\"case_id\":\"F\",\"overdue_days\":0,\"deadlines\":{\"settle_by\":\"2026-12-01\"}}]";
	cJSON *cases = cJSON_Parse(text);
	TC_CHECK(strcmp(tcc_next_deadline(cases->child), "2026-12-05") == 0);
	tcc_sort_by_deadline(cases);
	char order[16] = "";
	size_t n = 0;
	for (const cJSON *k = cases->child; k && n < sizeof(order) - 1; k = k->next)
		order[n++] = cJSON_GetObjectItemCaseSensitive(k, "case_id")->valuestring[0];
	order[n] = '\0';
	TC_CHECK(strcmp(order, "EBDFAC") == 0);
	/* The list is still a well-formed cJSON array: the tail, printing, appending. */
	TC_CHECK(cases->child->prev != NULL && cases->child->prev->next == NULL);
	cJSON_AddItemToArray(cases, cJSON_CreateObject());
	TC_CHECK_INT(cJSON_GetArraySize(cases), 7);
	char *printed = cJSON_PrintUnformatted(cases);
	TC_CHECK(printed && strncmp(printed, "[{\"case_id\":\"E\"", 15) == 0);
	free(printed);
	cJSON_Delete(cases);
	cJSON *empty = cJSON_CreateArray();
	tcc_sort_by_deadline(empty);
	TC_CHECK_INT(cJSON_GetArraySize(empty), 0);
	cJSON_Delete(empty);
}

static void test_language(void)
{
	TC_CHECK_INT(tcc_lang_from(NULL, NULL, "vi_VN.UTF-8"), TCC_LANG_VI);
	TC_CHECK_INT(tcc_lang_from(NULL, NULL, "en_US.UTF-8"), TCC_LANG_EN);
	TC_CHECK_INT(tcc_lang_from(NULL, NULL, NULL), TCC_LANG_EN);
	TC_CHECK_INT(tcc_lang_from(NULL, "vi", "en_US"), TCC_LANG_VI);
	TC_CHECK_INT(tcc_lang_from("C", "vi", "vi_VN"), TCC_LANG_EN);
	TC_CHECK_INT(tcc_lang_from("", "", "vi_VN"), TCC_LANG_VI);
	for (int i = 0; i < TCC_MSG_COUNT; i++) {
		TC_CHECK(tcc_msg(TCC_LANG_EN, (enum tcc_msg)i)[0] != '\0');
		TC_CHECK(tcc_msg(TCC_LANG_VI, (enum tcc_msg)i)[0] != '\0');
		TC_CHECK(strchr(tcc_msg(TCC_LANG_VI, (enum tcc_msg)i), '%') == NULL);
	}
	TC_CHECK(strcmp(tcc_msg(TCC_LANG_VI, TCC_H_STATUS), "TRẠNG THÁI") == 0);
}

/* The conversions of a printf format, each reduced to its length modifier and letter. */
static void conversions(const char *f, char *out, size_t cap)
{
	size_t n = 0;
	for (const char *p = f; *p && n + 4 < cap; p++) {
		if (*p != '%')
			continue;
		p++;
		if (*p == '%')
			continue;
		p += strspn(p, "-+ #0123456789.*");
		while (strchr("hlzjt", *p) && *p)
			out[n++] = *p++;
		out[n++] = *p;
		out[n++] = ',';
	}
	out[n] = '\0';
}

/* Every Vietnamese sentence prints the English one's arguments: same conversions, same order. */
static void test_sentences(void)
{
	TC_CHECK(tcc_fmt_count() > 50);
	for (size_t i = 0; i < tcc_fmt_count(); i++) {
		const char *en, *vi;
		char a[128], b[128];
		tcc_fmt_at(i, &en, &vi);
		conversions(en, a, sizeof(a));
		conversions(vi, b, sizeof(b));
		if (strcmp(a, b) != 0)
			fprintf(stderr, "sentence %zu: %s / %s\n", i, en, vi);
		TC_CHECK(strcmp(a, b) == 0);
		TC_CHECK(tcc_fmt(TCC_LANG_VI, en) == vi || strcmp(tcc_fmt(TCC_LANG_VI, en), vi) == 0);
		TC_CHECK(tcc_fmt(TCC_LANG_EN, en) == en);
	}
	TC_CHECK(strcmp(tcc_term(TCC_LANG_VI, "accepted"), "đã thụ lý") == 0);
	TC_CHECK(strcmp(tcc_term(TCC_LANG_VI, "declined"), "không thụ lý") == 0);
	TC_CHECK(strcmp(tcc_term(TCC_LANG_EN, "accepted"), "accepted") == 0);
	TC_CHECK(strcmp(tcc_term(TCC_LANG_VI, "no-such-code"), "no-such-code") == 0);
}

static void test_b64(void)
{
	const uint8_t data[] = {0, 1, 2, 250, 255};
	char *s = tcc_b64(data, sizeof(data));
	size_t n = 0;
	uint8_t *back = s ? tcc_unb64(s, &n) : NULL;
	TC_CHECK(back && n == sizeof(data) && memcmp(back, data, n) == 0);
	free(s);
	free(back);
	TC_CHECK(tcc_unb64("!!!!", &n) == NULL);
}

/* tcc_open_message: the unit's texts open with its key only; a malformed reporter copy is refused. */
static void test_open_message(void)
{
	struct cr_unit_secret *a = NULL, *b = NULL;
	TC_CHECK_INT(cr_init(), 0);
	TC_CHECK_INT(cr_unit_keygen("TT-96", &a), 0);
	TC_CHECK_INT(cr_unit_keygen("TT-01", &b), 0);
	if (a == NULL || b == NULL)
		return;
	const char *text = "ghi chú nội bộ";
	uint8_t sealed[128];
	size_t len = strlen(text) + CR_SEAL_OVERHEAD;
	TC_CHECK_INT(cr_seal_to(cr_unit_secret_pub(a)->pk, (const uint8_t *)text, strlen(text), sealed),
		     0);
	struct tcc_message m;
	TC_CHECK_INT(tcc_open_message("note", sealed, len, a, &m), TC_OK);
	TC_CHECK(m.text && strcmp(m.text, text) == 0 && m.body == NULL && m.n_files == 0);
	tcc_message_free(&m);
	TC_CHECK_INT(tcc_open_message("unit", sealed, len, a, &m), TC_OK);
	tcc_message_free(&m);
	TC_CHECK(tcc_open_message("note", sealed, len, b, &m) != TC_OK);
	TC_CHECK(m.text == NULL);
	TC_CHECK_INT(tcc_open_message("unit", sealed, CR_SEAL_OVERHEAD, a, &m), TC_EFORMAT);
	/* A reporter's copy: a 4-byte envelope length, the envelope, a 2-byte count. */
	const uint8_t short_one[5] = {0, 0, 0, 0, 0};
	TC_CHECK_INT(tcc_open_message("reporter", short_one, sizeof(short_one), a, &m), TC_EFORMAT);
	const uint8_t too_long[8] = {0, 0, 0, 9, 1, 2, 0, 0};
	TC_CHECK_INT(tcc_open_message("reporter", too_long, sizeof(too_long), a, &m), TC_EFORMAT);
	TC_CHECK(tcc_open_message("reporter", sealed, len, a, &m) != TC_OK);
	cr_unit_secret_free(a);
	cr_unit_secret_free(b);
}

int main(void)
{
	TC_RUN(test_conf_parse);
	TC_RUN(test_conf_merge);
	TC_RUN(test_sort_by_deadline);
	TC_RUN(test_language);
	TC_RUN(test_sentences);
	TC_RUN(test_b64);
	TC_RUN(test_open_message);
	return tc_test_done();
}
