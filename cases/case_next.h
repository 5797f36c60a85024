/*
 * case_next.h - what the law lets a unit do next to a case, and the
 * article behind each of its deadlines: the inspector's console shows them
 * beside the case (docs/API.md "Inspectors", GET /api/v1/cases/{id}).
 *
 * Computed by trying each action on a copy of the case's state with the
 * domain's own rules (dm_action_apply_args and the deadline engine), so the
 * list can never disagree with what POST .../actions then accepts.
 */
#ifndef TOCAO_CASE_NEXT_H
#define TOCAO_CASE_NEXT_H

#include "dm_action.h"
#include "dm_deadline.h"
#include "store.h"

struct case_next {
	unsigned actions; /* bit (1u << enum dm_action) for each action allowed now */
	unsigned flags;   /* enum dm_flag bits the "flag" action would accept now */
};

/* The actions and flags allowed on c today. */
void case_next_allowed(const struct store_case *c, dm_day today, struct case_next *out);

/*
 * The article each present deadline rests on (dl->basis; NULL where
 * absent), computed from the case's state as of today. TC_OK or the
 * deadline engine's error.
 */
int case_next_basis(const struct store_case *c, dm_day today, struct dm_deadlines *dl);

#endif
