/*
 * submit_files.c - the attachments of a form (a report's or a follow-up
 * message's), checked against the limits (submit.h).
 */
#include <stdio.h>
#include <string.h>

#include "json_guard.h"
#include "submit.h"

/* "5 MB", "256 KB": sizes as a citizen reads them. */
static const char *human_size(size_t bytes, char *buf, size_t cap)
{
	if (bytes >= (1u << 20) && bytes % (1u << 20) == 0)
		snprintf(buf, cap, "%zu MB", bytes >> 20);
	else
		snprintf(buf, cap, "%zu KB", (bytes + 1023) >> 10);
	return buf;
}

int submit_collect_files(const struct server_limits *lim, const struct form *f, enum lang l,
			 struct submit_file *files, size_t *n, char *message, size_t cap)
{
	char size[32];
	const bool en = l == LANG_EN;
	size_t total = 0;
	*n = 0;
	for (size_t i = 0; i < f->n; i++) {
		const struct form_field *ff = &f->f[i];
		if (!ff->is_file || strcmp(ff->name, "file") != 0)
			continue;
		if (ff->len == 0 && ff->filename[0] == '\0')
			continue; /* an empty file input */
		if (*n == (size_t)lim->max_files || *n == CR_ATTACHMENTS_MAX) {
			snprintf(message, cap, en ? "At most %d files may be attached." :
						    "Chỉ được đính kèm tối đa %d tệp.", lim->max_files);
			return TC_ERANGE;
		}
		if (ff->len > lim->max_file_bytes) {
			snprintf(message, cap, en ? "Each file may be at most %s." : "Mỗi tệp tối đa %s.",
				 human_size(lim->max_file_bytes, size, sizeof(size)));
			return TC_ERANGE;
		}
		total += ff->len;
		struct submit_file *sf = &files[(*n)++];
		sf->data = ff->value;
		sf->len = ff->len;
		/* The names go into the sealed report: keep them valid UTF-8. */
		snprintf(sf->name, sizeof(sf->name), "%s",
			 utf8_is_valid(ff->filename, strlen(ff->filename)) ? ff->filename : "");
		snprintf(sf->content_type, sizeof(sf->content_type), "%s",
			 utf8_is_valid(ff->content_type, strlen(ff->content_type)) ? ff->content_type : "");
	}
	if (total > lim->max_upload) {
		snprintf(message, cap, en ? "The files may be at most %s together." :
					    "Tổng dung lượng các tệp tối đa %s.",
			 human_size(lim->max_upload, size, sizeof(size)));
		return TC_ERANGE;
	}
	return TC_OK;
}
