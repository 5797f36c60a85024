/*
 * Passphrase-protected identity files (docs/FORMAT.md "Key files",
 * tocao-signer-secret-key 2): round trip, wrong passphrase, the loader's
 * passphrase source and its retries, truncated and altered files, and
 * that version 1 files still load (and are reported as unprotected).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cr.h"
#include "tc_test.h"

static char dir[] = "/tmp/tocao-identity-test-XXXXXX";
static const char PASS[] = "correct horse battery";

static size_t slurp(const char *path, char *buf, size_t cap)
{
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return 0;
	size_t n = fread(buf, 1, cap - 1, f);
	fclose(f);
	buf[n] = '\0';
	return n;
}

static void spit(const char *path, const char *buf, size_t n)
{
	unlink(path);
	FILE *f = fopen(path, "w");
	if (f == NULL)
		return;
	if (fwrite(buf, 1, n, f) != n)
		TC_CHECK(0);
	fclose(f);
}

/* Same key pair: sign with one, verify with the other's public key. */
static int same_key(const struct cr_signer *a, const struct cr_signer *b)
{
	uint8_t pa[CR_SIGN_PK_BYTES], pb[CR_SIGN_PK_BYTES], sig[CR_SIG_BYTES];
	cr_signer_pk(a, pa);
	cr_signer_pk(b, pb);
	cr_signer_sign(b, (const uint8_t *)"x", 1, sig);
	return memcmp(pa, pb, sizeof(pa)) == 0 &&
	       cr_sign_verify(pa, (const uint8_t *)"x", 1, sig) == TC_OK;
}

static void test_round_trip(void)
{
	struct cr_signer *s, *back = NULL;
	char sp[256], pp[256], text[4096];
	snprintf(sp, sizeof(sp), "%s/a.key", dir);
	snprintf(pp, sizeof(pp), "%s/a.pub", dir);
	TC_CHECK_INT(cr_signer_keygen("monitor", "96", &s), 0);
	TC_CHECK_INT(cr_signer_save_protected(s, sp, pp, PASS, strlen(PASS), CR_KDF_INTERACTIVE), 0);
	TC_CHECK_INT(cr_signer_file_protected(sp), 1);
	/* Saving never overwrites. */
	TC_CHECK_INT(cr_signer_save_protected(s, sp, NULL, PASS, strlen(PASS), CR_KDF_INTERACTIVE),
		     TC_EEXIST);
	size_t n = slurp(sp, text, sizeof(text));
	TC_CHECK(strncmp(text, "tocao-signer-secret-key 2\n", 26) == 0);
	TC_CHECK(strstr(text, "encryption: argon2id\n") != NULL);
	TC_CHECK_INT(cr_signer_load_pass(sp, PASS, strlen(PASS), &back), 0);
	TC_CHECK(back != NULL && same_key(s, back));
	TC_CHECK_STR(cr_signer_role(back), "monitor");
	TC_CHECK_STR(cr_signer_scope(back), "96");
	cr_signer_free(back);
	struct cr_signer_pub pub;
	TC_CHECK_INT(cr_signer_pub_load(pp, &pub), 0);
	TC_CHECK_STR(pub.scope, "96");
	/* The secret's hex does not appear in the file. */
	TC_CHECK(n > 0 && strstr(text, "secret: ") != NULL);
	cr_signer_free(s);
}

static void test_wrong_and_missing_passphrase(void)
{
	struct cr_signer *s, *back = NULL;
	char sp[256];
	snprintf(sp, sizeof(sp), "%s/b.key", dir);
	TC_CHECK_INT(cr_signer_keygen("inspector", "TT-96", &s), 0);
	TC_CHECK_INT(cr_signer_save_protected(s, sp, NULL, PASS, strlen(PASS), CR_KDF_INTERACTIVE), 0);
	TC_CHECK_INT(cr_signer_load_pass(sp, "wrong", 5, &back), TC_ECRYPTO);
	TC_CHECK(back == NULL);
	TC_CHECK_INT(cr_signer_load_pass(sp, NULL, 0, &back), TC_ELOCKED);
	cr_set_passphrase_source(NULL, NULL, NULL);
	TC_CHECK_INT(cr_signer_load(sp, &back), TC_ELOCKED);
	TC_CHECK(back == NULL);
	cr_signer_free(s);
}

struct asked {
	int calls, notices;
	int wrong_first; /* give this many wrong passphrases before the right one */
	int give_up_after;
};

static int ask(void *arg, const char *path, int attempt, char *buf, size_t cap, size_t *len)
{
	struct asked *a = arg;
	(void)path;
	a->calls++;
	if (attempt >= a->give_up_after)
		return -1;
	const char *p = attempt < a->wrong_first ? "not it" : PASS;
	snprintf(buf, cap, "%s", p);
	*len = strlen(p);
	return 0;
}

static void notice(void *arg, const char *path)
{
	(void)path;
	((struct asked *)arg)->notices++;
}

