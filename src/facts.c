/* SPDX-License-Identifier: MIT */
/*
 * facts - the listener facts table (facts.h).  The order is --dump's.
 */
#include "config.h"

#include <string.h>

#include "facts.h"

#define F(name, type, member, flags) \
	{ name, type, offsetof(struct listener, member), flags }
#define CD	(FACT_COND | FACT_DUMP)

const struct listener_fact listener_facts[] = {
	F("product", FACT_PRODUCT, product, FACT_DUMP),
	F("service", FACT_WORD, service, CD),
	F("name", FACT_WORD, name, CD),
	F("protocol", FACT_WORD, protocol, CD),
	F("scope", FACT_WORD, scope, CD),
	F("address", FACT_WORD, address, CD),
	F("port", FACT_PORT, port, CD),
	F("tls", FACT_TLS_MODE, tls, CD),
	F("tls_required", FACT_BOOL, tls_required, CD),
	F("tls_versions", FACT_VERSIONS, tls_versions, FACT_DUMP),
	F("tls_versions_configured", FACT_VERSIONS, tls_versions_configured,
	    FACT_DUMP),
	F("tls_invalid", FACT_BOOL, tls_invalid, CD),
	F("cert_missing", FACT_BOOL, cert_missing, CD),
	F("daemon_exits", FACT_BOOL, daemon_exits, CD),
	F("auth", FACT_BOOL, auth, CD),
	F("plaintext_auth_before_tls", FACT_BOOL, plaintext_auth_before_tls,
	    CD),
	F("loopback", FACT_BOOL, loopback, CD | FACT_SELECT),
	F("enabled", FACT_BOOL, enabled, CD | FACT_SELECT),
	/* Rules judge the configuration: what the daemon's settings allow,
	 * before the host's OpenSSL policy takes some versions away. */
	F("accepts_any", FACT_ACCEPTS_ANY, tls_versions_configured, FACT_COND),
	F("accepts_only", FACT_ACCEPTS_ONLY, tls_versions_configured,
	    FACT_COND),
	F("accepts_nothing", FACT_ACCEPTS_NOTHING, tls_versions_configured,
	    FACT_COND),
};
#undef CD
#undef F

const size_t n_listener_facts = sizeof(listener_facts) /
    sizeof(listener_facts[0]);

const struct listener_fact *
listener_fact_find(const char *name)
{
	size_t	i;

	for (i = 0; i < n_listener_facts; i++)
		if (strcmp(listener_facts[i].name, name) == 0)
			return &listener_facts[i];
	return NULL;
}
