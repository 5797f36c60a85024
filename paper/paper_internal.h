/* paper_internal.h - what the renderers of paper/ share. */
#ifndef TOCAO_PAPER_INTERNAL_H
#define TOCAO_PAPER_INTERNAL_H

#include "paper.h"

/* "<!DOCTYPE html>…</head>" with title, and the style sheet inline or linked. */
void paper_head(struct pbuf *b, const char *title, const char *css_href);

#endif
