/*
 * dm_reasons.h - the refusals of the law and the case service in
 * Vietnamese. The domain and the case service give their reasons as English
 * sentences (dm_action.h, cases.h); an inspector's tool shows the
 * Vietnamese beside them. Kept next to the English, one line each.
 */
#ifndef TOCAO_DM_REASONS_H
#define TOCAO_DM_REASONS_H

/* The Vietnamese of a refusal given in English, or NULL when it has none. */
const char *dm_reason_vi(const char *en);

#endif
