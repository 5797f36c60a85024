#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lang.h"

/* Parse "q=0.8" after a ';'; 1000 for a missing q, 0..1000 otherwise. */
static int weight(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == ';'))
		p++;
	if (end - p < 2 || (p[0] != 'q' && p[0] != 'Q') || p[1] != '=')
		return 1000;
	p += 2;
	int w = 0, scale = 1000;
	if (p < end && *p == '1')
		return 1000;
	if (p < end && *p == '0')
		p++;
	if (p < end && *p == '.')
		p++;
	for (; p < end && *p >= '0' && *p <= '9' && scale > 1; p++) {
		scale /= 10;
		w += (*p - '0') * scale;
	}
	return w;
}

enum lang lang_from_accept(const char *h)
{
	if (h == NULL)
		return LANG_VI;
	int best_vi = -1, best_en = -1;
	/* Headers are capped in size by the server; this walk is linear. */
	for (const char *p = h; *p;) {
		const char *end = strchr(p, ',');
		if (end == NULL)
			end = p + strlen(p);
		while (p < end && *p == ' ')
			p++;
		const char *semi = memchr(p, ';', (size_t)(end - p));
		const char *tag_end = semi ? semi : end;
		size_t tl = (size_t)(tag_end - p);
		while (tl > 0 && p[tl - 1] == ' ')
			tl--;
		int w = semi ? weight(semi, end) : 1000;
		if (tl >= 2 && strncasecmp(p, "vi", 2) == 0 && (tl == 2 || p[2] == '-'))
			best_vi = w > best_vi ? w : best_vi;
		else if (tl >= 2 && strncasecmp(p, "en", 2) == 0 && (tl == 2 || p[2] == '-'))
			best_en = w > best_en ? w : best_en;
		p = *end ? end + 1 : end;
	}
	return best_en > 0 && best_en > best_vi ? LANG_EN : LANG_VI;
}

enum lang lang_from_cookie(const char *h)
{
	static const char name[] = LANG_COOKIE "=";
	for (const char *p = h; p && *p;) {
		while (*p == ' ' || *p == ';')
			p++;
		if (strncmp(p, name, sizeof(name) - 1) == 0)
			return strncmp(p + sizeof(name) - 1, "en", 2) == 0 &&
					       (p[sizeof(name) + 1] == '\0' || p[sizeof(name) + 1] == ';')
				       ? LANG_EN
				       : LANG_VI;
		p = strchr(p, ';');
	}
	return LANG_VI;
}

const char *lang_code(enum lang l)
{
	return l == LANG_EN ? "en" : "vi";
}
