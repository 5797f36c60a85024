/* paper_words.h - Vietnamese words for the API's codes (internal to paper/). */
#ifndef TOCAO_PAPER_WORDS_H
#define TOCAO_PAPER_WORDS_H

/* The word for api in group ("status", "track", "event", ...); api itself when unknown. */
const char *pw(const char *group, const char *api);

#endif
