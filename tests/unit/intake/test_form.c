/* Form decoders: urlencoded and multipart/form-data. */
#include <string.h>

#include "form.h"
#include "tc_test.h"

static int field_is(const struct form *f, const char *name, const char *value)
{
	const struct form_field *x = form_get(f, name);
	return x && x->len == strlen(value) && memcmp(x->value, value, x->len) == 0;
}

static void test_urlencoded(void)
{
	struct form f;
	const char *body = "kind=denunciation&summary=Thu+ti%E1%BB%81n&details=a%26b%3Dc&empty=&flag";
	TC_CHECK_INT(form_parse_urlencoded(body, strlen(body), &f), 0);
	TC_CHECK(field_is(&f, "kind", "denunciation"));
	TC_CHECK(field_is(&f, "summary", "Thu tiền"));
	TC_CHECK(field_is(&f, "details", "a&b=c"));
	TC_CHECK(field_is(&f, "empty", ""));
	TC_CHECK(field_is(&f, "flag", ""));
	TC_CHECK(form_get(&f, "missing") == NULL);
	form_free(&f);
	TC_CHECK_INT(form_parse_urlencoded("a=1&a=2", 7, &f), TC_EINVAL);
	TC_CHECK_INT(f.error, FORM_EDUPLICATE);
	form_free(&f);
	TC_CHECK_INT(form_parse_urlencoded("a=b%00c", 7, &f), TC_EINVAL);
	TC_CHECK_INT(f.error, FORM_ENUL);
	form_free(&f);
	TC_CHECK_INT(form_parse_urlencoded("a=%4", 4, &f), TC_EINVAL);
	TC_CHECK_INT(f.error, FORM_EMALFORMED);
	form_free(&f);
	TC_CHECK_INT(form_parse_urlencoded("a=%zz", 5, &f), TC_EINVAL);
	TC_CHECK_INT(f.error, FORM_EMALFORMED);
	form_free(&f);
	TC_CHECK_INT(form_parse_urlencoded("=x", 2, &f), TC_EINVAL);
	TC_CHECK_INT(f.error, FORM_EMALFORMED);
	form_free(&f);
	char many[2000] = "";
	for (int i = 0; i < FORM_MAX_FIELDS + 1; i++)
		snprintf(many + strlen(many), sizeof(many) - strlen(many), "f%d=1&", i);
	TC_CHECK_INT(form_parse_urlencoded(many, strlen(many), &f), TC_EINVAL);
	TC_CHECK_INT(f.error, FORM_ETOO_MANY);
	form_free(&f);
}

static void test_boundary(void)
{
	char b[FORM_MAX_BOUNDARY + 1];
	TC_CHECK_INT(form_multipart_boundary("multipart/form-data; boundary=----WebKitFormBoundaryX1", b), 0);
	TC_CHECK_STR(b, "----WebKitFormBoundaryX1");
	TC_CHECK_INT(form_multipart_boundary("multipart/form-data; charset=utf-8; boundary=\"a b\"", b), 0);
	TC_CHECK_STR(b, "a b");
	TC_CHECK_INT(form_multipart_boundary("multipart/form-data", b), TC_EINVAL);
	TC_CHECK_INT(form_multipart_boundary("multipart/mixed; boundary=x", b), TC_EINVAL);
	TC_CHECK_INT(form_multipart_boundary("multipart/form-data; boundary=", b), TC_EINVAL);
	TC_CHECK_INT(form_multipart_boundary("multipart/form-data; boundary=a<b", b), TC_EINVAL);
	char longb[200] = "multipart/form-data; boundary=";
	memset(longb + strlen(longb), 'x', 71);
	TC_CHECK_INT(form_multipart_boundary(longb, b), TC_EINVAL);
}

#define MP(s) (const uint8_t *)(s), sizeof(s) - 1

static void test_multipart(void)
{
	struct form f;
	static const char body[] =
		"preamble\r\n"
		"--XyZ\r\nContent-Disposition: form-data; name=\"summary\"\r\n\r\nThu tiền\r\n"
		"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../etc/a\\\"b.pdf\"\r\n"
		"Content-Type: application/pdf\r\n\r\n%PDF\0\r\nbinary\r\n"
		"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"C:\\\\x\\\\y.png\"\r\n\r\nPNG\r\n"
		"--XyZ--\r\nepilogue";
	TC_CHECK_INT(form_parse_multipart(MP(body), "XyZ", &f), 0);
	TC_CHECK_INT(f.n, 3);
	TC_CHECK(field_is(&f, "summary", "Thu tiền"));
	TC_CHECK(f.f[1].is_file);
	TC_CHECK_STR(f.f[1].filename, "a\"b.pdf"); /* no path survives */
	TC_CHECK_STR(f.f[1].content_type, "application/pdf");
	TC_CHECK_INT(f.f[1].len, 13); /* "%PDF\0\r\nbinary" */
	TC_CHECK_STR(f.f[2].filename, "y.png");
	form_free(&f);

	static const char dup[] = "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
				  "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n2\r\n--B--";
	TC_CHECK_INT(form_parse_multipart(MP(dup), "B", &f), TC_EINVAL);
	TC_CHECK_INT(f.error, FORM_EDUPLICATE);
	static const char unterminated[] = "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1";
	TC_CHECK_INT(form_parse_multipart(MP(unterminated), "B", &f), TC_EINVAL);
	TC_CHECK_INT(f.error, FORM_EMALFORMED);
	static const char not_form[] = "--B\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\n1\r\n--B--";
	TC_CHECK_INT(form_parse_multipart(MP(not_form), "B", &f), TC_EINVAL);
	TC_CHECK_INT(f.error, FORM_EMALFORMED);
	static const char no_name[] = "--B\r\nContent-Disposition: form-data\r\n\r\n1\r\n--B--";
	TC_CHECK_INT(form_parse_multipart(MP(no_name), "B", &f), TC_EINVAL);
	TC_CHECK_INT(f.error, FORM_EMALFORMED);
	static const char nul_text[] = "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\0\r\n--B--";
	TC_CHECK_INT(form_parse_multipart(MP(nul_text), "B", &f), TC_EINVAL);
	TC_CHECK_INT(f.error, FORM_ENUL);
	char big[3000] = "--B\r\nContent-Disposition: form-data; name=\"a\"\r\nX-Pad: ";
	memset(big + strlen(big), 'p', 1500);
	strcat(big, "\r\n\r\n1\r\n--B--");
	TC_CHECK_INT(form_parse_multipart((const uint8_t *)big, strlen(big), "B", &f), TC_EINVAL);
	TC_CHECK_INT(f.error, FORM_EHEADERS);
	TC_CHECK_INT(form_parse_multipart(MP("no boundary here"), "B", &f), TC_EINVAL);
	TC_CHECK_INT(f.error, FORM_EMALFORMED);
}

int main(void)
{
	TC_RUN(test_urlencoded);
	TC_RUN(test_boundary);
	TC_RUN(test_multipart);
	return tc_test_done();
}
