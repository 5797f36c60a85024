/*
 * tocao init [--dev] DIR - create an instance (docs/OPERATIONS.md "An instance").
 *
 * Without --dev no secret of any unit or principal is created: units make
 * their own key pairs on their own machines (tocao keygen) and only the
 * public halves are imported. With --dev, for development only, every key
 * pair is made here and the secret halves go to DIR/dev-secrets/ (0600).
 */
#include <dirent.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "cli_util.h"
#include "commands.h"
#include "cr.h"
#include "dm_units.h"
#include "instance.h"
#include "store.h"

static const char conf_template[] =
	"# tocao instance configuration (docs/OPERATIONS.md lists every key).\n"
	"listen = 127.0.0.1:8443\n"
	"tls_cert = tls/cert.pem\n"
	"tls_key = tls/key.pem\n"
	"store_map_mb = 1024\n"
	"max_body_kb = 1024\n"
	"request_timeout_s = 15\n";

/*
 * A development instance is driven by one developer, the test suite and
 * bench/submit.sh, all from 127.0.0.1 and far faster than any citizen: the
 * submission limits are opened wide there (tests of the limits set their
 * own). Production instances keep the defaults (docs/OPERATIONS.md).
 */
static const char dev_conf[] =
	"dev = true\n"
	"submit_per_source_per_min = 1000000\n"
	"submit_per_source_burst = 1000000\n"
	"submit_global_per_s = 1000000\n"
	"submit_global_burst = 1000000\n";

static int write_new_file(const char *path, mode_t mode, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0)
		return -errno;
	size_t len = strlen(text);
	int rc = write(fd, text, len) == (ssize_t)len && fsync(fd) == 0 ? TC_OK : TC_EIO;
	close(fd);
	return rc;
}

static int add_ext(X509 *cert, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509V3_set_ctx_nodb(&ctx);
	X509V3_set_ctx(&ctx, cert, cert, NULL, NULL, 0);
	X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	if (ext == NULL)
		return -1;
	int ok = X509_add_ext(cert, ext, -1);
	X509_EXTENSION_free(ext);
	return ok ? 0 : -1;
}

/*
 * A self-signed ECDSA P-256 certificate for localhost, 127.0.0.1 and ::1
 * (ECDSA: every new TLS connection costs the server one signature, about
 * 13 times cheaper than with RSA-2048; docs/INTERNALS.md §tls).
 */
