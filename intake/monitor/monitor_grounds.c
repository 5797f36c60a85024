/*
 * monitor_grounds.c - /monitor/grounds and /api/v1/monitor/grounds: the
 * period's declines (không thụ lý) by their legal ground, in all, by
 * province and by inspectorate, each ground with its provision. The ground
 * is a code of the law (dm_grounds.h), never the case's content. From
 * published figures only (case_grounds.h: each breakdown by ground adds
 * up to its published declined count, every cell a multiple of 5, so no
 * cell singles out 1 or 2 cases), audited like the other views
 * (CASE_AUDIT_LIST, detail "monitor:grounds"). Declines recorded before
 * the grounds existed (schema 6) show as "not recorded".
 */
#include <time.h>

#include "audit.h"
#include "dm_grounds.h"
#include "figures_job.h"
#include "labels.h"
#include "monitor_handlers.h"
#include "monitor_query.h"
#include "monitor_render.h"
#include "server_internal.h"

/* The tracks in the order the page groups the grounds. */
static const enum dm_track track_order[] = {DM_TRACK_DENUNCIATION, DM_TRACK_INFORMATION,
					    DM_TRACK_COMPLAINT, DM_TRACK_PETITION};

/* A ground's words and provision in the page's language; 0: not recorded. */
static void ground_cells(struct html *h, enum lang l, int g)
{
	const struct dm_ground *d = dm_ground_of((enum dm_decline_ground)g);
	html_raw(h, "<th scope=\"row\">");
	if (d == NULL) {
		html_text(h, T(l, "Chưa ghi nhận căn cứ (quyết định trước khi lưu căn cứ)",
			       "Not recorded (declines before the ground was kept)"));
		html_raw(h, "</th><td></td><td></td>");
		return;
	}
	html_text(h, l == LANG_EN ? d->en : d->vi);
	html_raw(h, " <code>");
	html_text(h, d->name);
	html_raw(h, "</code></th><td>");
	html_text(h, label_track(d->track, LABEL_MONITOR, l));
	html_raw(h, "</td><td>");
	html_text(h, l == LANG_EN ? d->citation_en : d->citation_vi);
	html_raw(h, "</td>");
}

static void table_head(struct html *h, enum lang l, const char *caption_vi,
		       const char *caption_en, bool with_place)
{
	html_raw(h, "<table class=\"grounds\">\n<caption>");
	html_text(h, T(l, caption_vi, caption_en));
	html_raw(h, "</caption>\n<thead><tr>");
	if (with_place) {
		html_raw(h, "<th scope=\"col\">");
		html_text(h, T(l, "Nơi", "Where"));
		html_raw(h, "</th>");
	}
	static const char *const vi[] = {"Căn cứ không thụ lý", "Loại việc", "Điều khoản",
					 "Số việc"};
	static const char *const en[] = {"Ground for not accepting", "Track", "Provision",
					 "Cases"};
	for (size_t i = 0; i < 4; i++) {
		html_raw(h, i == 3 ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">");
		html_text(h, l == LANG_EN ? en[i] : vi[i]);
		html_raw(h, "</th>");
	}
	html_raw(h, "</tr></thead>\n<tbody>\n");
}

/* The rows of one breakdown by ground (published non-zero cells), then its total. */
static void ground_rows(struct html *h, enum lang l, const int64_t row[MG_GROUNDS],
			int64_t total, const char *place)
{
	for (size_t t = 0; t < sizeof(track_order) / sizeof(track_order[0]); t++)
		for (int g = 1; g < MG_GROUNDS; g++) {
			if (row[g] <= 0 || dm_ground_of((enum dm_decline_ground)g)->track !=
						   track_order[t])
				continue;
			html_raw(h, "<tr>");
			if (place) {
				html_raw(h, "<td>");
				html_text(h, place);
				html_raw(h, "</td>");
			}
			ground_cells(h, l, g);
			mw_number_cell(h, l, row[g]);
			html_raw(h, "</tr>\n");
		}
	html_raw(h, row[0] > 0 ? "<tr>" : "");
	if (row[0] > 0) {
		if (place) {
			html_raw(h, "<td>");
			html_text(h, place);
			html_raw(h, "</td>");
		}
		ground_cells(h, l, 0);
		mw_number_cell(h, l, row[0]);
		html_raw(h, "</tr>\n");
	}
	html_raw(h, "<tr class=\"total\">");
	if (place) {
		html_raw(h, "<td>");
		html_text(h, place);
		html_raw(h, "</td>");
	}
	html_raw(h, "<th scope=\"row\">");
	html_text(h, T(l, "Tổng số việc không thụ lý", "All declines"));
	html_raw(h, "</th><td></td><td></td>");
	mw_number_cell(h, l, total);
	html_raw(h, "</tr>\n");
}

