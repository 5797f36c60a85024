/*
 * desk_forms.h - the choices the action forms offer and the POST handlers
 * read back (desk_forms.c, desk_actions.c).
 */
#ifndef TOCAO_DESK_FORMS_H
#define TOCAO_DESK_FORMS_H

struct desk_choice {
	const char *key, *text;
};

/* {letter, criterion}; ends with {NULL, NULL}. */
extern const struct desk_choice desk_criteria[];

#endif
