/*
 * crash_check - the power-loss test's reader: opens a store image read-only
 * (as `tocao verify` does) and checks that every case id listed in a file,
 * one per line, has its record and its sealed envelope. Prints the missing
 * ids; exits 0 when none is missing, 1 when some are, 2 when the store does
 * not open.
 *
 *   crash_check STORE_DIR IDS_FILE
 */
#include <stdio.h>
#include <string.h>

#include "store.h"

static int has_case(struct store_txn *t, const char *id)
{
	struct store_case c;
	const uint8_t *env;
	size_t len;
	if (store_case_get(t, id, &c) != TC_OK)
		return 0;
	return store_envelope_get(t, id, &env, &len) == TC_OK && len > 0;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: crash_check STORE_DIR IDS_FILE\n");
		return 2;
	}
	FILE *f = fopen(argv[2], "r");
	struct store_options o = {.dir = argv[1], .read_only = true};
	struct store *st = NULL;
	struct store_txn *t = NULL;
	int rc = f ? store_open(&o, &st) : TC_ENOENT;
	if (rc == TC_OK)
		rc = store_read_begin(st, &t);
	if (rc != TC_OK) {
		fprintf(stderr, "crash_check: %s\n", tc_strerror(rc));
		store_close(st);
		if (f)
			fclose(f);
		return 2;
	}
	char line[64];
	size_t missing = 0, n = 0;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '\0')
			continue;
		n++;
		if (!has_case(t, line)) {
			printf("missing %s\n", line);
			missing++;
		}
	}
	fclose(f);
	store_read_end(t);
	store_close(st);
	printf("checked %zu, missing %zu\n", n, missing);
	return missing ? 1 : 0;
}
