/* The citizen's pages: escaping, kept values, errors tied to fields, no script. */
#include <string.h>

#include "dm_units.h"
#include "pages.h"
#include "tc_test.h"
#include "wipe_alloc.h"

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

static void no_script(const char *html)
{
	TC_CHECK(strstr(html, "<script") == NULL);
	TC_CHECK(strstr(html, "style=") == NULL);
	TC_CHECK(strstr(html, "<style") == NULL);
	TC_CHECK(strstr(html, "http://") == NULL && strstr(html, "https://") == NULL);
}

static void test_province_step(void)
{
	size_t len;
	char *html = page_report_form(LANG_VI, NULL, NULL, NULL, 0, NULL, NULL, &len);
	TC_CHECK(html != NULL);
	TC_CHECK_INT(strlen(html), len);
	TC_CHECK_INT(count(html, "<option value="), 34);
	TC_CHECK(strstr(html, ">Hà Nội (thành phố)<") != NULL); /* the name first: type-ahead */
	TC_CHECK(strstr(html, "lang=\"vi\"") != NULL);
	no_script(html);
	wipe_free(html);
	html = page_report_form(LANG_EN, NULL, "", NULL, 0, NULL, NULL, &len);
	TC_CHECK(strstr(html, "Hanoi City") != NULL && strstr(html, "lang=\"en\"") != NULL);
	wipe_free(html);
}

static void test_full_form_keeps_values_and_errors(void)
{
	struct form_values v = {.kind = "complaint", .identity = "confidential",
				.full_name = "Nguyễn <script>\"'&", .address = "12 Lý Thường Kiệt",
				.commune = "32002", .level = "central", .category = "land",
				.summary = "Tóm tắt", .details = "Chi tiết </textarea><b>x</b>",
				.occurred_on = "2026-10-01"};
	struct page_field_error errs[] = {{"summary", "Quá ngắn"}, {"commune", "Sai xã"}};
	struct page_limits lim = {.max_files = 5, .max_file_bytes = 5 << 20, .max_total_bytes = 10 << 20};
	size_t len;
	char *html = page_report_form(LANG_VI, &v, "96", errs, 2, "Cần sửa", &lim, &len);
	TC_CHECK(html != NULL);
	no_script(html);
	/* Escaped, never raw. */
	TC_CHECK(strstr(html, "Nguyễn &lt;script&gt;&quot;&#39;&amp;") != NULL);
	TC_CHECK(strstr(html, "</textarea><b>") == NULL);
	TC_CHECK(strstr(html, "Chi tiết &lt;/textarea&gt;&lt;b&gt;x&lt;/b&gt;</textarea>") != NULL);
	/* Values kept: radios, selects, inputs. */
	TC_CHECK(strstr(html, "value=\"complaint\" required checked") != NULL);
	TC_CHECK(strstr(html, "value=\"confidential\" required checked") != NULL);
	TC_CHECK(strstr(html, "value=\"32002\" selected") != NULL);
	TC_CHECK(strstr(html, "value=\"central\" selected") != NULL);
	TC_CHECK(strstr(html, "value=\"land\" selected") != NULL);
	TC_CHECK(strstr(html, "value=\"2026-10-01\"") != NULL);
	/* Only Cà Mau's communes. */
	TC_CHECK(strstr(html, "value=\"00004\"") == NULL);
	/* Errors beside their fields. */
	TC_CHECK(strstr(html, "id=\"err-summary\"") != NULL);
	TC_CHECK(strstr(html, "aria-invalid=\"true\" aria-describedby=\"err-summary") != NULL);
	TC_CHECK(strstr(html, "id=\"err-commune\"") != NULL);
	TC_CHECK(strstr(html, "Cần sửa") != NULL);
	TC_CHECK(strstr(html, "5 MB") != NULL && strstr(html, "10 MB") != NULL);
	wipe_free(html);
}

