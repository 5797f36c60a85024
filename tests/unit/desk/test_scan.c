/* The reception entry's scans: PDF, JPEG and PNG known by their first bytes, nothing else. */
#include <string.h>

#include "desk_internal.h"
#include "tc_test.h"

static const char *type_of(const char *b, size_t n)
{
	return desk_scan_type((const uint8_t *)b, n);
}

static void test_scan_types(void)
{
	TC_CHECK_STR(type_of("%PDF-1.7\n", 9), "application/pdf");
	TC_CHECK_STR(type_of("\xff\xd8\xff\xe0", 4), "image/jpeg");
	TC_CHECK_STR(type_of("\x89PNG\r\n\x1a\n", 8), "image/png");
	TC_CHECK(type_of("%PDF", 4) == NULL);            /* too short to be one */
	TC_CHECK(type_of("\x89PNG\r\n", 6) == NULL);
	TC_CHECK(type_of("<html>%PDF-", 11) == NULL);    /* the magic must come first */
	TC_CHECK(type_of("GIF89a", 6) == NULL);          /* shown by the desk, not a scan */
	TC_CHECK(type_of("", 0) == NULL);
}

int main(void)
{
	TC_RUN(test_scan_types);
	return tc_test_done();
}
