/* paper_internal.h - what the renderers of paper/ share. */
#ifndef TOCAO_PAPER_INTERNAL_H
#define TOCAO_PAPER_INTERNAL_H

#include "paper.h"

/* "<!DOCTYPE html>…</head>" with title, and the style sheet inline or linked. */
void paper_head(struct pbuf *b, const char *title, const char *css_href);

/* One part of an OOXML package: its name in the archive and its bytes (kept by the caller). */
struct paper_part {
	const char *name;
	const char *data;
	size_t len;
};

/*
 * The parts zipped in memory (libzip), in order, each with a fixed time:
 * *data (malloc'd) and *len; 0, or -1 with err filled.
 */
int paper_zip(const struct paper_part *parts, size_t n, uint8_t **data, size_t *len, char *err,
	      size_t cap);

#endif
