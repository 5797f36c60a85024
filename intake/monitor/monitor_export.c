/*
 * monitor_export.c - GET /monitor/table.csv?table=... and
 * /monitor/table.xlsx?table=...: each table of the dashboard as a file, the
 * same published figures as on the page (one sink, monitor_tables.c). CSV:
 * RFC 4180, UTF-8 with a BOM. xlsx: one worksheet, counts as numbers, rates
 * as percentages (paper_sheet.h), for the spreadsheet an office works in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "audit.h"
#include "monitor_handlers.h"
#include "monitor_render.h"
#include "paper_sheet.h"
#include "server_internal.h"
#include "wipe_alloc.h"

enum export_format { EXPORT_CSV, EXPORT_XLSX };

/* Which format a request's table number carries (mw_with_figures passes one int). */
#define EXPORT_XLSX_BIT 0x100

static void emit_table(struct sink *s, const struct view *v, const struct mon_figures *f, int t)
{
	switch ((enum table)t) {
	case TABLE_PROVINCES: mw_table_provinces(s, v, f); break;
	case TABLE_PERIODS: mw_table_periods(s, v, f); break;
	case TABLE_TRACKS: mw_table_tracks(s, v, f); break;
	case TABLE_CATEGORIES: mw_table_categories(s, v, f); break;
	case TABLE_STATUS: mw_table_status(s, v, f); break;
	default: mw_table_overdue(s, v, f); break;
	}
}

/* Content-Disposition: tocao-TABLE-SCOPE-FROM-TO.EXT */
static void add_disposition(struct evhttp_request *req, const struct view *v, int t,
			    const char *ext)
{
	char d1[DM_DAY_STRLEN], d2[DM_DAY_STRLEN], disp[128];
	dm_day_format(v->from, d1);
	dm_day_format(v->to, d2);
	snprintf(disp, sizeof(disp), "attachment; filename=\"tocao-%s-%s-%s-%s.%s\"",
		 mw_table_names[t], v->filter.province[0] ? v->filter.province : "national", d1, d2,
		 ext);
	evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Disposition", disp);
}

static void reply_unreadable(struct evhttp_request *req, const struct view *v)
{
	mw_reply_error(req, v->l, 503, "Tạm thời không đọc được số liệu; hãy thử lại sau.",
		       "The figures cannot be read just now; try again shortly.");
}

static void render_csv(struct server *srv, struct evhttp_request *req, const struct view *v,
		       const struct mon_figures *f, int t)
{
	struct html h;
	html_init(&h);
	html_raw(&h, "\xEF\xBB\xBF"); /* a BOM, so spreadsheet programs read UTF-8 */
	struct sink s = {.h = &h, .csv = true};
	emit_table(&s, v, f, t);
	size_t len = 0;
	char *text = html_finish(&h, &len);
	if (text == NULL) {
		reply_unreadable(req, v);
		return;
	}
	add_disposition(req, v, t, "csv");
	audit_read(srv, CASE_AUDIT_LIST, v->who, NULL, t == TABLE_OVERDUE ? "monitor:rows" : "monitor:csv");
	http_reply_text(req, 200, "text/csv; charset=utf-8", text);
	wipe_free(text);
}

static void render_xlsx(struct server *srv, struct evhttp_request *req, const struct view *v,
			const struct mon_figures *f, int t)
{
	struct paper_sheet sheet;
	paper_sheet_init(&sheet);
	struct sink s = {.sheet = &sheet, .l = v->l};
	emit_table(&s, v, f, t);
	uint8_t *data = NULL;
	size_t len = 0;
	char err[96];
	int rc = paper_sheet_xlsx(&sheet, mw_table_names[t], &data, &len, err, sizeof(err));
	paper_sheet_free(&sheet);
	if (rc != 0) {
		reply_unreadable(req, v);
		return;
	}
	add_disposition(req, v, t, "xlsx");
	audit_read(srv, CASE_AUDIT_LIST, v->who, NULL,
		   t == TABLE_OVERDUE ? "monitor:rows" : "monitor:xlsx");
	http_reply_bytes(req, 200,
			 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", data,
			 len);
	free(data);
}

static void render_export(struct server *srv, struct evhttp_request *req, const struct view *v,
			  const struct mon_figures *f, int arg)
{
	if (arg & EXPORT_XLSX_BIT)
		render_xlsx(srv, req, v, f, arg & ~EXPORT_XLSX_BIT);
	else
		render_csv(srv, req, v, f, arg);
}

static void handle_export(struct request *r, enum export_format format)
{
	struct view v;
	if (!mw_read_view(r, &v))
		return;
	int t = 0;
	while (t < TABLE_COUNT && strcmp(mw_table_names[t], v.table) != 0)
		t++;
	if (t == TABLE_COUNT) {
		mw_reply_error(r->req, v.l, 404, "Không có bảng này.", "There is no such table.");
		return;
	}
	mw_with_figures(r->srv, r->req, &v, true, render_export,
			format == EXPORT_XLSX ? t | EXPORT_XLSX_BIT : t);
}

void handle_monitor_csv(struct request *r)
{
	handle_export(r, EXPORT_CSV);
}

void handle_monitor_xlsx(struct request *r)
{
	handle_export(r, EXPORT_XLSX);
}