static void test_receipt_and_followup(void)
{
	struct page_deadline dl[] = {{"process_by", "2026-12-02", -1}, {"transfer_by", "2026-11-30", 0}};
	struct page_receipt r = {.case_id = "K7QM2XPD", .receipt = "7KQ2-M9XD-4RT8-WB3N-Z6HC",
				 .track = "denunciation", .unit_name = "Thanh tra tỉnh Cà Mau",
				 .received_on = "2026-11-20", .deadlines = dl, .n_deadlines = 2};
	size_t len;
	char *html = page_receipt(LANG_VI, &r, &len);
	TC_CHECK(strstr(html, "7KQ2-M9XD-4RT8-WB3N-Z6HC") != NULL);
	TC_CHECK(strstr(html, "02/12/2026") != NULL && strstr(html, "30/11/2026") != NULL);
	no_script(html);
	wipe_free(html);
	/* A provisional deadline says so next to its date, not the other. */
	html = page_receipt(LANG_VI, &r, &len);
	TC_CHECK(strstr(html, "tạm tính — một ngày nghỉ trong thời hạn chưa được xác nhận") != NULL);
	wipe_free(html);
	html = page_receipt(LANG_EN, &r, &len);
	TC_CHECK(strstr(html, "2 December 2026") != NULL);
	TC_CHECK(strstr(html, "provisional") != NULL);
	wipe_free(html);
	struct page_deadline y[] = {{"settle_by", "2027-02-15", 2027}};
	struct page_receipt ry = r;
	ry.deadlines = y;
	ry.n_deadlines = 1;
	html = page_receipt(LANG_VI, &ry, &len);
	TC_CHECK(strstr(html, "tạm tính — lịch nghỉ năm 2027 chưa được công bố") != NULL);
	wipe_free(html);

	struct page_message msgs[] = {{"unit", "2026-11-24", "Xin <gửi> thêm", "signed"},
				      {"reporter", "2026-11-25", "Vâng", NULL}};
	struct page_followup f = {.receipt = "7KQ2-M9XD-4RT8-WB3N-Z6HC", .case_id = "K7QM2XPD",
				  .track = "denunciation", .status = "accepted",
				  .unit_name = "Thanh tra tỉnh Cà Mau", .received_on = "2026-11-20",
				  .overdue = 3, .deadlines = dl, .n_deadlines = 1, .messages = msgs,
				  .n_messages = 2, .running_key = "settle_by",
				  .running_date = "2026-12-01",
				  .steps = (const struct page_step[]){{"2026-11-20", "received", NULL},
								      {"2026-11-21", "transfer",
								       "Thanh tra Chính phủ"},
								      {"2026-11-22", "extend", NULL},
								      {"2026-11-23", "reveal", NULL}},
				  .n_steps = 4};
	html = page_followup(LANG_VI, &f, NULL, &len);
	TC_CHECK(strstr(html, "name=\"receipt\" value=\"7KQ2-M9XD-4RT8-WB3N-Z6HC\"") != NULL);
	TC_CHECK(strstr(html, "Xin &lt;gửi&gt; thêm") != NULL);
	TC_CHECK(strstr(html, "đã qua 3 ngày") != NULL); /* the running deadline only */
	TC_CHECK(strstr(html, "(đã quá hạn)") == NULL);
	TC_CHECK(strstr(html, "được chuyển đến Thanh tra Chính phủ") != NULL);
	TC_CHECK(strstr(html, "Gia hạn") != NULL);
	TC_CHECK(strstr(html, "Danh tính của bạn đã được mở") != NULL);
	TC_CHECK(strstr(html, "Thanh tra tỉnh Cà Mau · ") != NULL); /* its name, not "Đơn vị" */
	TC_CHECK(strstr(html, "Đã thụ lý") != NULL);
	TC_CHECK(strstr(html, "có chữ ký của thanh tra viên") != NULL);
	no_script(html);
	wipe_free(html);
	html = page_followup_ask(LANG_EN, "Wrong <receipt>", &len);
	TC_CHECK(strstr(html, "Wrong &lt;receipt&gt;") != NULL);
	wipe_free(html);
	size_t css_len;
	const char *css = page_stylesheet(&css_len);
	TC_CHECK(css_len > 100 && strstr(css, ":has(#identity-anonymous:checked)") != NULL);
}

int main(void)
{
	if (dm_init() != 0)
		return 2;
	TC_RUN(test_province_step);
	TC_RUN(test_full_form_keeps_values_and_errors);
	TC_RUN(test_receipt_and_followup);
	return tc_test_done();
}
