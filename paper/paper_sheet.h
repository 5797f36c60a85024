/*
 * paper_sheet.h - a table of figures as a spreadsheet (.xlsx): the smallest
 * valid SpreadsheetML package, one worksheet, text in inline strings (no
 * shared-string table to keep in step), counts as numbers, rates as numbers
 * shown as percentages, the header row bold and frozen. Built row by row,
 * cell by cell, then zipped in memory. Pure C, no I/O.
 */
#ifndef TOCAO_PAPER_SHEET_H
#define TOCAO_PAPER_SHEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "paper.h"

struct paper_sheet {
	struct pbuf rows; /* the <row> elements so far */
	unsigned row, col; /* the current row (1-based; 0 before the first), next column (0-based) */
	unsigned widest;   /* the most cells in a row: the sheet's dimension */
};

void paper_sheet_init(struct paper_sheet *s);
void paper_sheet_row_start(struct paper_sheet *s);
void paper_sheet_row_end(struct paper_sheet *s);
/* A text cell (UTF-8; escaped, control characters dropped); header cells are bold. */
void paper_sheet_text(struct paper_sheet *s, const char *text, bool header);
void paper_sheet_number(struct paper_sheet *s, int64_t n);
/* A rate in tenths of a percent (873: the number 0.873, shown 87.3%). */
void paper_sheet_permille(struct paper_sheet *s, int permille);
/* An empty cell (a rate with nothing to divide by, say): the column moves on. */
void paper_sheet_blank(struct paper_sheet *s);

/*
 * The workbook: one worksheet named name (ASCII letters, digits, spaces,
 * '-' and '_', at most 31 characters: Excel's limit; anything else is
 * refused) holding the rows; *data (malloc'd) and *len. 0, or -1 with err.
 */
int paper_sheet_xlsx(struct paper_sheet *s, const char *name, uint8_t **data, size_t *len,
		     char *err, size_t cap);
void paper_sheet_free(struct paper_sheet *s);

/* The column letters of a 0-based column (A, B, ..., Z, AA, ...): out has room for 4. */
void paper_sheet_column(unsigned col, char out[4]);

#endif