static void test_passphrase_source(void)
{
	struct cr_signer *s, *back = NULL;
	char sp[256], sp1[256], pp1[256];
	snprintf(sp, sizeof(sp), "%s/c.key", dir);
	snprintf(sp1, sizeof(sp1), "%s/c1.key", dir);
	snprintf(pp1, sizeof(pp1), "%s/c1.pub", dir);
	TC_CHECK_INT(cr_signer_keygen("inspector", "TTCP", &s), 0);
	TC_CHECK_INT(cr_signer_save_protected(s, sp, NULL, PASS, strlen(PASS), CR_KDF_INTERACTIVE), 0);
	TC_CHECK_INT(cr_signer_save(s, sp1, pp1), 0);
	/* Two wrong, then right: three asks, loaded. */
	struct asked a = {.wrong_first = 2, .give_up_after = 3};
	cr_set_passphrase_source(ask, notice, &a);
	TC_CHECK_INT(cr_signer_load(sp, &back), 0);
	TC_CHECK_INT(a.calls, 3);
	TC_CHECK(back != NULL && same_key(s, back));
	cr_signer_free(back);
	back = NULL;
	/* Three wrong, then the source gives up: TC_ECRYPTO. */
	struct asked b = {.wrong_first = 9, .give_up_after = 3};
	cr_set_passphrase_source(ask, notice, &b);
	TC_CHECK_INT(cr_signer_load(sp, &back), TC_ECRYPTO);
	TC_CHECK_INT(b.calls, 4);
	TC_CHECK(back == NULL);
	/* Gives up at once: TC_ELOCKED. */
	struct asked c = {.give_up_after = 0};
	cr_set_passphrase_source(ask, notice, &c);
	TC_CHECK_INT(cr_signer_load(sp, &back), TC_ELOCKED);
	/* A version 1 file loads without asking, and is reported. */
	TC_CHECK_INT(cr_signer_file_protected(sp1), 0);
	TC_CHECK_INT(cr_signer_load(sp1, &back), 0);
	TC_CHECK_INT(c.calls, 1);
	TC_CHECK_INT(c.notices, 1);
	TC_CHECK(back != NULL && same_key(s, back));
	cr_signer_free(back);
	cr_set_passphrase_source(NULL, NULL, NULL);
	cr_signer_free(s);
}

static void test_truncated_and_altered(void)
{
	struct cr_signer *s, *back = NULL;
	char sp[256], bad[256], text[4096], copy[4096];
	snprintf(sp, sizeof(sp), "%s/d.key", dir);
	snprintf(bad, sizeof(bad), "%s/d-bad.key", dir);
	TC_CHECK_INT(cr_signer_keygen("inspector", "TT-01", &s), 0);
	TC_CHECK_INT(cr_signer_save_protected(s, sp, NULL, PASS, strlen(PASS), CR_KDF_INTERACTIVE), 0);
	size_t n = slurp(sp, text, sizeof(text));
	TC_CHECK(n > 100);
	/* Every truncation is refused, never loaded. */
	for (size_t cut = 0; cut < n; cut += 7) {
		spit(bad, text, cut);
		int rc = cr_signer_load_pass(bad, PASS, strlen(PASS), &back);
		TC_CHECK(rc != TC_OK);
		TC_CHECK(back == NULL);
	}
	/* The scope is bound (associated data): relabelling breaks it. */
	memcpy(copy, text, n + 1);
	char *scope = strstr(copy, "scope: TT-01");
	TC_CHECK(scope != NULL);
	if (scope) {
		scope[11] = '2';
		spit(bad, copy, n);
		TC_CHECK_INT(cr_signer_load_pass(bad, PASS, strlen(PASS), &back), TC_ECRYPTO);
	}
	/* An altered ciphertext: refused. */
	memcpy(copy, text, n + 1);
	char *sec = strstr(copy, "\nsecret: ");
	TC_CHECK(sec != NULL);
	if (sec) {
		sec[9] = sec[9] == '0' ? '1' : '0';
		spit(bad, copy, n);
		TC_CHECK_INT(cr_signer_load_pass(bad, PASS, strlen(PASS), &back), TC_ECRYPTO);
	}
	/* Costs above the readers' bounds are refused before any work. */
	memcpy(copy, text, n + 1);
	char *ops = strstr(copy, "kdf-opslimit: ");
	if (ops) {
		ops[14] = '9';
		ops[15] = '9';
		spit(bad, copy, n);
		TC_CHECK_INT(cr_signer_load_pass(bad, PASS, strlen(PASS), &back), TC_EFORMAT);
	}
	/* Another version: unsupported. */
	memcpy(copy, text, n + 1);
	copy[24] = '3';
	spit(bad, copy, n);
	TC_CHECK_INT(cr_signer_load_pass(bad, PASS, strlen(PASS), &back), TC_EVERSION);
	TC_CHECK(back == NULL);
	cr_signer_free(s);
}

int main(void)
{
	if (cr_init() != 0 || mkdtemp(dir) == NULL)
		return 2;
	TC_RUN(test_round_trip);
	TC_RUN(test_wrong_and_missing_passphrase);
	TC_RUN(test_passphrase_source);
	TC_RUN(test_truncated_and_altered);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return 2;
	return tc_test_done();
}
