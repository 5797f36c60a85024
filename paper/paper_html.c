/*
 * paper_html.c - a document as one print-ready HTML page. The layout is
 * that of Decree 30/2020/NĐ-CP on administrative documents (Annex I): A4,
 * margins 20 mm top and bottom, 30 mm left, 15 mm right; Times New Roman;
 * the issuing body at the top left with the number below it, the national
 * motto at the top right with the place and date below it, the title and
 * its subject centred, the body justified at 14 pt, "Nơi nhận" at the
 * bottom left and the signature block at the bottom right; pages from the
 * second numbered at the top centre. No script: the desk's policy forbids
 * them and a document needs none.
 */
#include <stdio.h>
#include <string.h>

#include "paper.h"
#include "paper_internal.h"

static const char css[] =
	"@page{size:A4;margin:20mm 15mm 20mm 30mm;"
	"@top-center{content:counter(page);font:13pt 'Times New Roman','Liberation Serif',serif}}\n"
	"@page:first{@top-center{content:none}}\n"
	"@page casefile{@top-center{content:none}"
	"@bottom-center{content:'Trang ' counter(page) ' / ' counter(pages);"
	"font:11pt 'Times New Roman','Liberation Serif',serif}}\n"
	"html{background:#d9d9d9}\n"
	"body{margin:0;font-family:'Times New Roman','Liberation Serif',Tinos,serif;font-size:14pt;"
	"line-height:1.3;color:#000}\n"
	".sheet{box-sizing:border-box;width:210mm;min-height:297mm;margin:8mm auto;"
	"padding:20mm 15mm 20mm 30mm;background:#fff;box-shadow:0 1px 4px rgba(0,0,0,.3)}\n"
	"@media print{html{background:none}.sheet{width:auto;min-height:0;margin:0;padding:0;"
	"box-shadow:none}}\n"
	"table.head,table.foot{width:100%;border-collapse:collapse}\n"
	"table.head td,table.foot td{vertical-align:top;padding:0}\n"
	"td.issuer{width:42%;text-align:center;font-size:13pt}\n"
	"td.motto{width:58%;text-align:center}\n"
	".parent{text-transform:uppercase}\n"
	".org{text-transform:uppercase;font-weight:bold}\n"
	".nation{text-transform:uppercase;font-weight:bold;font-size:12.5pt;white-space:nowrap}\n"
	".motto-line{font-weight:bold;font-size:13.5pt}\n"
	".rule{border-top:1px solid #000;margin:1pt auto 6pt;width:30%}\n"
	".motto .rule{width:52%}\n"
	".number{font-size:13pt}\n"
	"p.form-no{text-align:right;font-weight:bold;font-size:13pt;margin:0 0 6pt}\n"
	".place-date{font-style:italic;margin-top:4pt}\n"
	"h1.title{text-align:center;font-size:14pt;font-weight:bold;text-transform:uppercase;"
	"margin:20pt 0 0}\n"
	"p.subject{text-align:center;font-weight:bold;margin:0}\n"
	".subject+.rule{width:22%}\n"
	"p.authority{text-align:center;font-weight:bold;text-transform:uppercase;margin:10pt 0}\n"
	"p.to{text-align:center;margin:10pt 0 12pt}\n"
	".body p{text-align:justify;text-indent:1.27cm;margin:0 0 6pt;white-space:pre-wrap}\n"
	".body p.basis{font-style:italic}\n"
	".body p.decide{text-align:center;font-weight:bold;text-indent:0;margin:8pt 0}\n"
	"table.foot{margin-top:14pt;page-break-inside:avoid}\n"
	"td.recipients{width:45%;font-size:11pt}\n"
	"td.recipients p{margin:0}\n"
	"td.recipients p.label{font-size:12pt;font-weight:bold;font-style:italic}\n"
	"td.sign{text-align:center}\n"
	"td.sign p{margin:0}\n"
	".sign-title{font-weight:bold;text-transform:uppercase}\n"
	".sign-note{font-style:italic;font-size:13pt}\n"
	".signer{font-weight:bold;margin-top:72pt !important}\n"
	/* the case file */
	".casefile{page:casefile}\n"
	".casefile h2{font-size:14pt;text-transform:uppercase;margin:14pt 0 6pt;"
	"page-break-after:avoid}\n"
	".casefile .cover{text-align:center;page-break-after:always;padding-top:30mm}\n"
	".casefile .cover h1{font-size:20pt;text-transform:uppercase;margin:30mm 0 10mm}\n"
	".casefile table.grid{width:100%;border-collapse:collapse;font-size:12pt}\n"
	".casefile table.grid th,.casefile table.grid td{border:1px solid #000;padding:2pt 4pt;"
	"vertical-align:top;text-align:left}\n"
	".casefile .hash{font-family:'DejaVu Sans Mono',monospace;font-size:9pt;"
	"word-break:break-all}\n"
	".casefile dl{display:grid;grid-template-columns:45mm 1fr;gap:2pt 6pt;margin:0}\n"
	".casefile dt{font-weight:bold}\n"
	".casefile dd{margin:0}\n"
	".casefile .text{white-space:pre-wrap;text-align:justify}\n"
	".casefile .msg{border-left:2pt solid #000;padding-left:6pt;margin:0 0 8pt;"
	"page-break-inside:avoid}\n"
	".casefile .muted{color:#333;font-style:italic}\n";

