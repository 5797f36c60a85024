/* JSON guards, UTF-8, language negotiation. */
#include <string.h>

#include "json_guard.h"
#include "lang.h"
#include "tc_test.h"

#define S(x) x, sizeof(x) - 1

static void test_prescan(void)
{
	TC_CHECK(json_prescan(S("{\"a\":\"b\"}"), 8, NULL) == TC_OK);
	TC_CHECK(json_prescan(S("{\"a\":\"b\\u0000\"}"), 8, NULL) == TC_EINVAL);
	TC_CHECK(json_prescan(S("{\"a\":\"b\\\\u0000\"}"), 8, NULL) == TC_OK); /* escaped backslash */
	TC_CHECK(json_prescan(S("{\"a\":\"b\x01\"}"), 8, NULL) == TC_EINVAL);
	TC_CHECK(json_prescan("{\"a\"\0:1}", 8, 8, NULL) == TC_EINVAL);
	TC_CHECK(json_prescan(S("[[[[[[[[1]]]]]]]]"), 8, NULL) == TC_OK);
	TC_CHECK(json_prescan(S("[[[[[[[[[1]]]]]]]]]"), 8, NULL) == TC_EINVAL);
	/* Brackets inside strings do not count. */
	TC_CHECK(json_prescan(S("{\"a\":\"[[[[[[[[[[[[[[\"}"), 2, NULL) == TC_OK);
	TC_CHECK(json_prescan(S("\"abc\\"), 8, NULL) == TC_EINVAL);
}

/* Issue 13: every \u escape is four hex digits, not U+0000, surrogates in pairs. */
static void test_prescan_u_escapes(void)
{
	const char *why = NULL;
	static const char *const bad[] = {
		"{\"a\":\"x\\u00ZZy\"}", "{\"a\":\"x\\u0\"}", "{\"a\":\"\\u\"}",
		"{\"a\":\"\\u12\"}", "{\"a\":\"\\uD800\"}", "{\"a\":\"\\uDC00\"}",
		"{\"a\":\"\\uD800\\u0041\"}", "{\"a\":\"\\uD800x\"}", "{\"a\":\"\\u0000\"}",
		"{\"a\":\"\\u 123\"}", "{\"a\":\"\\u+123\"}", "{\"\\uDFFF\":1}", "\"\\uD83D\\uD83D\"",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		TC_CHECK(json_prescan(bad[i], strlen(bad[i]), 8, &why) == TC_EINVAL);
		TC_CHECK(why != NULL && strstr(why, "\\u") != NULL);
		TC_CHECK(why && strcmp(json_reason_vi(why), why) != 0); /* translated */
	}
	static const char *const good[] = {
		"{\"a\":\"\\u0041\\u00e9\\u1EA1\"}", "{\"a\":\"\\uD83D\\uDE00\"}",
		"{\"a\":\"\\\\u00ZZ\"}", "{\"a\":\"\\uffff\\uFFFE\"}", "[\"\\n\\t\\\"\\/\"]",
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		TC_CHECK(json_prescan(good[i], strlen(good[i]), 8, &why) == TC_OK);
}

static void test_parse(void)
{
	cJSON *j = NULL;
	TC_CHECK(json_parse(S("{\"a\":1}"), &j) == TC_OK);
	TC_CHECK(j != NULL);
	cJSON_Delete(j);
	cJSON *k = NULL;
	TC_CHECK(json_parse(S("{\"a\":1} x"), &k) == TC_EINVAL && k == NULL);
	TC_CHECK(json_parse(S("{\"a\":"), &k) == TC_EINVAL && k == NULL);
	TC_CHECK(json_parse(S("{\"a\":1,\"b\":2,\"a\":3}"), &j) == TC_OK);
	TC_CHECK(j != NULL && json_duplicate_key(j) != NULL && strcmp(json_duplicate_key(j), "a") == 0);
	cJSON_Delete(j);
}

static void test_utf8(void)
{
	TC_CHECK(utf8_is_valid(S("Nguyễn Văn A")));
	TC_CHECK(utf8_is_valid(S("\xf0\x9f\x98\x80")));      /* U+1F600 */
	TC_CHECK(!utf8_is_valid(S("\xc0\xaf")));              /* overlong '/' */
	TC_CHECK(!utf8_is_valid(S("\xe0\x80\xaf")));          /* overlong */
	TC_CHECK(!utf8_is_valid(S("\xed\xa0\x80")));          /* surrogate D800 */
	TC_CHECK(!utf8_is_valid(S("\xf4\x90\x80\x80")));      /* > U+10FFFF */
	TC_CHECK(!utf8_is_valid(S("abc\xe1\xba")));           /* truncated */
	TC_CHECK(!utf8_is_valid(S("\xff")));
	TC_CHECK_INT(utf8_length(S("Nguyễn")), 6);
}

static void test_lang(void)
{
	TC_CHECK_INT(lang_from_accept(NULL), LANG_VI);
	TC_CHECK_INT(lang_from_accept("en"), LANG_EN);
	TC_CHECK_INT(lang_from_accept("en-GB,en;q=0.9"), LANG_EN);
	TC_CHECK_INT(lang_from_accept("vi-VN,vi;q=0.9,en;q=0.8"), LANG_VI);
	TC_CHECK_INT(lang_from_accept("fr,en;q=0.5,vi;q=0.4"), LANG_EN);
	TC_CHECK_INT(lang_from_accept("fr"), LANG_VI);
	TC_CHECK_INT(lang_from_accept("en;q=0"), LANG_VI);
	TC_CHECK_INT(lang_from_accept("english"), LANG_VI);
}

int main(void)
{
	TC_RUN(test_prescan);
	TC_RUN(test_prescan_u_escapes);
	TC_RUN(test_parse);
	TC_RUN(test_utf8);
	TC_RUN(test_lang);
	return tc_test_done();
}
