/*
 * desk_inbox.c - the inbox: every case of the unit in memory, sorted by
 * the deadline now running (overdue first), filtered, searched and paged
 * with its counts; nothing is cut without saying so.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "desk_internal.h"

#define PER_DEFAULT 50

/* The filters of the form: parameter, label, the API values (NULL: free text). */
struct filter {
	const char *param, *vi, *en;
	const char *const *values;
	const char *(*word)(const struct desk_req *, const char *);
};

static const char *const assignees[] = {"me", "none", NULL};
static const char *const dues[] = {"overdue", "today", "soon", "open", NULL};
static const char *const sorts[] = {"deadline", "received", "id", NULL};
static const char *const notices[] = {"owed", NULL};
static const char *const pers[] = {"25", "50", "100", "200", NULL};

static const char *w_assignee(const struct desk_req *r, const char *v)
{
	return strcmp(v, "me") == 0 ? T(r, "Của tôi", "Mine") : T(r, "Chưa phân công", "Nobody");
}

static const char *w_due(const struct desk_req *r, const char *v)
{
	return strcmp(v, "overdue") == 0 ? T(r, "Quá hạn", "Overdue")
	       : strcmp(v, "today") == 0 ? T(r, "Đến hạn hôm nay", "Due today")
	       : strcmp(v, "soon") == 0  ? T(r, "Đến hạn trong 3 ngày làm việc",
					     "Due within 3 working days")
					 : T(r, "Đang giải quyết", "Open");
}

static const char *w_notices(const struct desk_req *r, const char *v)
{
	(void)v;
	return T(r, "Còn thông báo phải gửi", "A notice to send");
}

static const char *w_sort(const struct desk_req *r, const char *v)
{
	return strcmp(v, "deadline") == 0 ? T(r, "Theo thời hạn", "By deadline")
	       : strcmp(v, "received") == 0 ? T(r, "Mới nhận trước", "Newest first")
					    : T(r, "Theo mã", "By id");
}

static const char *w_plain(const struct desk_req *r, const char *v)
{
	(void)r;
	return v;
}

static const struct filter filters[] = {
	{"status", "Trạng thái", "Status", dw_statuses, dw_status},
	{"track", "Loại đơn", "Kind", dw_tracks, dw_track},
	{"category", "Lĩnh vực", "Category", dw_categories, dw_category},
	{"level", "Cấp của người bị tố cáo", "Level of the accused", dw_levels, dw_level},
	{"assignee", "Phân công", "Assignee", assignees, w_assignee},
	{"flag", "Đánh dấu", "Flag", dw_flags, dw_flag},
	{"due", "Thời hạn", "Deadline", dues, w_due},
	{"notices", "Thông báo phải gửi", "Notices", notices, w_notices},
	{"sort", "Sắp xếp", "Sort", sorts, w_sort},
	{"per", "Số dòng mỗi trang", "Rows a page", pers, w_plain},
};
#define N_FILTERS (sizeof(filters) / sizeof(filters[0]))

static int known(const char *const *values, const char *v)
{
	for (size_t i = 0; values[i]; i++)
		if (strcmp(values[i], v) == 0)
			return 1;
	return 0;
}

/* Every filter's value is one it lists (or empty): else the name of the first wrong one. */
static const struct filter *bad_filter(const struct desk_req *r)
{
	for (size_t i = 0; i < N_FILTERS; i++) {
		const char *v = desk_param(r, filters[i].param);
		if (v && v[0] && !known(filters[i].values, v))
			return &filters[i];
	}
	return NULL;
}

/* 1, 2, ... from ?page=; 0 for anything else. */
static size_t page_param(const struct desk_req *r)
{
	const char *v = desk_param(r, "page");
	char *end = NULL;
	if (v == NULL || v[0] == '\0')
		return 1;
	unsigned long n = strtoul(v, &end, 10);
	return *end == '\0' && v[0] != '-' && v[0] != '+' && n >= 1 && n <= 1000000 ? n : 0;
}

