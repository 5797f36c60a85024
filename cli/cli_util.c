#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli_util.h"
#include "tc_err.h"

enum tcc_lang cli_lang(void)
{
	static int lang = -1; /* the environment does not change while tocao runs */
	if (lang < 0)
		lang = (int)tcc_lang_env();
	return (enum tcc_lang)lang;
}

const char *cli_term(const char *code)
{
	return tcc_term(cli_lang(), code);
}

const char *cli_strerror(int rc)
{
	return TR(tc_strerror(rc));
}

__attribute__((format(printf, 1, 0))) static void vsay(const char *fmt, va_list ap)
{
	fputs("tocao: ", stderr);
	vfprintf(stderr, TR(fmt), ap);
	fputc('\n', stderr);
}

int cli_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsay(fmt, ap);
	va_end(ap);
	return CLI_EXIT_FAIL;
}

int cli_usage(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsay(fmt, ap);
	va_end(ap);
	fputs(TR("Try 'tocao --help'.\n"), stderr);
	return CLI_EXIT_USAGE;
}

int cli_print_json(cJSON *item)
{
	if (item == NULL)
		return cli_fail("out of memory");
	char *s = cJSON_Print(item);
	cJSON_Delete(item);
	if (s == NULL)
		return cli_fail("out of memory");
	puts(s);
	free(s);
	return CLI_EXIT_OK;
}
