/*
 * paper.h - the official documents of a case and its printable file
 * (docs/DOCUMENTS.md): pure C over the decrypted case, on the inspector's
 * machine only. A document is first prepared from the case (which forms
 * apply to its state, the fields filled from the daemon's answer and the
 * opened report), then edited field by field (the desk's form, the
 * command's options), then rendered: print-ready HTML (A4, Times New Roman,
 * the layout of Decree 30/2020/NĐ-CP) or a Word document (.docx, zipped by
 * libzip). Every byte of a case goes through paper_text, which escapes it
 * for HTML and XML alike.
 *
 * Nothing here does I/O: the callers (desk/, cli/) fetch, open and write.
 */
#ifndef TOCAO_PAPER_H
#define TOCAO_PAPER_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

/* ---- A growing text buffer, wiped when freed (it holds case text) ---- */

struct pbuf {
	char *p;
	size_t len, cap;
	int failed; /* an allocation failed: the text is incomplete */
};
void pbuf_add(struct pbuf *b, const char *s, size_t n);
void pbuf_str(struct pbuf *b, const char *s);
void pbuf_fmt(struct pbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * s as text for HTML or XML: & < > " ' escaped, bad UTF-8 and control
 * characters (but tab and newline) as U+FFFD, so no case byte can open a
 * tag or break the XML of a .docx.
 */
void paper_text(struct pbuf *b, const char *s);
void pbuf_free(struct pbuf *b);

/* ---- The documents ---- */

enum paper_kind {
	PAPER_ACCEPT_NOTICE,     /* thông báo thụ lý (tố cáo / giải quyết khiếu nại) */
	PAPER_DECLINE_NOTICE,    /* thông báo không thụ lý */
	PAPER_TRANSFER_SLIP,     /* phiếu chuyển đơn, to the competent body */
	PAPER_TRANSFER_NOTICE,   /* thông báo chuyển đơn, to the reporter */
	PAPER_ACCEPT_DECISION,   /* quyết định thụ lý tố cáo */
	PAPER_EXTEND_DECISION,   /* quyết định gia hạn giải quyết tố cáo */
	PAPER_SUSPEND_DECISION,  /* quyết định tạm đình chỉ việc giải quyết */
	PAPER_RESUME_DECISION,   /* quyết định tiếp tục giải quyết */
	PAPER_CONCLUSION_NOTICE, /* thông báo kết luận nội dung tố cáo */
	PAPER_TERMINATE_DECISION, /* quyết định đình chỉ việc giải quyết */
	PAPER_KIND_COUNT
};

/* "accept-notice", "decline-notice", ... (the command's KIND); -1 if unknown. */
int paper_kind_from_name(const char *name);
const char *paper_kind_name(enum paper_kind k);
/* The document's name in Vietnamese for this track ("Thông báo thụ lý giải quyết khiếu nại"). */
const char *paper_kind_title(enum paper_kind k, const char *track);
/*
 * The form this document follows for this track: "Mẫu số 05" (its number
 * in the annex, printed top right) and *source, the annex it is in ("Phụ
 * lục Nghị định số 31/2019/NĐ-CP"); "" and "" when no form for it was found
 * (docs/DOCUMENTS.md says what was searched).
 */
const char *paper_kind_form(enum paper_kind k, const char *track, const char **source);

/*
 * Whether kind applies to the case (the daemon's show answer): NULL when
 * it does, else a sentence naming what is missing ("no extension was
 * recorded: the extend action comes first"), Vietnamese unless en.
 */
const char *paper_refusal(enum paper_kind k, const cJSON *show, int en);

#define PAPER_LINE_MAX 512

/* One document, every field editable before it is rendered. */
struct paper_doc {
	enum paper_kind kind;
	char form[64];                     /* "Mẫu số 05", top right; "" when no form was found */
	char parent[PAPER_LINE_MAX];       /* the body above the issuer: "Ủy ban nhân dân tỉnh Cà Mau" */
	char issuer[PAPER_LINE_MAX];       /* "Thanh tra tỉnh Cà Mau" */
	char number[64];                   /* "15"; "" leaves room to write it by hand */
	char symbol[64];                   /* "TB-TTr" */
	char place[PAPER_LINE_MAX];        /* "Cà Mau" */
	char date[16];                     /* YYYY-MM-DD; "" leaves ngày … tháng … năm … */
	char title[PAPER_LINE_MAX];        /* "THÔNG BÁO" */
	char subject[PAPER_LINE_MAX];      /* "Về việc thụ lý tố cáo" */
	char authority[PAPER_LINE_MAX];    /* a decision's "CHÁNH THANH TRA TỈNH CÀ MAU"; "" else */
	char to[PAPER_LINE_MAX];           /* "Kính gửi:" ...; "" for none */
	char signer_title[PAPER_LINE_MAX]; /* "THỦ TRƯỞNG CƠ QUAN" */
	char signer[PAPER_LINE_MAX];       /* the name under the signature; "" to sign by hand */
	char *body;                        /* paragraphs, one a line (malloc'd) */
	char *recipients;                  /* "Nơi nhận:" lines (malloc'd) */
};

/*
 * Fill doc for kind from the case: show (GET /api/v1/cases/{id}), body
 * (the opened report), ident (the opened identity, NULL while sealed or
 * anonymous: the reporter's name is then left for the inspector to write).
 * 0, or -1 with *why the refusal (paper_refusal) or "out of memory".
 */
int paper_prepare(enum paper_kind k, const cJSON *show, const cJSON *body, const cJSON *ident,
		  int en, struct paper_doc *doc, const char **why);
/*
 * Set one field by name: form, parent, issuer, number, symbol, place, date,
 * title, subject, authority, to, signer_title, signer, body, recipients.
 * 0, or -1 for an unknown name, a value too long for the field, or a date
 * that is not YYYY-MM-DD.
 */
int paper_set(struct paper_doc *doc, const char *field, const char *value);
/* The value of a field by name (as paper_set); NULL for an unknown name. */
const char *paper_get(const struct paper_doc *doc, const char *field);
/* The field names, NULL-terminated, in the order the desk's form shows them. */
extern const char *const paper_fields[];
/*
 * The legal ground of a decline in a note the desk wrote at decline time
 * (its "Căn cứ: …" and "Căn cứ cụ thể: …" lines) as one sentence into out:
 * 1 when note has one, 0 (out untouched) when not.
 */
int paper_decline_reason(const char *note, char *out, size_t cap);
/*
 * Put reason where the body leaves the reason to write ("…… (ghi rõ lý
 * do)"), the first such place; 0, or -1 when the body has none or memory
 * runs out (the body is then unchanged).
 */
int paper_fill_reason(struct paper_doc *doc, const char *reason);
/* Wipe and free the body and recipients. */
void paper_doc_free(struct paper_doc *doc);

/* "Cà Mau, ngày 05 tháng 12 năm 2026" (leading zeros as Decree 30/2020 asks). */
void paper_place_date(struct pbuf *b, const char *place, const char *iso);

/*
 * The document as one print-ready HTML page. css_href NULL: the print
 * style sheet inline (a file opened on its own); else a <link> to it (the
 * desk, whose Content-Security-Policy allows only its own style sheets).
 */
void paper_html(const struct paper_doc *doc, const char *css_href, struct pbuf *out);
/* The print style sheet of documents and of the case file. */
const char *paper_css(void);

/*
 * The document as a .docx (WordprocessingML: [Content_Types].xml,
 * _rels/.rels, word/document.xml, word/styles.xml), zipped in memory by
 * libzip. 0 with *data (malloc'd, *len bytes), or -1 with err.
 */
int paper_docx(const struct paper_doc *doc, uint8_t **data, size_t *len, char *err, size_t cap);
/* Only word/document.xml's text, for the tests and for a reader that wants it. */
void paper_docx_document_xml(const struct paper_doc *doc, struct pbuf *out);

/* ---- The printable case file (hồ sơ) ---- */

struct paper_msg {
	int seq;
	const char *from;      /* "reporter", "unit", "note" */
	const char *at;        /* YYYY-MM-DD */
	const char *signature; /* a unit message's signature state, or "" */
	const char *text;      /* NULL when it did not open */
};

struct paper_file {
	const char *where;     /* "report", or "message 3" */
	unsigned index;
	const char *name, *type;
	size_t size;
	char sha256[65];       /* hex of the opened bytes; "" when they did not open */
};

struct paper_casefile {
	const cJSON *show, *body, *ident;
	const struct paper_msg *msgs;
	size_t n_msgs;
	const struct paper_file *files;
	size_t n_files;
	const char *printed_on; /* YYYY-MM-DD */
	/* GET /api/v1/cases/{id}/audit's answer ({"entries", "more"}), or NULL when not read */
	const cJSON *audit;
};

/*
 * The case file as one HTML document for print: a cover sheet, the report,
 * the reporter (the identity only when ident is given: never opened here),
 * the conversation, the attachments with their SHA-256, the timeline, the
 * deadlines with their articles, and the case's audit entries (cf->audit); pages
 * numbered by CSS. css_href as for paper_html.
 */
void paper_casefile_html(const struct paper_casefile *cf, const char *css_href, struct pbuf *out);

#endif
