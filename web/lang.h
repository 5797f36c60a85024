/* lang.h - the language of a response: Vietnamese by default, English on request. */
#ifndef TOCAO_LANG_H
#define TOCAO_LANG_H

enum lang { LANG_VI = 0, LANG_EN = 1 };

/*
 * Choose from an Accept-Language header (NULL: Vietnamese). The
 * highest-weighted of "vi" and "en" wins; anything else is ignored.
 */
enum lang lang_from_accept(const char *header);
/* "vi" / "en" */
const char *lang_code(enum lang l);

#endif
