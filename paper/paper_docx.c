/*
 * paper_docx.c - a document as a Word file: the smallest valid
 * WordprocessingML package ([Content_Types].xml, _rels/.rels,
 * word/_rels/document.xml.rels, word/document.xml, word/styles.xml) with
 * the layout of paper_html.c (A4, margins 20/15/20/30 mm, Times New Roman
 * 14 pt), zipped in memory (paper_zip.c). Every case byte reaches the XML
 * through paper_text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paper_internal.h"

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define R_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define PKG_REL "http://schemas.openxmlformats.org/package/2006/relationships"

/* The text area is 210 - 30 - 15 = 165 mm = 9355 twips; the header's columns 42% / 58%. */
#define COL_LEFT 3929
#define COL_RIGHT 5426

enum {
	P_BOLD = 1,
	P_ITALIC = 2,
	P_CAPS = 4,
	P_JUSTIFY = 8,
	P_INDENT = 16,
	P_LEFT = 32,
	P_RIGHT = 64,
};

static const char content_types[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"rels\" "
	"ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/word/document.xml\" ContentType=\"application/"
	"vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
	"<Override PartName=\"/word/styles.xml\" ContentType=\"application/"
	"vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/></Types>";

static const char package_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"" PKG_REL "\"><Relationship Id=\"rId1\" "
	"Type=\"" R_NS "/officeDocument\" Target=\"word/document.xml\"/></Relationships>";

static const char document_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"" PKG_REL "\"><Relationship Id=\"rId1\" "
	"Type=\"" R_NS "/styles\" Target=\"styles.xml\"/></Relationships>";

static const char styles[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<w:styles xmlns:w=\"" W_NS "\"><w:docDefaults><w:rPrDefault><w:rPr>"
	"<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" "
	"w:cs=\"Times New Roman\" w:eastAsia=\"Times New Roman\"/>"
	"<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/><w:lang w:val=\"vi-VN\"/></w:rPr></w:rPrDefault>"
	"<w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"288\" w:lineRule=\"auto\"/></w:pPr>"
	"</w:pPrDefault></w:docDefaults>"
	"<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/>"
	"<w:qFormat/></w:style></w:styles>";

/* One paragraph: flags, size in half-points (0: 14 pt), space before in twips, the text. */
static void para(struct pbuf *b, int flags, int size, int before, const char *text)
{
	pbuf_str(b, "<w:p><w:pPr>");
	if (before)
		pbuf_fmt(b, "<w:spacing w:before=\"%d\" w:after=\"0\"/>", before);
	if (flags & P_INDENT)
		pbuf_str(b, "<w:spacing w:after=\"120\"/><w:ind w:firstLine=\"720\"/>");
	pbuf_fmt(b, "<w:jc w:val=\"%s\"/></w:pPr>",
		 flags & P_JUSTIFY ? "both"
		 : flags & P_LEFT ? "left"
		 : flags & P_RIGHT ? "right"
				   : "center");
	if (text && text[0]) {
		pbuf_str(b, "<w:r><w:rPr>");
		pbuf_str(b, flags & P_BOLD ? "<w:b/>" : "");
		pbuf_str(b, flags & P_ITALIC ? "<w:i/>" : "");
		pbuf_str(b, flags & P_CAPS ? "<w:caps/>" : "");
		if (size)
			pbuf_fmt(b, "<w:sz w:val=\"%d\"/><w:szCs w:val=\"%d\"/>", size, size);
		pbuf_str(b, "</w:rPr><w:t xml:space=\"preserve\">");
		paper_text(b, text);
		pbuf_str(b, "</w:t></w:r>");
	}
	pbuf_str(b, "</w:p>");
}

/* A short centred line under a heading: an empty paragraph's bottom border, indented. */
static void rule(struct pbuf *b, int indent)
{
	pbuf_fmt(b, "<w:p><w:pPr><w:pBdr><w:bottom w:val=\"single\" w:sz=\"6\" w:space=\"1\" "
		    "w:color=\"000000\"/></w:pBdr><w:spacing w:after=\"80\" w:line=\"120\" "
		    "w:lineRule=\"exact\"/><w:ind w:left=\"%d\" w:right=\"%d\"/></w:pPr></w:p>",
		 indent, indent);
}

static void table_begin(struct pbuf *b, int left, int right)
{
	pbuf_fmt(b, "<w:tbl><w:tblPr><w:tblW w:w=\"%d\" w:type=\"dxa\"/><w:tblBorders>"
		    "<w:top w:val=\"nil\"/><w:left w:val=\"nil\"/><w:bottom w:val=\"nil\"/>"
		    "<w:right w:val=\"nil\"/><w:insideH w:val=\"nil\"/><w:insideV w:val=\"nil\"/>"
		    "</w:tblBorders><w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>"
		    "<w:gridCol w:w=\"%d\"/><w:gridCol w:w=\"%d\"/></w:tblGrid><w:tr>",
		 left + right, left, right);
}

static void cell_begin(struct pbuf *b, int width)
{
	pbuf_fmt(b, "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/></w:tcPr>", width);
}

static void header_table(const struct paper_doc *d, struct pbuf *b)
{
	struct pbuf line = {0};
	table_begin(b, COL_LEFT, COL_RIGHT);
	cell_begin(b, COL_LEFT);
	if (d->parent[0])
		para(b, P_CAPS, 26, 0, d->parent);
	para(b, P_CAPS | P_BOLD, 26, 0, d->issuer);
	rule(b, 1300);
	pbuf_fmt(&line, "Số: %s/%s", d->number[0] ? d->number : "        ", d->symbol);
	para(b, 0, 26, 0, line.p);
	pbuf_str(b, "</w:tc>");
	cell_begin(b, COL_RIGHT);
	para(b, P_BOLD, 25, 0, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
	para(b, P_BOLD, 27, 0, "Độc lập - Tự do - Hạnh phúc");
	rule(b, 1250);
	line.len = 0;
	paper_place_date(&line, d->place, d->date);
	/* paper_place_date escaped the place already: undo nothing, write it as a raw run */
	pbuf_str(b, "<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr><w:r><w:rPr><w:i/></w:rPr>"
		    "<w:t xml:space=\"preserve\">");
	pbuf_str(b, line.p);
	pbuf_str(b, "</w:t></w:r></w:p></w:tc></w:tr></w:tbl>");
	pbuf_free(&line);
}

/* Each non-empty line of text as a paragraph; with body, a decision's lines as in HTML. */
static void lines(struct pbuf *b, const char *text, int recipients)
{
	struct pbuf copy = {0}, item = {0};
	pbuf_str(&copy, text ? text : "");
	for (char *p = copy.p; p && *p;) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		size_t n = strlen(p);
		if (n && p[n - 1] == '\r')
			p[n - 1] = '\0';
		if (p[0] && recipients) {
			item.len = 0;
			pbuf_fmt(&item, "- %s", p[0] == '-' ? p + 1 + (p[1] == ' ') : p);
			para(b, P_LEFT, 22, 0, item.p);
		} else if (p[0] && strcmp(p, "QUYẾT ĐỊNH:") == 0) {
			para(b, P_BOLD, 0, 120, p);
		} else if (p[0]) {
			para(b, P_JUSTIFY | P_INDENT, 0, 0, p);
		}
		p = nl ? nl + 1 : NULL;
	}
	pbuf_free(&item);
	pbuf_free(&copy);
}

static void footer_table(const struct paper_doc *d, struct pbuf *b)
{
	table_begin(b, 4200, 5155);
	cell_begin(b, 4200);
	para(b, P_LEFT | P_BOLD | P_ITALIC, 24, 240, "Nơi nhận:");
	lines(b, d->recipients, 1);
	pbuf_str(b, "</w:tc>");
	cell_begin(b, 5155);
	para(b, P_BOLD | P_CAPS, 0, 240, d->signer_title);
	para(b, P_ITALIC, 26, 0, "(Ký, ghi rõ họ tên, đóng dấu)");
	para(b, P_BOLD, 0, 1440, d->signer);
	pbuf_str(b, "</w:tc></w:tr></w:tbl>");
}

void paper_docx_document_xml(const struct paper_doc *d, struct pbuf *b)
{
	pbuf_str(b, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		    "<w:document xmlns:w=\"" W_NS "\"><w:body>");
	if (d->form[0])
		para(b, P_RIGHT | P_BOLD, 26, 0, d->form);
	header_table(d, b);
	para(b, P_BOLD | P_CAPS, 0, 360, d->title);
	para(b, P_BOLD, 0, 0, d->subject);
	rule(b, 3600);
	if (d->authority[0])
		para(b, P_BOLD | P_CAPS, 0, 120, d->authority);
	if (d->to[0]) {
		struct pbuf to = {0};
		pbuf_fmt(&to, "Kính gửi: %s", d->to);
		para(b, 0, 0, 120, to.p);
		pbuf_free(&to);
	}
	pbuf_str(b, "<w:p/>");
	lines(b, d->body, 0);
	footer_table(d, b);
	pbuf_str(b, "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1134\" "
		    "w:right=\"850\" w:bottom=\"1134\" w:left=\"1701\" w:header=\"567\" "
		    "w:footer=\"567\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>");
}

int paper_docx(const struct paper_doc *d, uint8_t **data, size_t *len, char *err, size_t cap)
{
	struct pbuf doc = {0};
	*data = NULL;
	*len = 0;
	paper_docx_document_xml(d, &doc);
	if (doc.failed) {
		snprintf(err, cap, "zip: out of memory");
		pbuf_free(&doc);
		return -1;
	}
	const struct paper_part parts[] = {
		{"[Content_Types].xml", content_types, strlen(content_types)},
		{"_rels/.rels", package_rels, strlen(package_rels)},
		{"word/_rels/document.xml.rels", document_rels, strlen(document_rels)},
		{"word/document.xml", doc.p, doc.len},
		{"word/styles.xml", styles, strlen(styles)},
	};
	int rc = paper_zip(parts, sizeof(parts) / sizeof(parts[0]), data, len, err, cap);
	pbuf_free(&doc);
	return rc;
}
