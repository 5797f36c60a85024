/*
 * tc_i18n_help.h - the English help of the inspectors' commands, one copy:
 * `tocao` prints TR(TCC_HELP_X), and tc_i18n_text.c keys its Vietnamese on it.
 */
#ifndef TOCAO_TC_I18N_HELP_H
#define TOCAO_TC_I18N_HELP_H

#define TCC_HELP_CASES \
	"Usage: tocao cases SUB --server URL [--cacert FILE] --identity INSPECTOR_KEY [options]\n" \
	"  list  [--status S] [--track T] [--overdue] [--due-before YYYY-MM-DD] [--limit N]\n" \
	"        [--all: every page, to the end] [--sort deadline: overdue first, then the\n" \
	"        next deadline (sorted here, over all pages)] [--summary: decrypted with\n" \
	"        --unit-key, one request a case] [--mine: assigned to you]\n" \
	"  show  --unit-key UNIT_KEY [--reveal] CASE_ID   (decrypted here, with the\n" \
	"        conversation and the attachments' names)\n" \
	"  attachment --unit-key UNIT_KEY CASE_ID N --out FILE [--force]\n" \
	"        attachment N decrypted here into FILE (mode 0600; --force overwrites)\n" \
	"  act   CASE_ID ACTION [--complexity C] [--criteria a,b,..] [--flag F]\n" \
	"        [--continue-reason R] [--note TEXT] [--decision-number N --decision-date D:\n" \
	"        put in the note] [--unit-key UNIT_KEY: accept warns of a complaint that\n" \
	"        seems late, from the decrypted report]\n" \
	"        [--ground G: decline's legal ground, required: den-29-1-a..d,\n" \
	"        den-29-1-complaint, info-25-2, com-11-1..9, pet-06-unfit,\n" \
	"        pet-06-not-competent; or den-other, info-other, com-other, pet-other\n" \
	"        (another ground, stated in the note)]\n" \
	"  reply --unit-key UNIT_KEY CASE_ID TEXT          (sealed here, signed with your key)\n" \
	"  assign CASE_ID --to-me | --to INSPECTOR.pub | --none   (within your unit)\n" \
	"  note  CASE_ID TEXT                              (internal; sealed to the unit\n" \
	"        by the server, never shown to the reporter)\n" \
	"  transfer --unit-key UNIT_KEY --to-key TO.pub CASE_ID TO_UNIT\n" \
	"        offer the case: only its key header for TO_UNIT leaves this machine\n" \
	"  incoming                                        (offers to and from your unit)\n" \
	"  receive --unit-key UNIT_KEY CASE_ID             (open the offer, prove it, take it)\n" \
	"  cancel-transfer CASE_ID                         (either unit)\n" \
	"  sent                                            (cases your unit transferred)\n" \
	"  notice CASE_ID KIND --sent-on YYYY-MM-DD --channel post|in_person|electronic\n" \
	"        [--number N]   record a notice the law requires as sent (KIND:\n" \
	"        notify_accepted, notify_concluded, answer_forwarder, notify_decision);\n" \
	"        list --notices-due: the cases with a notice not yet recorded as sent\n" \
	"Settings: the options, else TOCAO_SERVER, TOCAO_CACERT, TOCAO_IDENTITY,\n" \
	"TOCAO_UNIT_KEY, else ~/.config/tocao/client.conf (--config FILE): key = value\n" \
	"with keys server, cacert, identity, unit_key.\n" \
	"Certificates are always verified (system CAs, or --cacert)."

#define TCC_HELP_INSPECTOR \
	"Usage: tocao inspector add --unit-key UNIT_KEY --name NAME [--out-dir DIR]\n" \
	"                            [--no-passphrase --data INSTANCE] [--json]\n" \
	"       tocao inspector revoke --data INSTANCE NAME\n" \
	"Make an inspector's signing identity (inspector-NAME.key, .pub) and the unit\n" \
	"key wrapped for it (NAME.unitkey). The identity is protected by a passphrase\n" \
	"(asked twice on the terminal, or TOCAO_NEW_PASSPHRASE / TOCAO_PASSPHRASE).\n" \
	"Copy only inspector-NAME.pub to the server's principals/ (then SIGHUP the\n" \
	"daemon); give the inspector the .key and .unitkey files. --no-passphrase is\n" \
	"refused unless --data names a development instance.\n" \
	"revoke (on the server) moves INSTANCE/principals/inspector-NAME.pub (or NAME.pub)\n" \
	"to INSTANCE/principals-revoked/; SIGHUP the daemon and its sessions end."

#define TCC_HELP_MONITOR \
	"Usage: tocao monitor add --name NAME --scope national|PROVINCE [--out-dir DIR]\n" \
	"                          [--data INSTANCE] [--no-passphrase] [--json]\n" \
	"       tocao monitor revoke --data INSTANCE NAME\n" \
	"add makes a monitor's signing identity, monitor-NAME.key (protected by a\n" \
	"passphrase: asked twice on the terminal, or TOCAO_NEW_PASSPHRASE /\n" \
	"TOCAO_PASSPHRASE) and monitor-NAME.pub. SCOPE: national, or a province's\n" \
	"code (e.g. 96): the figures the monitor may see. With --data INSTANCE (on the\n" \
	"server) the .pub is also registered in INSTANCE/principals/; otherwise copy it\n" \
	"there. Then SIGHUP the daemon (systemctl reload tocaod): no restart.\n" \
	"revoke moves INSTANCE/principals/monitor-NAME.pub (or NAME.pub) to\n" \
	"INSTANCE/principals-revoked/; at the next SIGHUP its sessions end.\n" \
	"--no-passphrase only with --data naming a development instance."

#define TCC_HELP_KEY \
	"Usage: tocao key passwd FILE\n" \
	"Protect FILE (an identity from `inspector add`/`init --dev`, or a unit secret\n" \
	"key) with a new passphrase, or change it. The old passphrase is asked (or\n" \
	"TOCAO_PASSPHRASE), the new one twice (or TOCAO_NEW_PASSPHRASE). The file is\n" \
	"replaced atomically (a 0600 temporary file in the same directory, synced,\n" \
	"renamed over it)."

#endif
