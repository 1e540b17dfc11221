/* SPDX-License-Identifier: MIT */
/*
 * report_topics - the one table of plain-language explanations behind the
 * customer report (report.h: report_topic): what a group of rules means
 * for somebody who reads mail, not configuration.  The rules keep their
 * technical rationale; this is what a hosting provider's customer needs:
 * what was found, why it matters, what to change, with every term
 * explained where it is first used.
 *
 * The advice is the mission's: SSL is dead; TLS 1.2 is the floor, 1.3 is
 * preferred; STARTTLS can be stripped, so implicit TLS on ports 465, 993
 * and 995 (RFC 8314) is preferred; no password before encryption.
 */
#include "config.h"

#include <fnmatch.h>
#include <stddef.h>
#include <string.h>

#include "i18n.h"
#include "report.h"

static const struct report_topic topics[] = {
	{ "old-tls",
	  "PF-TLS-00[123]|PF-TLS-009|PF-TLS-01[23]|DC-TLS-00[12]|DC-OBS-001",
	  N_("Outdated encryption versions are still allowed"),
	  N_("Mail is protected on its way by an encryption protocol called TLS "
	  "(its old name is SSL). The old versions, SSL 3.0, TLS 1.0 and "
	  "TLS 1.1, have known weaknesses and are retired by the Internet "
	  "standards (RFC 8996). While the server still accepts them, an "
	  "attacker between a mail program and the server can push the "
	  "connection down to the weakest version and read or change what "
	  "is sent, passwords included."),
	  N_("Allow only TLS 1.2 and TLS 1.3. Every mail program and mail "
	  "server of the last ten years speaks them.") },
	{ "weak-ciphers",
	  "PF-TLS-00[78]|DC-TLS-009|PF-OBS-002",
	  N_("Weak encryption methods are still allowed"),
	  N_("Within TLS, the two sides agree on an encryption method (a "
	  "\"cipher\"). Some of the methods the server still offers are "
	  "broken or far too weak (such as RC4, DES or \"export\" "
	  "ciphers): traffic protected with them can be decrypted."),
	  N_("Offer only the strong methods that current software uses; the "
	  "technical details below name the setting.") },
	{ "no-tls",
	  "PF-TLS-00[456]|PF-TLS-01[14]|DC-TLS-00[3678]",
	  N_("Encryption is switched off or cannot work"),
	  N_("Without TLS encryption, e-mails, addresses and passwords cross the "
	  "Internet as readable text: anybody on the way (a public Wi-Fi, a "
	  "provider, an attacker) can read or change them. A TLS setting "
	  "that is invalid or has no certificate switches encryption off "
	  "just as well."),
	  N_("Switch TLS on for every port, with a valid certificate.") },
	{ "plaintext-auth",
	  "PF-AUTH-*|DC-AUTH-*|PF-SUB-001",
	  N_("Passwords can be sent before the connection is encrypted"),
	  N_("A mail program logs in with the mailbox password. Here the server "
	  "accepts that password before the connection is encrypted, so it "
	  "can cross the network as readable text. One careless setting in "
	  "a mail program is enough for a password to be stolen."),
	  N_("Accept logins only on encrypted connections.") },
	{ "implicit-tls",
	  "PF-SUB-00[234]|DC-TLS-00[45]",
	  N_("No directly encrypted port for mail programs"),
	  N_("There are two ways to encrypt a connection: start in plain text "
	  "and switch to encryption with a command called STARTTLS, or "
	  "encrypt from the first byte (\"implicit TLS\") on ports 465 "
	  "(sending), 993 (IMAP) and 995 (POP3). An attacker in the network "
	  "can remove the STARTTLS offer, so that the mail program goes on "
	  "without encryption. That is why the Internet standard for mail "
	  "programs (RFC 8314) prefers implicit TLS."),
	  N_("Offer ports 465, 993 and 995 with implicit TLS, and set mail "
	  "programs to use them. Port 587 with STARTTLS stays acceptable "
	  "when it demands encryption before the login.") },
	{ "cert-expiry",
	  "[PD][FC]-CERT-00[1234]",
	  N_("The server's certificate has expired or expires soon"),
	  N_("A certificate is the server's proof of identity, issued for a "
	  "limited time. Once it has expired, mail programs warn their users "
	  "or refuse to connect, and other mail servers may stop delivering "
	  "mail securely."),
	  N_("Renew the certificate before the date given below, and check that "
	  "automatic renewal works.") },
	{ "cert-trust",
	  "[PD][FC]-CERT-009|[PD][FC]-CERT-01[01]",
	  N_("Mail programs cannot trust the server's certificate"),
	  N_("The certificate does not carry the name mail programs connect to, "
	  "or it was not issued by a recognised authority (a self-made or "
	  "example certificate). Mail programs then show security warnings; "
	  "users learn to click them away, which is exactly what an attacker "
	  "with a forged certificate needs."),
	  N_("Use a certificate from a recognised authority (Let's Encrypt is "
	  "free) that names the server as mail programs know it.") },
	{ "cert-quality",
	  "[PD][FC]-CERT-00[5678]|[PD][FC]-CERT-01[24]",
	  N_("The certificate or its key is weak or put together wrongly"),
	  N_("The certificate's key is too short, it is signed with an outdated "
	  "method, its parts are in the wrong order or the key does not "
	  "belong to it. Depending on the fault, connections fail or offer "
	  "less protection than they should."),
	  N_("Have a new certificate issued with current settings and install "
	  "it as the technical details below describe.") },
	{ "relay",
	  "PF-RELAY-*",
	  N_("Strangers may be able to send mail through the server"),
	  N_("A mail server should pass on mail from the Internet only to its "
	  "own domains, and mail to elsewhere only for its own users. This "
	  "server trusts too much: spammers can use it to send their mail, "
	  "after which the server (and all mail from it) lands on block "
	  "lists within hours."),
	  N_("Limit relaying to your own users and networks.") },
	{ "obsolete",
	  "PF-OBS-001|DC-OBS-*",
	  N_("Outdated settings"),
	  N_("Some settings are from older versions of the mail software. They "
	  "still work, or are silently ignored, but a future update may "
	  "refuse them and stop the mail service."),
	  N_("Replace them with their current equivalents.") },
	{ "syntax",
	  "[PD][FC]-SYN-*",
	  N_("Errors in the configuration"),
	  N_("Part of the configuration cannot be read as written. The mail "
	  "software either ignores it or refuses to start after the next "
	  "change."),
	  N_("Correct the lines named in the technical details.") },
	{ "other",
	  "*",
	  N_("Other points"),
	  N_("The configuration differs from recommended practice in ways that "
	  "weaken security or reliability."),
	  N_("Apply the changes described in the technical details.") },
};

const struct report_topic *
report_topic(const char *rule_id)
{
	size_t	i;

	for (i = 0; i < sizeof(topics) / sizeof(topics[0]); i++) {
		char		 pat[128];
		const char	*p = topics[i].rules, *bar;

		/* the alternatives of "A|B|C", each an fnmatch pattern */
		for (;;) {
			size_t	n;

			bar = p;
			while (*bar != '\0' && *bar != '|')
				bar++;
			n = (size_t)(bar - p);
			if (n < sizeof(pat)) {
				memcpy(pat, p, n);
				pat[n] = '\0';
				if (rule_id != NULL && fnmatch(pat, rule_id, 0) == 0)
					return &topics[i];
			}
			if (*bar == '\0')
				break;
			p = bar + 1;
		}
	}
	return &topics[sizeof(topics) / sizeof(topics[0]) - 1];
}

const struct report_topic *
report_topic_at(size_t i)
{
	return i < sizeof(topics) / sizeof(topics[0]) ? &topics[i] : NULL;
}