const char *paper_css(void)
{
	return css;
}

void paper_head(struct pbuf *b, const char *title, const char *css_href)
{
	pbuf_str(b, "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
		    "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>");
	paper_text(b, title);
	pbuf_str(b, "</title>");
	if (css_href) {
		pbuf_str(b, "<link rel=\"stylesheet\" href=\"");
		paper_text(b, css_href);
		pbuf_str(b, "\">");
	} else {
		pbuf_str(b, "<style>\n");
		pbuf_str(b, css);
		pbuf_str(b, "</style>");
	}
	pbuf_str(b, "</head>\n");
}

static void header_table(const struct paper_doc *d, struct pbuf *b)
{
	pbuf_str(b, "<table class=\"head\"><tr><td class=\"issuer\">");
	if (d->parent[0]) {
		pbuf_str(b, "<div class=\"parent\">");
		paper_text(b, d->parent);
		pbuf_str(b, "</div>");
	}
	pbuf_str(b, "<div class=\"org\">");
	paper_text(b, d->issuer);
	pbuf_str(b, "</div><div class=\"rule\"></div><div class=\"number\">Số: ");
	if (d->number[0])
		paper_text(b, d->number);
	else
		pbuf_str(b, "&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;");
	pbuf_str(b, "/");
	paper_text(b, d->symbol);
	pbuf_str(b, "</div></td>\n<td class=\"motto\"><div class=\"nation\">CỘNG HÒA XÃ HỘI CHỦ "
		    "NGHĨA VIỆT NAM</div><div class=\"motto-line\">Độc lập - Tự do - Hạnh phúc</div>"
		    "<div class=\"rule\"></div><div class=\"place-date\">");
	paper_place_date(b, d->place, d->date);
	pbuf_str(b, "</div></td></tr></table>\n");
}

static int is_decision_text(const struct paper_doc *d)
{
	return d->authority[0] != '\0';
}

