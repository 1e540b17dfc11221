/* SPDX-License-Identifier: MIT */
/*
 * cu.h - the few lines every CUnit test program shares: one suite per
 * program, run in basic verbose mode so that "Run Summary" shows the
 * counts, exit status 1 when any assertion failed.
 */
#ifndef MAILLINT_TESTS_CU_H
#define MAILLINT_TESTS_CU_H

#include <CUnit/Basic.h>
#include <stdio.h>
#include <string.h>

struct cu_test {
	const char	*name;
	void		(*fn)(void);
};

/* CU_ASSERT_STRING_EQUAL with a "got X, want Y" message on failure. */
#define CU_EXPECT_STR(got, want) do { \
	const char *g_ = (got), *w_ = (want); \
	if (g_ == NULL || w_ == NULL || strcmp(g_, w_) != 0) \
		fprintf(stderr, "%s:%d: got \"%s\", want \"%s\"\n", __FILE__, \
		    __LINE__, g_ ? g_ : "(null)", w_ ? w_ : "(null)"); \
	CU_ASSERT(g_ != NULL && w_ != NULL && strcmp(g_, w_) == 0); \
} while (0)

#define CU_EXPECT_INT(got, want) do { \
	long long g_ = (long long)(got), w_ = (long long)(want); \
	if (g_ != w_) \
		fprintf(stderr, "%s:%d: got %lld, want %lld\n", __FILE__, \
		    __LINE__, g_, w_); \
	CU_ASSERT(g_ == w_); \
} while (0)

static inline int
cu_run(const char *suite, const struct cu_test *tests)
{
	CU_pSuite	s;
	unsigned	failures;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 3;
	s = CU_add_suite(suite, NULL, NULL);
	for (; tests->name != NULL; tests++)
		CU_add_test(s, tests->name, tests->fn);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failures = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	return failures ? 1 : 0;
}

#endif