static void by_place_tables(struct html *h, enum lang l, const struct mon_figures *f,
			    const struct mon_grounds *g)
{
	table_head(h, l, "Theo tỉnh, thành phố (nơi của người bị tố cáo, khiếu nại)",
		   "By province (of the accused)", true);
	for (size_t p = 0; p < DM_PROVINCE_COUNT; p++)
		if (f->ev_province[MF_DECLINED][p] > 0)
			ground_rows(h, l, g->province[p], f->ev_province[MF_DECLINED][p],
				    l == LANG_EN ? dm_province_at(p)->name_en
						 : dm_province_at(p)->name);
	html_raw(h, "</tbody>\n</table>\n");
	table_head(h, l, "Theo cơ quan thanh tra", "By inspectorate", true);
	for (size_t u = 0; u < dm_unit_count(); u++)
		if (f->ev_unit[MF_DECLINED][u] > 0)
			ground_rows(h, l, g->unit[u], f->ev_unit[MF_DECLINED][u],
				    l == LANG_EN ? dm_unit_at(u)->name_en : dm_unit_at(u)->name);
	html_raw(h, "</tbody>\n</table>\n");
}

static void render_grounds(struct server *srv, struct evhttp_request *req, const struct view *v,
			   const struct mon_figures *f, const struct mon_grounds *g)
{
	enum lang l = v->l;
	const char *title = T(l, "Không thụ lý theo căn cứ", "Not accepted, by legal ground");
	struct html h;
	html_init(&h);
	mw_page_head(&h, l, title, true, v->qs);
	mw_heading(&h, v, title);
	mw_filters(&h, v, "/monitor/grounds");
	table_head(&h, l, "Số việc không thụ lý theo căn cứ pháp lý",
		   "Declines by legal ground", false);
	ground_rows(&h, l, g->total, f->ev[MF_DECLINED], NULL);
	html_raw(&h, "</tbody>\n</table>\n");
	by_place_tables(&h, l, f, g);
	html_raw(&h, "<p class=\"note\">");
	html_text(&h, T(l, "Căn cứ là điều khoản của luật mà thanh tra viên chọn khi quyết định "
			   "không thụ lý; lý do cụ thể nằm trong ghi chú niêm phong của đơn vị. \"Căn "
			   "cứ khác\" được ghi rõ trong ghi chú đó. Mỗi số được làm tròn đến bội số "
			   "của 5 và các dòng cộng lại đúng bằng dòng tổng, để không số nào chỉ ra 1 "
			   "hoặc 2 việc.",
			"The ground is the provision the inspector chose when declining; the "
			"specifics are in the unit's sealed note, as is \"another ground\". Every "
			"count is rounded to a multiple of 5 and the rows add up to the total, so "
			"that no count singles out 1 or 2 cases."));
	html_raw(&h, "</p>\n");
	mw_reply_view(srv, req, &h, l, v->who, "monitor:grounds");
}

void handle_monitor_grounds(struct request *r)
{
	struct view v;
	if (mw_read_view(r, &v))
		mw_with_grounds(r->srv, r->req, &v, render_grounds);
}

/* ---- JSON ---- */

/* {"<api name>" or "not_recorded": n}: a breakdown's published non-zero cells. */
static cJSON *ground_object(const int64_t row[MG_GROUNDS])
{
	cJSON *o = cJSON_CreateObject();
	for (int g = 0; o && g < MG_GROUNDS; g++)
		if (row[g] > 0)
			cJSON_AddNumberToObject(o, g ? dm_ground_name((enum dm_decline_ground)g)
						     : "not_recorded",
						(double)row[g]);
	return o;
}

static cJSON *grounds_json(const struct mon_figures *f, const struct mon_grounds *g)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "scope", f->filter.province[0] ? f->filter.province : "national");
	cJSON_AddNumberToObject(o, "rounding_base", MF_ROUND_BASE);
	cJSON_AddNumberToObject(o, "declined", (double)f->ev[MF_DECLINED]);
	cJSON_AddItemToObject(o, "by_ground", ground_object(g->total));
	cJSON *bp = cJSON_AddObjectToObject(o, "by_province");
	for (size_t p = 0; bp && p < DM_PROVINCE_COUNT; p++)
		if (f->ev_province[MF_DECLINED][p] > 0)
			cJSON_AddItemToObject(bp, dm_province_at(p)->code,
					      ground_object(g->province[p]));
	cJSON *bu = cJSON_AddObjectToObject(o, "by_unit");
	for (size_t u = 0; bu && u < dm_unit_count(); u++)
		if (f->ev_unit[MF_DECLINED][u] > 0)
			cJSON_AddItemToObject(bu, dm_unit_at(u)->id, ground_object(g->unit[u]));
	return o;
}

static void grounds_reply(struct figures_job *j)
{
	enum lang l = http_request_lang(j->req);
	if (j->rc != TC_OK) {
		http_reply_unavailable(j->req, l, NULL, 5);
		return;
	}
	audit_read(j->srv, CASE_AUDIT_LIST, j->who, NULL, "monitor:grounds");
	http_reply_json(j->req, 200, grounds_json(j->f, j->g));
}

void handle_monitor_grounds_api(struct request *r)
{
	struct monitor_query q;
	if (!monitor_api_query(r, &q))
		return;
	if (figures_job_grounds(r->srv, r->req, r->who, &q.filter, q.from, q.to, grounds_reply,
				NULL) != TC_OK)
		http_reply_unavailable(r->req, r->lang, NULL, 5);
}