static int make_tls(const char *dir)
{
	char cert_path[INSTANCE_PATH_MAX], key_path[INSTANCE_PATH_MAX], tls_dir[INSTANCE_PATH_MAX];
	if (instance_path(dir, "tls", tls_dir, sizeof(tls_dir)) != TC_OK ||
	    instance_path(dir, "tls/cert.pem", cert_path, sizeof(cert_path)) != TC_OK ||
	    instance_path(dir, "tls/key.pem", key_path, sizeof(key_path)) != TC_OK)
		return TC_ERANGE;
	if (mkdir(tls_dir, 0700) != 0)
		return -errno;
	int rc = TC_EIO;
	EVP_PKEY *pkey = EVP_EC_gen("P-256");
	X509 *cert = X509_new();
	FILE *kf = NULL, *cf = NULL;
	if (pkey == NULL || cert == NULL)
		goto out;
	unsigned char serial[16];
	if (RAND_bytes(serial, sizeof(serial)) != 1)
		goto out;
	serial[0] &= 0x7f; /* positive */
	BIGNUM *bn = BN_bin2bn(serial, sizeof(serial), NULL);
	ASN1_INTEGER *sn = bn ? BN_to_ASN1_INTEGER(bn, NULL) : NULL;
	BN_free(bn);
	if (sn == NULL)
		goto out;
	X509_set_serialNumber(cert, sn);
	ASN1_INTEGER_free(sn);
	X509_set_version(cert, 2);
	X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
	X509_gmtime_adj(X509_getm_notAfter(cert), 365L * 24 * 3600);
	X509_NAME *name = X509_get_subject_name(cert);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)"localhost",
				   -1, -1, 0);
	X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
				   (const unsigned char *)"tocao development instance", -1, -1, 0);
	X509_set_issuer_name(cert, name);
	X509_set_pubkey(cert, pkey);
	if (add_ext(cert, NID_basic_constraints, "critical,CA:FALSE") ||
	    add_ext(cert, NID_key_usage, "critical,digitalSignature") ||
	    add_ext(cert, NID_ext_key_usage, "serverAuth") ||
	    add_ext(cert, NID_subject_key_identifier, "hash") ||
	    add_ext(cert, NID_authority_key_identifier, "keyid:always") ||
	    add_ext(cert, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:::1"))
		goto out;
	if (X509_sign(cert, pkey, EVP_sha256()) == 0)
		goto out;

	int kfd = open(key_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (kfd < 0 || (kf = fdopen(kfd, "w")) == NULL) {
		if (kfd >= 0)
			close(kfd);
		goto out;
	}
	int cfd = open(cert_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (cfd < 0 || (cf = fdopen(cfd, "w")) == NULL) {
		if (cfd >= 0)
			close(cfd);
		goto out;
	}
	if (PEM_write_PrivateKey(kf, pkey, NULL, NULL, 0, NULL, NULL) != 1 ||
	    PEM_write_X509(cf, cert) != 1)
		goto out;
	rc = TC_OK;
out:
	if (kf && fclose(kf) != 0)
		rc = TC_EIO;
	if (cf && fclose(cf) != 0)
		rc = TC_EIO;
	X509_free(cert);
	EVP_PKEY_free(pkey);
	return rc;
}

static int make_dir(const char *dir, const char *rel, mode_t mode)
{
	char path[INSTANCE_PATH_MAX];
	int rc = instance_path(dir, rel, path, sizeof(path));
	if (rc == TC_OK && mkdir(path, mode) != 0)
		rc = -errno;
	return rc;
}

static int make_unit_keys(const char *dir)
{
	for (size_t i = 0; i < dm_unit_count(); i++) {
		const struct dm_unit *u = dm_unit_at(i);
		char rel[96], pub_path[INSTANCE_PATH_MAX], sec_path[INSTANCE_PATH_MAX];
		struct cr_unit_secret *sec = NULL;
		snprintf(rel, sizeof(rel), "units/%s.pub", u->id);
		int rc = instance_path(dir, rel, pub_path, sizeof(pub_path));
		snprintf(rel, sizeof(rel), "dev-secrets/%s.key", u->id);
		if (rc == TC_OK)
			rc = instance_path(dir, rel, sec_path, sizeof(sec_path));
		if (rc == TC_OK)
			rc = cr_unit_keygen(u->id, &sec);
		if (rc == TC_OK)
			rc = cr_unit_secret_save(sec, sec_path);
		if (rc == TC_OK)
			rc = cr_unit_pub_save(cr_unit_secret_pub(sec), pub_path);
		cr_unit_secret_free(sec);
		if (rc != TC_OK)
			return rc;

		/* One inspector per unit, with their own signing identity. */
		struct cr_signer *insp = NULL;
		char insp_sec[INSTANCE_PATH_MAX], insp_pub[INSTANCE_PATH_MAX];
		snprintf(rel, sizeof(rel), "dev-secrets/inspector-%s.key", u->id);
		rc = instance_path(dir, rel, insp_sec, sizeof(insp_sec));
		snprintf(rel, sizeof(rel), "principals/inspector-%s.pub", u->id);
		if (rc == TC_OK)
			rc = instance_path(dir, rel, insp_pub, sizeof(insp_pub));
		if (rc == TC_OK)
			rc = cr_signer_keygen("inspector", u->id, &insp);
		if (rc == TC_OK)
			rc = cr_signer_save(insp, insp_sec, insp_pub);
		cr_signer_free(insp);
		if (rc != TC_OK)
			return rc;
	}
	struct cr_signer *mon = NULL;
	char mon_sec[INSTANCE_PATH_MAX], mon_pub[INSTANCE_PATH_MAX];
	int rc = instance_path(dir, "dev-secrets/monitor.key", mon_sec, sizeof(mon_sec));
	if (rc == TC_OK)
		rc = instance_path(dir, "principals/monitor.pub", mon_pub, sizeof(mon_pub));
	if (rc == TC_OK)
		rc = cr_signer_keygen("monitor", "national", &mon);
	if (rc == TC_OK)
		rc = cr_signer_save(mon, mon_sec, mon_pub);
	cr_signer_free(mon);
	return rc;
}

static void init_usage(FILE *f)
{
	fputs("Usage: tocao init [--dev] [--conf FILE] DIR\n"
	      "\n"
	      "Create an instance in DIR (which must not exist, or be empty): configuration,\n"
	      "store, server key and a self-signed TLS certificate for localhost.\n"
	      "  --dev   also create every unit's key pair, one inspector per unit and a\n"
	      "          national monitor, with all secret keys in DIR/dev-secrets/ (0600).\n"
	      "          For development only: in production units generate their own keys.\n"
	      "  --conf FILE  DIR/tocao.conf becomes a link to FILE (an absolute path, which\n"
	      "          must exist) instead of a new file: the Debian package's\n"
	      "          /etc/tocao/tocao.conf.\n",
	      f);
}

/*
 * DIR/tocao.conf: a new file from the template, or with --conf a symbolic
 * link to the system's configuration file (a packaged instance keeps its
 * configuration under /etc, where dpkg manages it as a conffile).
 */
static int write_conf(const char *path, const char *link_to, int dev)
{
	if (link_to == NULL) {
		char conf[1024];
		snprintf(conf, sizeof(conf), "%s%s", conf_template, dev ? dev_conf : "");
		return write_new_file(path, 0600, conf);
	}
	if (symlink(link_to, path) != 0)
		return -errno;
	return TC_OK;
}

/*
 * DIR itself: created 0700, or an existing empty directory used as it is
 * (the package makes /var/lib/tocao, owned by the tocao user, who cannot
 * recreate it in /var/lib). A group may read it, nobody else.
 */
static int make_instance_dir(const char *dir)
{
	if (mkdir(dir, 0700) == 0)
		return CLI_EXIT_OK;
	if (errno != EEXIST)
		return cli_fail("init: cannot create %s: %s", dir, strerror(errno));
	DIR *d = opendir(dir);
	if (d == NULL)
		return cli_fail("init: cannot open %s: %s", dir, strerror(errno));
	struct dirent *e;
	int entries = 0;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			entries++;
	closedir(d);
	if (entries)
		return cli_fail("init: %s exists and is not empty", dir);
	struct stat st;
	if (stat(dir, &st) != 0 || chmod(dir, st.st_mode & 0750) != 0)
		return cli_fail("init: %s: %s", dir, strerror(errno));
	return CLI_EXIT_OK;
}

int cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {
		{"dev", no_argument, NULL, 'D'},
		{"conf", required_argument, NULL, 'c'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int dev = 0, json = 0, c;
	const char *conf_link = NULL;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'D': dev = 1; break;
		case 'c': conf_link = optarg; break;
		case 'j': json = 1; break;
		case 'h': init_usage(stdout); return CLI_EXIT_OK;
		default: return cli_usage("init: bad option");
		}
	}
	if (optind != argc - 1)
		return cli_usage("init: give exactly one directory");
	const char *dir = argv[optind];
	if (conf_link && (conf_link[0] != '/' || dev))
		return cli_usage("init: --conf takes an absolute path, and not with --dev");
	struct stat conf_st;
	if (conf_link && stat(conf_link, &conf_st) != 0)
		return cli_fail("init: --conf %s: %s", conf_link, strerror(errno));

	int rc = make_instance_dir(dir);
	if (rc != CLI_EXIT_OK)
		return rc;
	char path[INSTANCE_PATH_MAX];
	if ((rc = instance_path(dir, "tocao.conf", path, sizeof(path))) != TC_OK)
		return cli_fail("init: path too long");
	if ((rc = write_conf(path, conf_link, dev)) != TC_OK)
		return cli_fail("init: %s: %s", path, tc_strerror(rc));
	if ((rc = instance_path(dir, "server.key", path, sizeof(path))) != TC_OK ||
	    (rc = cr_server_key_create(path)) != TC_OK)
		return cli_fail("init: server key: %s", tc_strerror(rc));
	if ((rc = make_dir(dir, "units", 0755)) != TC_OK ||
	    (rc = make_dir(dir, "principals", 0755)) != TC_OK)
		return cli_fail("init: %s", tc_strerror(rc));
	if ((rc = make_tls(dir)) != TC_OK)
		return cli_fail("init: TLS certificate: %s", tc_strerror(rc));

	char store_dir[INSTANCE_PATH_MAX];
	struct store *st = NULL;
	struct store_options so = {.dir = store_dir, .map_size = (size_t)1024 << 20};
	if ((rc = instance_path(dir, "store", store_dir, sizeof(store_dir))) != TC_OK ||
	    (rc = store_open(&so, &st)) != TC_OK)
		return cli_fail("init: store: %s", tc_strerror(rc));
	store_close(st);

	if (dev) {
		if ((rc = make_dir(dir, "dev-secrets", 0700)) != TC_OK ||
		    (rc = make_unit_keys(dir)) != TC_OK)
			return cli_fail("init: keys: %s", tc_strerror(rc));
	}
	if (json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "instance", dir);
		cJSON_AddBoolToObject(o, "dev", dev);
		cJSON_AddNumberToObject(o, "units", dev ? (double)dm_unit_count() : 0);
		return cli_print_json(o);
	}
	printf("Created instance %s%s.\n", dir, dev ? " (development: secrets in dev-secrets/)" : "");
	if (dev)
		printf("%zu unit key pairs, %zu inspectors, 1 national monitor.\n", dm_unit_count(),
		       dm_unit_count());
	else
		printf("No unit keys yet: each unit runs 'tocao keygen' and the public keys are\n"
		       "copied to %s/units/.\n", dir);
	printf("Start it with: tocaod -d %s\n", dir);
	return CLI_EXIT_OK;
}
