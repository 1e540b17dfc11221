/* SPDX-License-Identifier: MIT */
/*
 * dovecot_filter - dcl_filter_enter() (dovecot_line.h): a filter header
 * ("protocol imap {", "local 10.0.0.0/8 {", "remote ... {", "local_name
 * mail.example.org {") checked against the filters in force, as
 * config_filter_add_new_filter() of Dovecot 2.3.19 does, without DNS.
 * Pure: no I/O, no allocation.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dovecot_line.h"

/*
 * parse_net - Dovecot's config_parse_net() without DNS: 1 for an IP or a
 * network, 0 for a host name (left unresolved), -1 with errbuf on error.
 */
static int
parse_net(const char *value, struct dcl_net *n, char *errbuf, size_t errlen)
{
	char		 buf[256], *mask, *addr = buf;
	unsigned	 max = 128;
	size_t		 len;
	int		 ret = 1;

	memset(n, 0, sizeof(*n));
	if ((len = strlen(value)) == 0 || len >= sizeof(buf)) {
		snprintf(errbuf, errlen, "Invalid network: \"%.40s\"", value);
		return -1;
	}
	memcpy(buf, value, len + 1);
	if ((mask = strchr(buf, '/')) != NULL)
		*mask++ = '\0';
	len = strlen(addr);
	if (len > 1 && addr[0] == '[' && addr[len - 1] == ']') {
		addr[len - 1] = '\0';
		addr++;
	}
	if (inet_pton(AF_INET, addr, n->a) == 1) {
		n->af = AF_INET;
		max = 32;
	} else if (inet_pton(AF_INET6, addr, n->a) == 1)
		n->af = AF_INET6;
	else
		ret = 0;
	n->bits = max;
	if (mask != NULL) {
		/* str_to_uint(): digits only, then the family's limit */
		len = strspn(mask, "0123456789");
		if (len == 0 || len > 3 || mask[len] != '\0' ||
		    (unsigned)atoi(mask) > max) {
			snprintf(errbuf, errlen, "Invalid network mask: %s",
			    mask);
			return -1;
		}
		n->bits = (unsigned)atoi(mask);
	}
	return ret;
}

/* net_inside - Dovecot's net_is_in_network(): is n inside p? */
static bool
net_inside(const struct dcl_net *n, const struct dcl_net *p)
{
	unsigned	 i, full = p->bits / 8, rest = p->bits % 8;
	unsigned char	 mk;

	if (n->af == 0 || p->af == 0)
		return true;	/* a host name: unknown, do not complain */
	if (n->af != p->af)
		return false;
	for (i = 0; i < full; i++)
		if (n->a[i] != p->a[i])
			return false;
	mk = (unsigned char)(0xff << (8 - rest));
	return rest == 0 || (n->a[full] & mk) == (p->a[full] & mk);
}

static const char *
net_enter(const struct dcl_net *pn, struct dcl_net *n, const char *type,
    const char *name, bool name_unknown, bool *host_r, char *errbuf,
    size_t errlen)
{
	int	r;

	if (name_unknown) {
		memset(n, 0, sizeof(*n));
		n->bits = 1;	/* present, value unknown */
		return NULL;
	}
	if ((r = parse_net(name, n, errbuf, errlen)) < 0)
		return errbuf;
	*host_r = r == 0;
	if (pn->bits > n->bits || (pn->bits > 0 && !net_inside(n, pn))) {
		snprintf(errbuf, errlen, "%s net1 { %s net2 { .. } } requires "
		    "net2 to be inside net1", type, type);
		return errbuf;
	}
	return NULL;
}

/*
 * Filters a filter may not be nested in, in the order Dovecot checks
 * them; the message is "P { C { .. } } not allowed (use C { P { .. } }
 * instead)".  protocol-in-protocol has a message of its own.
 */
static const char *const bad_nest[][4] = {
	{ "local", "remote", "protocol", "local_name" },
	{ "local_name", "remote", "protocol", NULL },
	{ "remote", "protocol", NULL, NULL }
};

static bool
has_filter(const struct dcl_filter *p, const char *type)
{
	if (strcmp(type, "protocol") == 0)
		return p->protocol;
	if (strcmp(type, "local_name") == 0)
		return p->local_name;
	return p->remote.bits > 0;
}

const char *
dcl_filter_enter(const struct dcl_filter *p, const char *type,
    const char *name, bool name_unknown, struct dcl_filter *f, bool *host_r,
    char *errbuf, size_t errlen)
{
	size_t	i, j;

	*f = *p;
	*host_r = false;
	if (strcmp(type, "protocol") == 0) {
		f->protocol = true;
		return p->protocol ? "Nested protocol { protocol { .. } } "
		    "block not allowed" : NULL;
	}
	for (i = 0; i < sizeof(bad_nest) / sizeof(bad_nest[0]); i++) {
		if (strcmp(type, bad_nest[i][0]) != 0)
			continue;
		for (j = 1; j < 4 && bad_nest[i][j] != NULL; j++) {
			if (!has_filter(p, bad_nest[i][j]))
				continue;
			snprintf(errbuf, errlen, "%s { %s { .. } } not allowed "
			    "(use %s { %s { .. } } instead)", bad_nest[i][j],
			    type, type, bad_nest[i][j]);
			return errbuf;
		}
		if (strcmp(type, "local_name") == 0) {
			f->local_name = true;
			return NULL;
		}
		return net_enter(type[0] == 'l' ? &p->local : &p->remote,
		    type[0] == 'l' ? &f->local : &f->remote, type, name,
		    name_unknown, host_r, errbuf, errlen);
	}
	return NULL;
}
