/* SPDX-License-Identifier: MIT */
/*
 * finding - the findings list's readers (finding.h).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "finding.h"

const char *
finding_message(const struct finding *f)
{
	return f->message_l10n != NULL ? f->message_l10n : f->message;
}

const char *
finding_fix_text(const struct finding *f)
{
	return f->fix_text_l10n != NULL ? f->fix_text_l10n : f->fix_text;
}

const char *
finding_action_name(enum fix_action a)
{
	switch (a) {
	case FIX_SET:
		return "set";
	case FIX_UNCOMMENT:
		return "uncomment";
	default:
		return "text";
	}
}

/* fnv - FNV-1a 64 over s and its NUL */
static uint64_t
fnv(uint64_t h, const char *s)
{
	if (s == NULL)
		s = "";
	do {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	} while (*s++ != '\0');
	return h;
}

const char *
finding_fingerprint(const struct finding *f, char *buf)
{
	uint64_t	h = 0xcbf29ce484222325ULL;

	h = fnv(h, "maillint-fp-v1");
	h = fnv(h, f->rule_id);
	h = fnv(h, f->loc.file);
	h = fnv(h, f->scope);
	h = fnv(h, f->message);
	snprintf(buf, FINDING_FP_LEN, "%016llx", (unsigned long long)h);
	return buf;
}

void
findings_free(struct findings **fp)
{
	struct findings	*f;

	if (fp == NULL || *fp == NULL)
		return;
	f = *fp;
	free(f->v);
	arena_free(&f->arena);
	free(f);
	*fp = NULL;
}

size_t
findings_count(const struct findings *f, enum sev min)
{
	size_t	i, n = 0;

	for (i = 0; f != NULL && i < f->len; i++)
		if (f->v[i].sev >= min)
			n++;
	return n;
}