/* A number as the language writes it: 10.000 or 10,000. */
static void dh_count(struct desk_req *r, size_t n)
{
	char digits[32], out[48];
	int len = snprintf(digits, sizeof(digits), "%zu", n), o = 0;
	for (int i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			out[o++] = r->lang == DESK_EN ? ',' : '.';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	dh_raw(r, out);
}

/* The current query without page (for the pager and the count links), HTML-escaped. */
static void query_without(struct desk_req *r, const char *skip)
{
	for (size_t i = 0; i < N_FILTERS + 1; i++) {
		const char *name = i < N_FILTERS ? filters[i].param : "q";
		const char *v = desk_param(r, name);
		if (v == NULL || v[0] == '\0' || (skip && strcmp(skip, name) == 0))
			continue;
		dh_fmt(r, "&amp;%s=", name);
		dh_url(r, v);
	}
}

static void counts_bar(struct desk_req *r)
{
	size_t c[DESK_DUE_COUNT];
	desk_index_counts(&r->d->ix, c);
	static const struct {
		const char *due;
		enum desk_due cls;
	} bar[] = {{"overdue", DESK_DUE_OVERDUE}, {"today", DESK_DUE_TODAY}, {"soon", DESK_DUE_SOON}};
	dh_raw(r, "<div class=\"counts\">");
	for (size_t i = 0; i < sizeof(bar) / sizeof(bar[0]); i++) {
		size_t n = c[bar[i].cls] + (bar[i].cls == DESK_DUE_SOON ? c[DESK_DUE_TODAY] : 0);
		dh_fmt(r, "<a href=\"/?due=%s\"><span class=\"due %s\">", bar[i].due,
		       desk_due_name(bar[i].cls));
		dh_text(r, w_due(r, bar[i].due));
		dh_raw(r, "</span>: ");
		dh_count(r, n);
		dh_raw(r, "</a>");
	}
	dh_raw(r, "<a href=\"/?due=open\">");
	dh_text(r, w_due(r, "open"));
	dh_raw(r, ": ");
	dh_count(r, c[0] + c[1] + c[2] + c[3] + c[4]);
	dh_raw(r, "</a></div>");
}

static void select_of(struct desk_req *r, const struct filter *f)
{
	const char *cur = desk_param(r, f->param);
	dh_fmt(r, "<label>%s<select name=\"%s\">", T(r, f->vi, f->en), f->param);
	if (strcmp(f->param, "sort") != 0 && strcmp(f->param, "per") != 0)
		dh_fmt(r, "<option value=\"\">%s</option>", T(r, "Tất cả", "All"));
	for (size_t i = 0; f->values[i]; i++) {
		int sel = cur ? strcmp(cur, f->values[i]) == 0
			      : strcmp(f->values[i], strcmp(f->param, "per") == 0 ? "50" : "deadline") == 0;
		dh_fmt(r, "<option value=\"%s\"%s>", f->values[i], sel ? " selected" : "");
		dh_text(r, f->word(r, f->values[i]));
		dh_raw(r, "</option>");
	}
	dh_raw(r, "</select></label>");
}

static void filter_form(struct desk_req *r)
{
	dh_raw(r, "<form class=\"filters\" method=\"get\" action=\"/\" role=\"search\"><label>");
	dh_text(r, T(r, "Tìm trong nội dung (có dấu hoặc không dấu)",
		     "Search the contents (with or without diacritics)"));
	dh_raw(r, "<input type=\"search\" name=\"q\" value=\"");
	dh_text(r, desk_param(r, "q"));
	dh_raw(r, "\"></label>");
	for (size_t i = 0; i < N_FILTERS; i++)
		select_of(r, &filters[i]);
	dh_fmt(r, "<button type=\"submit\">%s</button> <a href=\"/\">%s</a></form>",
	       T(r, "Lọc", "Filter"), T(r, "Bỏ lọc", "Clear"));
}

/* The deadline cell: words and a colour (never the colour alone). */
static void due_cell(struct desk_req *r, const struct desk_case *c)
{
	char day[DM_DAY_STRLEN] = "";
	if (c->due != DM_DAY_NONE)
		dm_day_format(c->due, day);
	dh_fmt(r, "<td><span class=\"due %s\">", desk_due_name(c->due_class));
	switch (c->due_class) {
	case DESK_DUE_OVERDUE:
		dh_fmt(r, "%s %d %s", T(r, "Quá hạn", "Overdue"), c->overdue_days,
		       T(r, "ngày", c->overdue_days == 1 ? "day" : "days"));
		break;
	case DESK_DUE_TODAY:
		dh_text(r, T(r, "Hạn hôm nay", "Due today"));
		break;
	case DESK_DUE_SOON:
		dh_text(r, T(r, "Sắp đến hạn", "Due soon"));
		break;
	default:
		break;
	}
	dh_raw(r, "</span>");
	if (day[0]) {
		dh_raw(r, c->due_class == DESK_DUE_LATER ? "" : "<br>");
		dh_date(r, day);
		dh_raw(r, "<br><small class=\"muted\">");
		dh_text(r, dw_deadline(r, c->due_key));
		dh_raw(r, "</small>");
	} else if (c->due_class == DESK_DUE_NONE) {
		dh_raw(r, "—");
	}
	if (c->notices_owed > 0) /* a closed case still owes its notices (the conclusion's) */
		dh_fmt(r, "<br><small class=\"due %s\">%s: %d%s</small>",
		       c->notices_overdue ? "overdue" : "open",
		       T(r, "Thông báo phải gửi", "Notices to send"), c->notices_owed,
		       c->notices_overdue ? T(r, " (quá hạn)", " (overdue)") : "");
	dh_raw(r, "</td>");
}

static void row(struct desk_req *r, const struct desk_case *c)
{
	char day[DM_DAY_STRLEN];
	dh_fmt(r, "<tr><td><a href=\"/case/%s\">%s</a></td>", c->id, c->id);
	due_cell(r, c);
	dh_raw(r, "<td>");
	dh_text(r, dw_status(r, c->status));
	if (c->transfer_pending)
		dh_fmt(r, "<br><small>%s</small>", T(r, "đang chờ đơn vị nhận xác nhận chuyển",
						     "transfer awaiting the receiving unit"));
	dh_raw(r, "</td><td>");
	dh_text(r, dw_track(r, c->track));
	dh_raw(r, "<br><small>");
	dh_text(r, dw_category(r, c->category));
	dh_raw(r, "</small></td><td>");
	dm_day_format(c->received, day);
	dh_date(r, day);
	dh_raw(r, "</td><td class=\"sum\">");
	if (c->opened)
		dh_text(r, c->summary);
	else
		dh_fmt(r, "<span class=\"muted\">%s</span>",
		       T(r, "(chưa mở được nội dung)", "(contents not opened)"));
	dh_raw(r, "</td><td>");
	if (c->assignee[0])
		if (strcmp(c->assignee, r->d->my_key) == 0)
			dh_text(r, T(r, "Tôi", "Me"));
		else
			dh_fmt(r, "%s %.8s…", T(r, "khóa", "key"), c->assignee);
	else
		dh_raw(r, "—");
	dh_raw(r, "</td></tr>");
}

static void pager(struct desk_req *r, size_t page, size_t pages)
{
	dh_raw(r, "<nav class=\"pager\" aria-label=\"pages\">");
	if (page > 1) {
		dh_fmt(r, "<a href=\"/?page=%zu", page - 1);
		query_without(r, "page");
		dh_fmt(r, "\" rel=\"prev\">« %s</a>", T(r, "Trang trước", "Previous"));
	}
	dh_fmt(r, "<span>%s %zu / %zu</span>", T(r, "Trang", "Page"), page, pages ? pages : 1);
	if (page < pages) {
		dh_fmt(r, "<a href=\"/?page=%zu", page + 1);
		query_without(r, "page");
		dh_fmt(r, "\" rel=\"next\">%s »</a>", T(r, "Trang sau", "Next"));
	}
	dh_raw(r, "</nav>");
}

static void table(struct desk_req *r, const struct desk_case **v, size_t from, size_t to)
{
	dh_fmt(r, "<table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		  "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		  "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
	       T(r, "Mã hồ sơ", "Case"), T(r, "Thời hạn", "Deadline"), T(r, "Trạng thái", "Status"),
	       T(r, "Loại, lĩnh vực", "Kind, category"), T(r, "Ngày nhận", "Received"),
	       T(r, "Tóm tắt", "Summary"), T(r, "Phân công", "Assigned"));
	for (size_t i = from; i < to; i++)
		row(r, v[i]);
	dh_raw(r, "</tbody></table>");
}

void desk_inbox(struct desk_req *r)
{
	const struct filter *bad = bad_filter(r);
	size_t page = page_param(r);
	if (bad || page == 0) {
		char why[200];
		snprintf(why, sizeof(why), "%s: %s", bad ? T(r, bad->vi, bad->en) : T(r, "Trang", "Page"),
			 T(r, "giá trị không hợp lệ.", "not a valid value."));
		desk_error_page(r, 400, T(r, "Bộ lọc không hợp lệ", "Invalid filter"), why);
		return;
	}
	const char *sort = desk_param(r, "sort"), *per_s = desk_param(r, "per");
	struct desk_query q = {
		.text = desk_param(r, "q"), .status = desk_param(r, "status"),
		.track = desk_param(r, "track"), .category = desk_param(r, "category"),
		.level = desk_param(r, "level"), .flag = desk_param(r, "flag"),
		.assignee = desk_param(r, "assignee"), .due = desk_param(r, "due"),
		.notices = desk_param(r, "notices"),
		.sort = sort && strcmp(sort, "received") == 0 ? DESK_SORT_RECEIVED
			: sort && strcmp(sort, "id") == 0     ? DESK_SORT_ID
							      : DESK_SORT_DEADLINE};
	size_t per = per_s && per_s[0] ? strtoul(per_s, NULL, 10) : PER_DEFAULT; /* one of pers[] */
	const struct desk_case **v = NULL;
	size_t n = desk_index_select(&r->d->ix, &q, r->d->my_key, &v);
	if (n == (size_t)-1) {
		desk_error_page(r, 500, T(r, "Hết bộ nhớ", "Out of memory"), "");
		return;
	}
	size_t pages = (n + per - 1) / per, from = (page - 1) * per;
	size_t to = from + per < n ? from + per : n;
	dh_page_begin(r, T(r, "Hộp hồ sơ", "Inbox"));
	dh_fmt(r, "<h1>%s</h1>", T(r, "Hộp hồ sơ", "Inbox"));
	const char *flash = desk_param(r, "done");
	if (flash && strcmp(flash, "reload") == 0)
		dh_notice(r, "ok", T(r, "Đã tải lại mọi hồ sơ.", "Every case was read again."));
	counts_bar(r);
	filter_form(r);
	dh_raw(r, "<p role=\"status\">");
	if (n == 0) {
		dh_text(r, T(r, "Không có hồ sơ nào phù hợp", "No case matches"));
	} else {
		dh_fmt(r, "%s %zu–%zu %s ", T(r, "Hiển thị", "Showing"), from < n ? from + 1 : 0, to,
		       T(r, "trong", "of"));
		dh_count(r, n);
		dh_text(r, T(r, " hồ sơ phù hợp", " matching cases"));
	}
	dh_raw(r, " (");
	dh_text(r, T(r, "tổng cộng ", "in all "));
	dh_count(r, r->d->ix.n);
	dh_fmt(r, "). </p><form method=\"post\" action=\"/reload\">");
	dh_csrf(r);
	dh_fmt(r, "<button class=\"plain\" type=\"submit\">%s</button></form>",
	       T(r, "Tải lại từ máy chủ", "Read again from the server"));
	if (n > 0 && from < n)
		table(r, v, from, to);
	pager(r, page, pages);
	free(v);
	dh_page_end(r);
	desk_send_page(r, 200);
}

void desk_reload_post(struct desk_req *r)
{
	struct desk *d = r->d;
	struct desk_index fresh;
	char why[256] = "";
	desk_index_init(&fresh, dm_day_from_unix((int64_t)time(NULL)));
	if (desk_index_load(&fresh, d->s, d->sec, why, sizeof(why)) != 200) {
		desk_index_free(&fresh);
		desk_error_page(r, 502, T(r, "Không đọc được hồ sơ", "Cannot read the cases"), why);
		return;
	}
	desk_index_free(&d->ix);
	d->ix = fresh;
	desk_redirect(r, "/?done=reload");
}
