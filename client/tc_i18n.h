/*
 * tc_i18n.h - the inspectors' tools' words in English and Vietnamese: one
 * table (tc_i18n.c), chosen from the environment (LC_ALL, LC_MESSAGES,
 * LANG: Vietnamese when the first one set starts with "vi"). The locale
 * itself is never changed (cJSON needs the C numeric locale).
 */
#ifndef TOCAO_TC_I18N_H
#define TOCAO_TC_I18N_H

enum tcc_lang { TCC_LANG_EN, TCC_LANG_VI };

enum tcc_msg {
	TCC_H_CASE,
	TCC_H_TRACK,
	TCC_H_STATUS,
	TCC_H_RECEIVED,
	TCC_H_PROCESS_BY,
	TCC_H_SETTLE_BY,
	TCC_H_OVERDUE,
	TCC_H_CATEGORY,
	TCC_H_SUMMARY,
	TCC_M_PROVISIONAL,
	TCC_W_CASES,        /* after a number */
	TCC_W_PAGES,        /* after a number */
	TCC_W_CASE,         /* before a case id */
	TCC_M_REPLY_SENT,   /* before the case id */
	TCC_M_SEALED_APART,
	TCC_M_NO_CASES,
	TCC_H_NOTICES,      /* notices owed (not recorded as sent) */
	TCC_MSG_COUNT
};

/* The language the environment asks for (pure: the three variables' values, NULL if unset). */
enum tcc_lang tcc_lang_from(const char *lc_all, const char *lc_messages, const char *lang);
/* The language of this process's environment. */
enum tcc_lang tcc_lang_env(void);
/* The words of id in lang (never a printf format: the callers place the values). */
const char *tcc_msg(enum tcc_lang lang, enum tcc_msg id);

/*
 * Sentences (tc_i18n_text.c): the Vietnamese of the English text en (often
 * a printf format, with the same conversions in the same order), or en
 * itself in English or when none is known. Format-checked as en.
 */
const char *tcc_fmt(enum tcc_lang lang, const char *en) __attribute__((format_arg(2)));
/* An API code shown to people (a status, track, category, action, event): its words. */
const char *tcc_term(enum tcc_lang lang, const char *code);
/* The sentence table, for its test: how many, and entry i. */
#include <stddef.h>
size_t tcc_fmt_count(void);
void tcc_fmt_at(size_t i, const char **en, const char **vi);

#endif