/* One body line: "QUYẾT ĐỊNH:" centred, "Điều N." in bold, a decision's grounds in italics. */
static void body_line(const struct paper_doc *d, struct pbuf *b, char *line)
{
	size_t art = 0;
	if (strncmp(line, "Điều ", strlen("Điều ")) == 0) {
		art = strlen("Điều ");
		while (line[art] >= '0' && line[art] <= '9')
			art++;
		art = line[art] == '.' && art > strlen("Điều ") ? art + 1 : 0;
	}
	if (strcmp(line, "QUYẾT ĐỊNH:") == 0) {
		pbuf_str(b, "<p class=\"decide\">");
	} else if (is_decision_text(d) && (strncmp(line, "Căn cứ ", strlen("Căn cứ ")) == 0 ||
					   strncmp(line, "Xét ", strlen("Xét ")) == 0)) {
		pbuf_str(b, "<p class=\"basis\">");
	} else {
		pbuf_str(b, "<p>");
	}
	if (art) {
		char keep = line[art];
		line[art] = '\0';
		pbuf_str(b, "<b>");
		paper_text(b, line);
		pbuf_str(b, "</b>");
		line[art] = keep;
	}
	paper_text(b, line + art);
	pbuf_str(b, "</p>\n");
}

/* Call fn on each non-empty line of text (a copy: the text stays as it is). */
static void each_line(const struct paper_doc *d, struct pbuf *b, const char *text,
		      void (*fn)(const struct paper_doc *, struct pbuf *, char *))
{
	struct pbuf copy = {0};
	pbuf_str(&copy, text ? text : "");
	char *p = copy.p;
	while (p && *p) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		size_t n = strlen(p);
		if (n && p[n - 1] == '\r')
			p[n - 1] = '\0';
		if (p[0])
			fn(d, b, p);
		p = nl ? nl + 1 : NULL;
	}
	pbuf_free(&copy);
}

static void recipient_line(const struct paper_doc *d, struct pbuf *b, char *line)
{
	pbuf_str(b, "<p>- ");
	paper_text(b, line[0] == '-' ? line + 1 + (line[1] == ' ') : line);
	pbuf_str(b, "</p>");
}

static void footer_table(const struct paper_doc *d, struct pbuf *b)
{
	pbuf_str(b, "<table class=\"foot\"><tr><td class=\"recipients\"><p class=\"label\">Nơi "
		    "nhận:</p>");
	each_line(d, b, d->recipients, recipient_line);
	pbuf_str(b, "</td>\n<td class=\"sign\"><p class=\"sign-title\">");
	paper_text(b, d->signer_title);
	pbuf_str(b, "</p><p class=\"sign-note\">(Ký, ghi rõ họ tên, đóng dấu)</p><p class=\"signer\">");
	if (d->signer[0])
		paper_text(b, d->signer);
	else
		pbuf_str(b, "&#160;");
	pbuf_str(b, "</p></td></tr></table>\n");
}

void paper_html(const struct paper_doc *d, const char *css_href, struct pbuf *b)
{
	char title[2 * PAPER_LINE_MAX + 4];
	snprintf(title, sizeof(title), "%s %s", d->title, d->subject);
	paper_head(b, title, css_href);
	pbuf_str(b, "<body><article class=\"sheet\">\n");
	if (d->form[0]) {
		/* the annexes print the form's number above the header, on the right */
		pbuf_str(b, "<p class=\"form-no\">");
		paper_text(b, d->form);
		pbuf_str(b, "</p>\n");
	}
	header_table(d, b);
	pbuf_str(b, "<h1 class=\"title\">");
	paper_text(b, d->title);
	pbuf_str(b, "</h1>\n<p class=\"subject\">");
	paper_text(b, d->subject);
	pbuf_str(b, "</p><div class=\"rule\"></div>\n");
	if (d->authority[0]) {
		pbuf_str(b, "<p class=\"authority\">");
		paper_text(b, d->authority);
		pbuf_str(b, "</p>\n");
	}
	if (d->to[0]) {
		pbuf_str(b, "<p class=\"to\">Kính gửi: ");
		paper_text(b, d->to);
		pbuf_str(b, "</p>\n");
	}
	pbuf_str(b, "<div class=\"body\">\n");
	each_line(d, b, d->body, body_line);
	pbuf_str(b, "</div>\n");
	footer_table(d, b);
	pbuf_str(b, "</article></body></html>\n");
}
