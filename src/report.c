/* SPDX-License-Identifier: MIT */
/*
 * report - the output formats by name (report.h): the one table of them.
 */
#include "config.h"

#include <string.h>

#include "report.h"

const struct reporter *
report_find(const char *name)
{
	static const struct reporter *const all[] = {
		&report_text, &report_json, &report_sarif, &report_gcc
	};
	size_t	i;

	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (strcmp(all[i]->name, name) == 0)
			return all[i];
	return NULL;
}
