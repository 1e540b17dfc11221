/* SPDX-License-Identifier: MIT */
/*
 * osslmod_entry - the table maillint-openssl.so exports (osslmod.h): the
 * module's only visible symbol.  Built into the module only, with
 * certpem.c, ciphers.c and the core files they use.
 */
#include "config.h"

#include "certpem.h"
#include "ciphers.h"
#include "osslmod.h"

extern const struct osslmod_api maillint_osslmod
    __attribute__((visibility("default")));

const struct osslmod_api maillint_osslmod = {
	.hdr = { OSSLMOD_ABI, PACKAGE_VERSION, OSSLMOD_SIZES },
	.ciphers_eval = ciphers_eval,
	.ciphers_reset = ciphers_reset,
	.ciphers_weak_names = ciphers_weak_names,
	.ciphers_library = ciphers_library,
	.certpem_new = certpem_new,
	.certpem_free = certpem_free,
	.certpem_add = certpem_add,
	.certpem_key_matches = certpem_key_matches,
	.certpem_issued = certpem_issued,
	.certpem_library = certpem_library,
};
