/*
 * monitor_csv.c - GET /monitor/table.csv?table=...: each table of the
 * dashboard as a CSV file (RFC 4180, UTF-8 with a BOM).
 */
#include <stdio.h>
#include <string.h>

#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "audit.h"
#include "monitor_handlers.h"
#include "monitor_render.h"
#include "server_internal.h"
#include "wipe_alloc.h"


static void render_csv(struct server *srv, struct evhttp_request *req, const struct view *vp,
		       const struct mon_figures *f, int t)
{
	const struct view v = *vp;
	struct html h;
	html_init(&h);
	html_raw(&h, "\xEF\xBB\xBF"); /* a BOM, so spreadsheet programs read UTF-8 */
	struct sink s = {.h = &h, .csv = true};
	switch ((enum table)t) {
	case TABLE_PROVINCES: mw_table_provinces(&s, &v, f); break;
	case TABLE_PERIODS: mw_table_periods(&s, &v, f); break;
	case TABLE_TRACKS: mw_table_tracks(&s, &v, f); break;
	case TABLE_CATEGORIES: mw_table_categories(&s, &v, f); break;
	case TABLE_STATUS: mw_table_status(&s, &v, f); break;
	default: mw_table_overdue(&s, &v, f); break;
	}
	size_t len = 0;
	char *text = html_finish(&h, &len);
	if (text == NULL) {
		wipe_free(text);
		mw_reply_error(req, v.l, 503, "Tạm thời không đọc được số liệu; hãy thử lại sau.",
			    "The figures cannot be read just now; try again shortly.");
		return;
	}
	char d1[DM_DAY_STRLEN], d2[DM_DAY_STRLEN], disp[128];
	dm_day_format(v.from, d1);
	dm_day_format(v.to, d2);
	snprintf(disp, sizeof(disp), "attachment; filename=\"tocao-%s-%s-%s-%s.csv\"",
		 mw_table_names[t], v.filter.province[0] ? v.filter.province : "national", d1, d2);
	evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Disposition", disp);
	audit_read(srv, CASE_AUDIT_LIST, v.who, NULL, t == TABLE_OVERDUE ? "monitor:rows" : "monitor:csv");
	http_reply_text(req, 200, "text/csv; charset=utf-8", text);
	wipe_free(text);
}

void handle_monitor_csv(struct request *r)
{
	struct server *srv = r->srv;
	struct evhttp_request *req = r->req;
	struct view v;
	if (!mw_read_view(r, &v))
		return;
	int t = 0;
	while (t < TABLE_COUNT && strcmp(mw_table_names[t], v.table) != 0)
		t++;
	if (t == TABLE_COUNT) {
		mw_reply_error(req, v.l, 404, "Không có bảng này.", "There is no such table.");
		return;
	}
	mw_with_figures(srv, req, &v, true, render_csv, t);
}

