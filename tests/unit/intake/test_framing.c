/*
 * test_framing.c - issue 13: the watch on raw header lines (http_lines.h),
 * fed in every split the network could make, and the per-source keys of
 * connlimit (a /32 for IPv4, a /64 for IPv6).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "connlimit.h"
#include "cr.h"
#include "http_lines.h"
#include "tc_test.h"

/* The watch over text fed in pieces of n bytes: bad, and the offset it stopped at. */
static bool watch(const char *text, size_t n, uint64_t *stopped)
{
	struct http_lines hl;
	http_lines_start(&hl, 0);
	size_t len = strlen(text);
	for (size_t at = 0; at < len; at += n) {
		size_t k = len - at < n ? len - at : n;
		/* As the input buffer holds them: everything not yet read, from the watch's start. */
		http_lines_feed(&hl, (const uint8_t *)text, at + k, 0);
	}
	*stopped = hl.pos;
	return hl.bad;
}

static void test_lines(void)
{
	static const struct {
		const char *text;
		bool bad;
		size_t head; /* bytes up to the blank line, 0: the head never ends */
	} cases[] = {
		{"GET / HTTP/1.1\r\nHost: x\r\n\r\n", false, 27},
		{"GET / HTTP/1.1\r\nHost: x\r\n\r\n{\"a\":\n \"b\"}", false, 27}, /* body unread */
		{"\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n", false, 29},             /* a leading CRLF */
		{"GET / HTTP/1.1\nHost: x\n\n", false, 24},                        /* bare LFs */
		{"GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n", true, 39},   /* obs-fold */
		{"GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n\tb\r\n\r\n", true, 39},
		{"GET / HTTP/1.1\r\nHost: x\rX-A: b\r\n\r\n", true, 34},            /* a bare CR */
		{"GET / HTTP/1.1\r\nHost: x\r\nX-A: a b\r\n\r\n", false, 37},
		{"GET / HTTP/1.1\r\nHost: x\r\n", false, 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		for (size_t n = 1; n <= strlen(cases[i].text); n++) {
			uint64_t stopped = 0;
			bool bad = watch(cases[i].text, n, &stopped);
			TC_CHECK(bad == cases[i].bad);
			if (cases[i].head)
				TC_CHECK_INT((int)stopped, (int)cases[i].head);
		}
	/* A second request on the connection: the watch starts again where it begins. */
	struct http_lines hl;
	const char *two = "GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nA: 1\r\n 2\r\n\r\n";
	http_lines_start(&hl, 0);
	http_lines_feed(&hl, (const uint8_t *)two, strlen(two), 0);
	TC_CHECK(!hl.bad && hl.state == HTTP_LINES_DONE && hl.pos == 27);
	http_lines_start(&hl, 27);
	http_lines_feed(&hl, (const uint8_t *)two + 27, strlen(two) - 27, 27);
	TC_CHECK(hl.bad && hl.state == HTTP_LINES_DONE);
}

static void key_of(const struct cr_server_key *k, const char *addr, uint8_t out[32])
{
	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof(ss));
	struct sockaddr_in *in4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
	if (inet_pton(AF_INET, addr, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
	} else {
		TC_CHECK(inet_pton(AF_INET6, addr, &in6->sin6_addr) == 1);
		in6->sin6_family = AF_INET6;
	}
	connlimit_source_key(k, (struct sockaddr *)&ss, out);
}

static bool same(const struct cr_server_key *k, const char *a, const char *b)
{
	uint8_t x[32], y[32];
	key_of(k, a, x);
	key_of(k, b, y);
	return memcmp(x, y, 32) == 0;
}

static void test_source_prefixes(void)
{
	char dir[] = "/tmp/tocao-framing-test-XXXXXX", path[64];
	struct cr_server_key *k = NULL;
	TC_CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/server.key", dir);
	TC_CHECK_INT(cr_server_key_create(path), 0);
	TC_CHECK_INT(cr_server_key_load(path, &k), 0);
	/* Hopping within a /64 is the same source; another /64 is another. */
	TC_CHECK(same(k, "2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:fffe"));
	TC_CHECK(same(k, "2001:db8:1:2::1", "2001:db8:1:2:8000::"));
	TC_CHECK(!same(k, "2001:db8:1:2::1", "2001:db8:1:3::1"));
	/* IPv4: each address (a /32); an IPv4-mapped IPv6 address is its IPv4 one. */
	TC_CHECK(!same(k, "192.0.2.1", "192.0.2.2"));
	TC_CHECK(same(k, "192.0.2.1", "::ffff:192.0.2.1"));
	TC_CHECK(!same(k, "192.0.2.1", "::ffff:192.0.2.2"));
	/* Never the address itself: a keyed hash. */
	uint8_t x[32];
	key_of(k, "192.0.2.1", x);
	bool found = false;
	for (int i = 0; i + 4 <= 32; i++)
		found |= memcmp(x + i, "\xc0\x00\x02\x01", 4) == 0;
	TC_CHECK(!found);
	cr_server_key_free(k);
	remove(path);
	rmdir(dir);
}

int main(void)
{
	if (cr_init() != 0)
		return 2;
	TC_RUN(test_lines);
	TC_RUN(test_source_prefixes);
	return tc_test_done();
}
