/* Configuration parser and base64. */
#include <string.h>

#include "conf.h"
#include "tc_base64.h"
#include "tc_test.h"

static int parse(const char *text, struct tc_conf *c, char *err)
{
	tc_conf_defaults(c);
	return tc_conf_parse(text, strlen(text), c, err, 200);
}

static void test_conf(void)
{
	struct tc_conf c;
	char err[200] = "";
	TC_CHECK_INT(parse("# comment\n\nlisten = 0.0.0.0:443\nstore_map_mb = 2048\ndev = true\n",
			   &c, err), 0);
	TC_CHECK_STR(c.listen, "0.0.0.0:443");
	TC_CHECK_INT(c.store_map_mb, 2048);
	TC_CHECK(c.dev);
	TC_CHECK_INT(c.request_timeout_s, 15); /* default kept */
	TC_CHECK_INT(parse("lisen = x\n", &c, err), TC_EINVAL);
	TC_CHECK(strstr(err, "line 1") && strstr(err, "unknown key"));
	TC_CHECK_INT(parse("dev = true\ndev = false\n", &c, err), TC_EINVAL);
	TC_CHECK(strstr(err, "line 2") != NULL);
	TC_CHECK_INT(parse("store_map_mb = -1\n", &c, err), TC_EINVAL);
	TC_CHECK_INT(parse("store_map_mb = 12abc\n", &c, err), TC_EINVAL);
	TC_CHECK_INT(parse("dev = yes\n", &c, err), TC_EINVAL);
	TC_CHECK_INT(parse("store_full_ratio = 1.5\n", &c, err), TC_EINVAL);
	TC_CHECK_INT(parse("listen\n", &c, err), TC_EINVAL);
	TC_CHECK_INT(parse("listen = \n", &c, err), TC_EINVAL);
	TC_CHECK_INT(tc_conf_parse("dev = true\0x", 12, &c, err, sizeof(err)), TC_EINVAL);
	/* The limits of issue 7: defaults, and values that make no sense refused. */
	TC_CHECK_INT(parse("", &c, err), 0);
	TC_CHECK_INT(c.max_connections, 4096);
	TC_CHECK_INT(c.max_connections_per_source, 64);
	TC_CHECK_INT(c.request_deadline_s, 60);
	TC_CHECK_INT(c.submit_per_source_per_min, 10);
	TC_CHECK_INT(c.submit_per_source_burst, 20);
	TC_CHECK_INT(c.submit_global_per_s, 100);
	TC_CHECK_INT(c.submit_global_burst, 1000);
	TC_CHECK_INT(parse("max_connections = 100\nrequest_deadline_s = 5\n", &c, err), 0);
	TC_CHECK_INT(c.max_connections, 100);
	TC_CHECK_INT(c.request_deadline_s, 5);
	TC_CHECK_INT(parse("request_deadline_s = 0\n", &c, err), TC_EINVAL);
	TC_CHECK_INT(parse("submit_global_burst = 0\n", &c, err), TC_EINVAL);
	TC_CHECK_INT(parse("max_connections_per_source = 0\n", &c, err), TC_EINVAL);
	/* Issue 13: the Tor listener's own pool and buckets, challenges, the metrics listener. */
	TC_CHECK_INT(parse("", &c, err), 0);
	TC_CHECK_INT(c.onion_max_connections, 1024);
	TC_CHECK_INT(c.onion_submit_per_s, 10);
	TC_CHECK_INT(c.onion_submit_burst, 200);
	TC_CHECK_INT(c.followup_wrong_global_per_s, 50);
	TC_CHECK_INT(c.followup_wrong_global_burst, 200);
	TC_CHECK_INT(c.onion_followup_wrong_per_s, 10);
	TC_CHECK_INT(c.onion_followup_wrong_burst, 50);
	TC_CHECK_INT(c.signin_challenges_per_source_per_min, 120);
	TC_CHECK_INT(c.onion_signin_challenges_per_s, 2);
	TC_CHECK_INT(c.onion_signin_challenges_burst, 30);
	TC_CHECK_INT(c.metrics_interval_s, 300);
	TC_CHECK(c.metrics_listen[0] == '\0'); /* off by default */
	TC_CHECK_INT(parse("metrics_listen = 127.0.0.1:9100\nonion_max_connections = 64\n", &c, err),
		     0);
	TC_CHECK_STR(c.metrics_listen, "127.0.0.1:9100");
	TC_CHECK_INT(c.onion_max_connections, 64);
	TC_CHECK_INT(parse("onion_max_connections = 0\n", &c, err), TC_EINVAL);
	TC_CHECK_INT(parse("metrics_interval_s = 0\n", &c, err), TC_EINVAL);
	TC_CHECK_INT(parse("onion_submit_burst = 0\n", &c, err), TC_EINVAL);
}

static void test_base64(void)
{
	const char *vec[][2] = {{"", ""},	   {"f", "Zg=="},	  {"fo", "Zm8="},
				{"foo", "Zm9v"},   {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="},
				{"foobar", "Zm9vYmFy"}};
	for (size_t i = 0; i < sizeof(vec) / sizeof(vec[0]); i++) {
		char enc[16];
		uint8_t dec[16];
		size_t n;
		tc_base64_encode((const uint8_t *)vec[i][0], strlen(vec[i][0]), enc);
		TC_CHECK_STR(enc, vec[i][1]);
		TC_CHECK_INT(tc_base64_decode(vec[i][1], strlen(vec[i][1]), dec, &n), 0);
		TC_CHECK_INT(n, strlen(vec[i][0]));
		TC_CHECK(memcmp(dec, vec[i][0], n) == 0);
	}
	uint8_t out[16];
	size_t n;
	TC_CHECK_INT(tc_base64_decode("Zm9", 3, out, &n), TC_EFORMAT);
	TC_CHECK_INT(tc_base64_decode("Zm=v", 4, out, &n), TC_EFORMAT);
	TC_CHECK_INT(tc_base64_decode("Zg==Zg==", 8, out, &n), TC_EFORMAT);
	TC_CHECK_INT(tc_base64_decode("Zm9*", 4, out, &n), TC_EFORMAT);

	/* With a capacity: 8 characters may write 6 bytes, refused into 5 before any write. */
	uint8_t small[6] = {0, 0, 0, 0, 0, 0xAA};
	TC_CHECK_INT(tc_base64_decode_cap("Zm9vYmFy", 8, small, 5, &n), TC_ERANGE);
	TC_CHECK_INT(small[5], 0xAA);
	TC_CHECK_INT(tc_base64_decode_cap("Zm9vYmFy", 8, small, 6, &n), 0);
	TC_CHECK_INT(n, 6);
	/* Padding does not shrink the bound: "Zm9vYg==" needs room for 6 while writing 4. */
	TC_CHECK_INT(tc_base64_decode_cap("Zm9vYg==", 8, small, 4, &n), TC_ERANGE);
}

int main(void)
{
	TC_RUN(test_conf);
	TC_RUN(test_base64);
	return tc_test_done();
}
