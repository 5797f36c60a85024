/*
 * monitor_device_pages.c - GET /monitor/devices, a monitor's enrolled
 * browsers (id, enrolled, expires, state), and POST /monitor/devices/revoke
 * (monitor_devices.h). A monitor sees and revokes their own only.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "monitor_devices.h"
#include "monitor_render.h"
#include "pending.h"
#include "server_internal.h"

#define DEVICES_SHOWN 64

struct device_list {
	struct case_device d[DEVICES_SHOWN];
	size_t n;
};

static int collect(const struct case_device *d, void *arg)
{
	struct device_list *dl = arg;
	if (dl->n < DEVICES_SHOWN)
		dl->d[dl->n++] = *d;
	return 0;
}

static int devices_of(struct server *srv, const uint8_t *pk, struct device_list *dl)
{
	struct store_txn *t = NULL;
	dl->n = 0;
	int rc = store_read_begin(srv->deps.store, &t);
	if (rc != TC_OK)
		return rc;
	rc = case_devices_walk(t, pk, collect, dl);
	store_read_end(t);
	return rc;
}

static void state_words(enum lang l, const struct case_device *d, int64_t now, struct html *h)
{
	switch (case_device_check(d, now)) {
	case CASE_DEVICE_OK: html_text(h, T(l, "Đang dùng được", "In force")); break;
	case CASE_DEVICE_EXPIRED: html_text(h, T(l, "Đã hết hạn", "Expired")); break;
	case CASE_DEVICE_REVOKED: html_text(h, T(l, "Đã thu hồi", "Revoked")); break;
	case CASE_DEVICE_UNKNOWN: break;
	}
}

static void device_row(struct html *h, enum lang l, const struct case_device *d, int64_t now)
{
	char id[CASE_DEVICE_ID_LEN + 1], a[16], b[16];
	case_device_id(d->hash, id);
	mw_day_text(l, dm_day_from_unix(d->created), a);
	mw_day_text(l, dm_day_from_unix(d->expires), b);
	html_rawf(h, "<tr><th scope=\"row\"><code>%s</code></th><td>%s</td><td>%s</td><td>", id, a, b);
	state_words(l, d, now, h);
	html_raw(h, "</td><td>");
	if (case_device_check(d, now) == CASE_DEVICE_OK) {
		html_rawf(h, "<form method=\"post\" action=\"/monitor/devices/revoke\">"
			     "<input type=\"hidden\" name=\"id\" value=\"%s\">"
			     "<input type=\"hidden\" name=\"lang\" value=\"%s\"><button type=\"submit\" "
			     "aria-label=\"%s %s\">",
			  id, lang_code(l), T(l, "Thu hồi", "Revoke"), id);
		html_text(h, T(l, "Thu hồi", "Revoke"));
		html_raw(h, "</button></form>");
	}
	html_raw(h, "</td></tr>\n");
}

void handle_monitor_devices(struct request *r)
{
	enum lang l = r->query && form_get(r->query, "lang") &&
			      form_get(r->query, "lang")->len == 2 &&
			      memcmp(form_get(r->query, "lang")->value, "en", 2) == 0
		      ? LANG_EN
		      : LANG_VI;
	struct device_list *dl = malloc(sizeof(*dl));
	if (dl == NULL || devices_of(r->srv, r->who->pub.pk, dl) != TC_OK) {
		free(dl);
		mw_reply_error(r->req, l, 503, "Tạm thời không đọc được; hãy thử lại sau.",
			       "This cannot be read just now; try again shortly.");
		return;
	}
	int64_t now = (int64_t)time(NULL);
	struct html h;
	html_init(&h);
	mw_page_head(&h, l, T(l, "Trình duyệt đã đăng ký", "Enrolled browsers"), true, "");
	html_raw(&h, "<h1>");
	html_text(&h, T(l, "Trình duyệt đã đăng ký", "Enrolled browsers"));
	html_raw(&h, "</h1>\n<p>");
	html_text(&h, T(l, "Các trình duyệt đăng nhập được bằng một nút bấm với khóa giám sát của bạn. "
			   "Thu hồi một trình duyệt bị mất hoặc không còn dùng.",
		       "The browsers that sign in with one button under your monitor key. Revoke one "
		       "that is lost or no longer used."));
	html_raw(&h, "</p>\n<div class=\"scroll\"><table>\n<thead><tr><th scope=\"col\">");
	html_text(&h, T(l, "Mã thiết bị", "Device"));
	html_raw(&h, "</th><th scope=\"col\">");
	html_text(&h, T(l, "Đăng ký ngày", "Enrolled on"));
	html_raw(&h, "</th><th scope=\"col\">");
	html_text(&h, T(l, "Hết hạn ngày", "Expires on"));
	html_raw(&h, "</th><th scope=\"col\">");
	html_text(&h, T(l, "Tình trạng", "State"));
	html_raw(&h, "</th><th scope=\"col\">");
	html_text(&h, T(l, "Thao tác", "Action"));
	html_raw(&h, "</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < dl->n; i++)
		device_row(&h, l, &dl->d[i], now);
	html_raw(&h, "</tbody></table></div>\n");
	free(dl);
	mw_reply_view(r->srv, r->req, &h, l, r->who, "monitor:devices");
}

struct revoke_write {
	struct store_write w;
	struct case_device_op op;
	struct pending_loop *loop;
	struct evhttp_request *req;
	enum lang l;
};

static int revoke_apply(struct store_txn *txn, struct store_write *w)
{
	struct revoke_write *rw = w->arg;
	return case_device_apply(txn, &rw->op);
}

static void revoke_done(struct store_write *w, int rc)
{
	struct revoke_write *rw = w->arg;
	atomic_fetch_sub(rw->loop->in_flight, 1);
	if (rc == TC_OK || rc == TC_ESTATE) {
		struct evkeyvalq *out = evhttp_request_get_output_headers(rw->req);
		evhttp_add_header(out, "Location",
				  rw->l == LANG_EN ? "/monitor/devices?lang=en" : "/monitor/devices");
		http_reply_text(rw->req, 303, "text/plain; charset=utf-8", "See /monitor/devices\n");
	} else {
		mw_reply_error(rw->req, rw->l, 503, "Tạm thời không ghi được; hãy thử lại sau.",
			       "This cannot be saved just now; try again shortly.");
	}
	free(rw);
}

/* The hash of the caller's device named id (8 hex), if it is theirs. */
static bool find_own(struct request *r, const char *id, size_t len, uint8_t hash[CASE_DEVICE_HASH_BYTES])
{
	struct device_list *dl = malloc(sizeof(*dl));
	bool found = false;
	if (dl && len == CASE_DEVICE_ID_LEN && devices_of(r->srv, r->who->pub.pk, dl) == TC_OK)
		for (size_t i = 0; i < dl->n && !found; i++) {
			char di[CASE_DEVICE_ID_LEN + 1];
			case_device_id(dl->d[i].hash, di);
			if (memcmp(di, id, CASE_DEVICE_ID_LEN) == 0) {
				memcpy(hash, dl->d[i].hash, CASE_DEVICE_HASH_BYTES);
				found = true;
			}
		}
	free(dl);
	return found;
}

