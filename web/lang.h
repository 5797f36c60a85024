/* lang.h - the language of a response: Vietnamese by default, English on request. */
#ifndef TOCAO_LANG_H
#define TOCAO_LANG_H

enum lang { LANG_VI = 0, LANG_EN = 1 };

/*
 * Choose from an Accept-Language header (NULL: Vietnamese). The
 * highest-weighted of "vi" and "en" wins; anything else is ignored.
 */
enum lang lang_from_accept(const char *header);
/*
 * The language of the citizen's pages: Vietnamese unless the Cookie
 * header holds LANG_COOKIE=en (an explicit choice, remembered; never
 * Accept-Language, which Tor Browser and most phones set to English).
 */
#define LANG_COOKIE "tocao_lang"
enum lang lang_from_cookie(const char *cookie_header);
/* "vi" / "en" */
const char *lang_code(enum lang l);

#endif
