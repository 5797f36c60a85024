/*
 * paper_sheet.c - figures as an .xlsx workbook (paper_sheet.h). The parts:
 * [Content_Types].xml, _rels/.rels, xl/workbook.xml,
 * xl/_rels/workbook.xml.rels, xl/styles.xml (three cell formats: plain,
 * bold header, 0.0%) and xl/worksheets/sheet1.xml (ECMA-376 Part 1,
 * SpreadsheetML). Cells carry their reference (A1, B1, ...) so that every
 * reader places them the same way.
 */
#include <stdio.h>
#include <string.h>

#include "paper_internal.h"
#include "paper_sheet.h"

#define SS_NS "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define R_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define PKG_REL "http://schemas.openxmlformats.org/package/2006/relationships"
#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

/* Cell formats of styles.xml's cellXfs, by index. */
enum { XF_PLAIN = 0, XF_HEADER = 1, XF_PERCENT = 2 };

static const char content_types[] =
	XML_DECL "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"rels\" "
	"ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/"
	"vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
	"<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/"
	"vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
	"<Override PartName=\"/xl/styles.xml\" ContentType=\"application/"
	"vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/></Types>";

static const char package_rels[] =
	XML_DECL "<Relationships xmlns=\"" PKG_REL "\"><Relationship Id=\"rId1\" "
	"Type=\"" R_NS "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";

static const char workbook_rels[] =
	XML_DECL "<Relationships xmlns=\"" PKG_REL "\">"
	"<Relationship Id=\"rId1\" Type=\"" R_NS "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"" R_NS "/styles\" Target=\"styles.xml\"/>"
	"</Relationships>";

/* Fonts: 0 plain, 1 bold; number format 164 = 0.0% (ids below 164 are built in). */
static const char styles[] =
	XML_DECL "<styleSheet xmlns=\"" SS_NS "\">"
	"<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"0.0%\"/></numFmts>"
	"<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font>"
	"<font><b/><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
	"<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>"
	"<fill><patternFill patternType=\"gray125\"/></fill></fills>"
	"<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
	"<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/>"
	"</cellStyleXfs>"
	"<cellXfs count=\"3\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
	"<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
	"<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" "
	"applyNumberFormat=\"1\"/></cellXfs>"
	"<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
	"</styleSheet>";

void paper_sheet_column(unsigned col, char out[4])
{
	/* bijective base 26: 0 -> A, 25 -> Z, 26 -> AA; three letters reach XFD, Excel's last */
	char rev[4];
	size_t n = 0;
	col++;
	while (col > 0 && n < 3) {
		col--;
		rev[n++] = (char)('A' + col % 26);
		col /= 26;
	}
	for (size_t i = 0; i < n; i++)
		out[i] = rev[n - 1 - i];
	out[n] = '\0';
}

void paper_sheet_init(struct paper_sheet *s)
{
	memset(s, 0, sizeof(*s));
}

void paper_sheet_row_start(struct paper_sheet *s)
{
	s->row++;
	s->col = 0;
	pbuf_fmt(&s->rows, "<row r=\"%u\">", s->row);
}

void paper_sheet_row_end(struct paper_sheet *s)
{
	pbuf_str(&s->rows, "</row>");
	if (s->col > s->widest)
		s->widest = s->col;
}

/* "<c r="B3"" for the next cell, moving the column on. */
static void cell_open(struct paper_sheet *s)
{
	char letters[4];
	paper_sheet_column(s->col++, letters);
	pbuf_fmt(&s->rows, "<c r=\"%s%u\"", letters, s->row);
}

void paper_sheet_text(struct paper_sheet *s, const char *text, bool header)
{
	cell_open(s);
	pbuf_fmt(&s->rows, " s=\"%d\" t=\"inlineStr\"><is><t xml:space=\"preserve\">",
		 header ? XF_HEADER : XF_PLAIN);
	paper_text(&s->rows, text); /* XML-escaped; control characters become U+FFFD */
	pbuf_str(&s->rows, "</t></is></c>");
}

void paper_sheet_number(struct paper_sheet *s, int64_t n)
{
	cell_open(s);
	pbuf_fmt(&s->rows, "><v>%lld</v></c>", (long long)n);
}

void paper_sheet_permille(struct paper_sheet *s, int permille)
{
	if (permille < 0) {
		paper_sheet_blank(s);
		return;
	}
	cell_open(s);
	pbuf_fmt(&s->rows, " s=\"%d\"><v>%d.%03d</v></c>", XF_PERCENT, permille / 1000,
		 permille % 1000);
}

void paper_sheet_blank(struct paper_sheet *s)
{
	s->col++;
}

static bool name_ok(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || n > 31)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == ' ' || c == '-' || c == '_'))
			return false;
	}
	return true;
}

/* The worksheet: its dimension, the first row frozen, the rows. */
static void worksheet_xml(const struct paper_sheet *s, struct pbuf *out)
{
	char last[4];
	paper_sheet_column(s->widest ? s->widest - 1 : 0, last);
	pbuf_str(out, XML_DECL "<worksheet xmlns=\"" SS_NS "\" xmlns:r=\"" R_NS "\">");
	pbuf_fmt(out, "<dimension ref=\"A1:%s%u\"/>", last, s->row ? s->row : 1);
	pbuf_str(out, "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" "
		      "topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
		      "</sheetView></sheetViews><cols><col min=\"1\" max=\"1\" width=\"40\" "
		      "customWidth=\"1\"/></cols><sheetData>");
	if (s->rows.p)
		pbuf_add(out, s->rows.p, s->rows.len);
	pbuf_str(out, "</sheetData></worksheet>");
}

int paper_sheet_xlsx(struct paper_sheet *s, const char *name, uint8_t **data, size_t *len,
		     char *err, size_t cap)
{
	*data = NULL;
	*len = 0;
	if (!name_ok(name)) {
		snprintf(err, cap, "xlsx: the sheet's name is not allowed");
		return -1;
	}
	struct pbuf book = {0}, sheet = {0};
	pbuf_fmt(&book,
		 XML_DECL "<workbook xmlns=\"" SS_NS "\" xmlns:r=\"" R_NS "\"><sheets>"
			  "<sheet name=\"%s\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
		 name);
	worksheet_xml(s, &sheet);
	int rc = -1;
	if (book.failed || sheet.failed || s->rows.failed) {
		snprintf(err, cap, "xlsx: out of memory");
	} else {
		const struct paper_part parts[] = {
			{"[Content_Types].xml", content_types, strlen(content_types)},
			{"_rels/.rels", package_rels, strlen(package_rels)},
			{"xl/workbook.xml", book.p, book.len},
			{"xl/_rels/workbook.xml.rels", workbook_rels, strlen(workbook_rels)},
			{"xl/styles.xml", styles, strlen(styles)},
			{"xl/worksheets/sheet1.xml", sheet.p, sheet.len},
		};
		rc = paper_zip(parts, sizeof(parts) / sizeof(parts[0]), data, len, err, cap);
	}
	pbuf_free(&book);
	pbuf_free(&sheet);
	return rc;
}

void paper_sheet_free(struct paper_sheet *s)
{
	pbuf_free(&s->rows);
	memset(s, 0, sizeof(*s));
}