void handle_monitor_device_revoke(struct request *r)
{
	struct form f = {0};
	enum lang l = LANG_VI;
	struct revoke_write *rw = calloc(1, sizeof(*rw));
	int rc = rw ? form_parse_urlencoded((const char *)r->body, r->body_len, &f) : TC_ENOMEM;
	const struct form_field *id = rc == TC_OK ? form_get(&f, "id") : NULL;
	const struct form_field *lv = rc == TC_OK ? form_get(&f, "lang") : NULL;
	if (lv && lv->len == 2 && memcmp(lv->value, "en", 2) == 0)
		l = LANG_EN;
	bool ok = rc == TC_OK && mw_same_origin(r->req) && id &&
		  find_own(r, (const char *)id->value, id->len, rw->op.dev.hash);
	form_free(&f);
	if (!ok) {
		free(rw);
		mw_reply_error(r->req, l, rc == TC_ENOMEM ? 503 : 400,
			       "Không có trình duyệt nào của bạn mang mã này.",
			       "None of your browsers has this id.");
		return;
	}
	rw->op.kind = CASE_DEVICE_REVOKE;
	memcpy(rw->op.dev.pk, r->who->pub.pk, CASE_DEVICE_PK_BYTES);
	rw->op.now = (int64_t)time(NULL);
	rw->op.day = dm_day_from_unix(rw->op.now);
	rw->req = r->req;
	rw->l = l;
	rw->loop = server_pending_loop(r->srv, r->req);
	rw->w = (struct store_write){.apply = revoke_apply, .done = revoke_done, .arg = rw,
				     .inbox = rw->loop->inbox};
	atomic_fetch_add(rw->loop->in_flight, 1);
	if (store_submit(rw->loop->store, &rw->w) != TC_OK) {
		atomic_fetch_sub(rw->loop->in_flight, 1);
		free(rw);
		mw_reply_error(r->req, l, 503, "Tạm thời không ghi được; hãy thử lại sau.",
			       "This cannot be saved just now; try again shortly.");
	}
}
