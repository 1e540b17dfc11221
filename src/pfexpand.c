/* SPDX-License-Identifier: MIT */
/* placeholder: module being written */
typedef int maillint_placeholder_;
