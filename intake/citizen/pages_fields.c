/*
 * pages_fields.c - the report form's fields (pages_internal.h): labels,
 * inputs, radio choices and selects, each with its error beside it and the
 * aria attributes that tie them together.
 */
#include <stdio.h>
#include <string.h>

#include "pages_internal.h"

const char *fw_error_for(const struct ctx *c, const char *field)
{
	for (size_t i = 0; i < c->n_errs; i++)
		if (strcmp(c->errs[i].field, field) == 0)
			return c->errs[i].message;
	return NULL;
}

/* aria attributes for an input, and the error paragraph to follow it. */
void fw_aria(const struct ctx *c, const char *field, const char *hint)
{
	if (fw_error_for(c, field)) {
		html_rawf(c->h, " aria-invalid=\"true\" aria-describedby=\"err-%s%s%s\"", field,
			  hint ? " " : "", hint ? hint : "");
	} else if (hint) {
		html_rawf(c->h, " aria-describedby=\"%s\"", hint);
	}
}

void fw_error_p(const struct ctx *c, const char *field)
{
	const char *msg = fw_error_for(c, field);
	if (msg == NULL)
		return;
	html_rawf(c->h, "<p class=\"error\" id=\"err-%s\">", field);
	html_text(c->h, msg);
	html_raw(c->h, "</p>\n");
}

void fw_label(const struct ctx *c, const char *field, const char *text, bool required)
{
	html_rawf(c->h, "<label for=\"f-%s\">", field);
	html_text(c->h, text);
	if (required)
		html_raw(c->h, " <span class=\"req\" aria-hidden=\"true\">*</span>");
	html_raw(c->h, "</label>\n");
}

void fw_input(const struct ctx *c, const char *field, const char *type, const char *text,
		  const char *value, bool required, const char *extra, const char *hint_id,
		  const char *hint)
{
	html_raw(c->h, "<div class=\"field\">\n");
	fw_label(c, field, text, required);
	if (hint) {
		html_rawf(c->h, "<p class=\"hint\" id=\"%s\">", hint_id);
		html_text(c->h, hint);
		html_raw(c->h, "</p>\n");
	}
	html_rawf(c->h, "<input type=\"%s\" id=\"f-%s\" name=\"%s\"", type, field, field);
	if (value && *value) {
		html_raw(c->h, " value=\"");
		html_text(c->h, value);
		html_raw(c->h, "\"");
	}
	if (extra)
		html_rawf(c->h, " %s", extra);
	if (required)
		html_raw(c->h, " required aria-required=\"true\"");
	fw_aria(c, field, hint ? hint_id : NULL);
	html_raw(c->h, ">\n");
	fw_error_p(c, field);
	html_raw(c->h, "</div>\n");
}

void fw_radios(const struct ctx *c, const char *field, const char *legend,
		   const struct choices *ch, const char *value)
{
	html_rawf(c->h, "<fieldset class=\"choices\" id=\"f-%s\" role=\"radiogroup\" "
			"aria-required=\"true\"", field);
	fw_aria(c, field, NULL);
	html_raw(c->h, "><legend>");
	html_text(c->h, legend);
	html_raw(c->h, " <span class=\"req\" aria-hidden=\"true\">*</span></legend>\n");
	for (size_t i = 0; i < ch->n; i++) {
		const char *v = ch->name(ch->values[i]);
		html_rawf(c->h, "<div class=\"choice\"><input type=\"radio\" name=\"%s\" id=\"%s-%s\" "
				"value=\"%s\" required%s><label for=\"%s-%s\"><strong>",
			  field, field, v, v, value && strcmp(value, v) == 0 ? " checked" : "", field, v);
		html_text(c->h, ch->words(ch->values[i], c->l));
		html_raw(c->h, "</strong> ");
		html_text(c->h, ch->help(ch->values[i], c->l));
		html_raw(c->h, "</label></div>\n");
	}
	fw_error_p(c, field);
	html_raw(c->h, "</fieldset>\n");
}

void fw_select_open(const struct ctx *c, const char *field, const char *text, bool required)
{
	html_raw(c->h, "<div class=\"field\">\n");
	fw_label(c, field, text, required);
	html_rawf(c->h, "<select id=\"f-%s\" name=\"%s\"", field, field);
	if (required)
		html_raw(c->h, " required aria-required=\"true\"");
	fw_aria(c, field, NULL);
	html_raw(c->h, ">\n");
}

void fw_option(const struct ctx *c, const char *value, const char *text, const char *selected)
{
	html_raw(c->h, "<option value=\"");
	html_text(c->h, value);
	html_raw(c->h, "\"");
	if (selected && strcmp(selected, value) == 0)
		html_raw(c->h, " selected");
	html_raw(c->h, ">");
	html_text(c->h, text);
	html_raw(c->h, "</option>\n");
}

void fw_select_close(const struct ctx *c, const char *field)
{
	html_raw(c->h, "</select>\n");
	fw_error_p(c, field);
	html_raw(c->h, "</div>\n");
}
