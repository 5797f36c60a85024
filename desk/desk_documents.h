/* desk_documents.h - a case's documents and case file in the desk (desk_documents.c). */
#ifndef TOCAO_DESK_DOCUMENTS_H
#define TOCAO_DESK_DOCUMENTS_H

struct desk_req;

/*
 * /case/ID/doc/KIND (GET the form, POST render it), /case/ID/casefile,
 * POST /case/ID/sent. 1 when rest was one of them (answered), 0 if not.
 */
int desk_documents_route(struct desk_req *r, const char *id, const char *rest, int post);
/* /static/paper.css: the documents' print style sheet. */
void desk_paper_css(struct desk_req *r);

#endif
