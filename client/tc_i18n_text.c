/*
 * tc_i18n_text.c - the Vietnamese of the inspectors' tools' sentences and
 * codes (tc_i18n.h: tcc_fmt, tcc_term). The English text is the key, so a
 * caller writes its sentence once, in English, and gets it back unchanged
 * when no Vietnamese is known. Every Vietnamese format has the same
 * conversions in the same order as its English one (tests/unit/client
 * checks each), so both print the same arguments safely.
 *
 * Terms follow the Law on Complaints (Luật Khiếu nại 2011) and the Law on
 * Denunciations (Luật Tố cáo 2018): thụ lý, không thụ lý, gia hạn, tạm
 * đình chỉ, đình chỉ, rút đơn, chuyển đơn, đơn vị có thẩm quyền, hạn giải
 * quyết.
 */
#include <string.h>

#include "tc_i18n.h"
#include "tc_i18n_help.h"

struct pair {
	const char *en, *vi;
};

/* Sentences, most with printf conversions. */
static const struct pair formats[] = {
	/* cases show: the law beside the case */
	{"%-14s rests on %s\n", "%-14s căn cứ: %s\n"},
	{"Allowed next:", "Được phép xử lý tiếp:"},
	/* cases: usage and errors */
	{"list: case %s does not open with %s: %s",
	 "list: hồ sơ %s không mở được bằng %s: %s"},
	{"cases list --summary: give --unit-key UNIT.key to decrypt",
	 "cases list --summary: cần --unit-key UNIT.key để giải mã"},
	{"cases show: give --unit-key UNIT.key to decrypt",
	 "cases show: cần --unit-key UNIT.key để giải mã"},
	{"show: cannot decrypt with %s: %s", "show: không giải mã được bằng %s: %s"},
	{"cases attachment: give --unit-key UNIT.key and --out FILE",
	 "cases attachment: cần --unit-key UNIT.key và --out TỆP"},
	{"cases attachment: N is an attachment's number, from 0",
	 "cases attachment: N là số thứ tự của tệp đính kèm, bắt đầu từ 0"},
	{"cases act: the note is at most 10,000 bytes",
	 "cases act: ghi chú dài tối đa 10.000 byte"},
	{"cases reply: give --unit-key UNIT.key", "cases reply: cần --unit-key UNIT.key"},
	{"cases note: the note is at most 10,000 bytes",
	 "cases note: ghi chú dài tối đa 10.000 byte"},
	{"cases assign: give one of --to-me, --to INSPECTOR.pub, --none",
	 "cases assign: cần một trong --to-me, --to INSPECTOR.pub, --none"},
	{"cases assign: %s is not an inspector's public key",
	 "cases assign: %s không phải khóa công khai của thanh tra viên"},
	{"assign: your identity is not unlocked", "assign: khóa định danh của bạn chưa được mở"},
	{"cases notice: give --sent-on YYYY-MM-DD and --channel post|in_person|electronic",
	 "cases notice: cần --sent-on YYYY-MM-DD và --channel post|in_person|electronic"},
	{"cases transfer: give --unit-key UNIT.key and --to-key TO_UNIT.pub",
	 "cases transfer: cần --unit-key UNIT.key và --to-key TO_UNIT.pub (khóa công khai của "
	 "đơn vị có thẩm quyền)"},
	{"transfer: %s is not %s's public key", "transfer: %s không phải khóa công khai của %s"},
	{"cases receive: give --unit-key UNIT.key", "cases receive: cần --unit-key UNIT.key"},
	{"%s: give --server URL and --identity INSPECTOR_KEY (or TOCAO_SERVER and TOCAO_IDENTITY, "
	 "or client.conf)",
	 "%s: cần --server URL và --identity KHÓA_THANH_TRA_VIÊN (hoặc TOCAO_SERVER và "
	 "TOCAO_IDENTITY, hoặc client.conf)"},
	{"out of memory", "hết bộ nhớ"},
	{"cases: unknown sub-command '%s'", "cases: không có lệnh con '%s'"},
	{"cases %s: wrong number of arguments", "cases %s: sai số lượng tham số"},
	{"cases: '%s' is not a case id", "cases: '%s' không phải mã hồ sơ"},
	{"cases list: --sort takes deadline", "cases list: --sort chỉ nhận deadline (theo hạn)"},
	{"cases list: --limit is 1 to 500", "cases list: --limit từ 1 đến 500"},
	{"cases: bad option", "cases: tùy chọn không hợp lệ"},
	{"cases: give list, show, attachment, act, reply, note, assign, transfer, incoming, receive, "
	 "cancel-transfer or sent",
	 "cases: cần một lệnh con: list, show, attachment, act, reply, note, assign, transfer, "
	 "incoming, receive, cancel-transfer hoặc sent"},
	{"signin: bad option", "signin: tùy chọn không hợp lệ"},
	{"signin: give --server URL and --identity KEY", "signin: cần --server URL và --identity KHÓA"},
	{"show: messages: %d %s", "show: tin nhắn: %d %s"},
	{"attachment #%u: cannot decrypt: %s", "tệp đính kèm #%u: không giải mã được: %s"},
	{"attachment: %s exists (--force to overwrite)",
	 "attachment: %s đã có (--force để ghi đè)"},
	{"Try 'tocao --help'.\n", "Xem 'tocao --help'.\n"},
	/* cases: output */
	{"warning: the complaint seems late: %d days (%s) ended on %s, %d day%s before it was "
	 "received.\n  Time lost to illness, disaster, a mission or study far away or another "
	 "objective obstacle\n  does not count (Art. 9, 48): weigh it before accepting.\n",
	 "cảnh báo: khiếu nại có vẻ quá thời hiệu: %d ngày (%s) đã hết vào %s, %d ngày%.0s trước "
	 "khi nhận đơn.\n  Thời gian ốm đau, thiên tai, đi công tác, học tập ở nơi xa hoặc vì trở "
	 "ngại khách quan khác\n  không tính vào thời hiệu (Điều 9, 48): cân nhắc trước khi thụ "
	 "lý.\n"},
	{"  withdrawal recorded; the case continues (Art. 33(3): %s)\n",
	 "  đã ghi nhận việc rút đơn; vụ việc vẫn được giải quyết tiếp (khoản 3 Điều 33: %s)\n"},
	{"  (note sealed to the unit's key by the server; the reporter never sees it)",
	 "  (ghi chú được máy chủ niêm phong bằng khóa của đơn vị; người gửi đơn không bao giờ "
	 "thấy)"},
	{"Offered to this unit (tocao cases receive CASE_ID):",
	 "Chuyển đến đơn vị này (tocao cases receive MÃ_HỒ_SƠ để nhận):"},
	{"Offered by this unit, not yet confirmed:",
	 "Đơn vị này chuyển đi, chưa được bên nhận xác nhận:"},
	{"Transferred by this unit (confirmed by the receiving unit):",
	 "Đơn đã chuyển (đơn vị có thẩm quyền đã xác nhận):"},
	{"  %-9s %-8s -> %-8s since %s  %s %s\n", "  %-9s %-8s -> %-8s từ %s  %s %s\n"},
	{"  %-9s -> %-8s on %s\n", "  %-9s -> %-8s ngày %s\n"},
	{"%-14s %d days\n", "%-14s %d ngày\n"},
	{"Paste this sign-in code at %s/monitor within 15 minutes.\n",
	 "Dán mã đăng nhập này vào %s/monitor trong vòng 15 phút.\n"},
	{"\nmessage #%.0f %s %s", "\ntin nhắn #%.0f %s %s"},
	{" (signature: %s)", " (chữ ký: %s)"},
	{"  (cannot be opened: %s)\n", "  (không mở được: %s)\n"},
	{"  file #%.0f: %s (%s), %.0f bytes\n", "  tệp #%.0f: %s (%s), %.0f byte\n"},
	{"%-14s #%.0f %s (%s), %.0f bytes (%.0f sealed)\n",
	 "%-14s #%.0f %s (%s), %.0f byte (%.0f khi niêm phong)\n"},
	{"attachment #%u: %zu bytes written to %s\n", "tệp đính kèm #%u: đã ghi %zu byte vào %s\n"},
	{"tocao: show: some messages could not be opened with this key\n",
	 "tocao: show: có tin nhắn không mở được bằng khóa này\n"},
	/* inspector, monitor, key passwd */
	{"%s: --no-passphrase only with --data DIR of a development instance (init --dev)",
	 "%s: --no-passphrase chỉ dùng được với --data DIR của một hệ thống phát triển (init --dev)"},
	{"inspector: bad option", "inspector: tùy chọn không hợp lệ"},
	{"inspector: give add --unit-key FILE --name NAME",
	 "inspector: cần add --unit-key TỆP --name TÊN (hoặc revoke --data DIR TÊN)"},
	{"inspector: NAME is 1-32 of a-z 0-9 - _", "inspector: TÊN gồm 1-32 ký tự a-z 0-9 - _"},
	{"inspector: %s: %s", "inspector: %s: %s"},
	{"monitor: bad option", "monitor: tùy chọn không hợp lệ"},
	{"monitor: give add --name NAME --scope national|PROVINCE",
	 "monitor: cần add --name TÊN --scope national|MÃ_TỈNH"},
	{"monitor: NAME is 1-40 of a-z A-Z 0-9 - _", "monitor: TÊN gồm 1-40 ký tự a-z A-Z 0-9 - _"},
	{"monitor: --scope is national or a province's code (e.g. 96)",
	 "monitor: --scope là national (toàn quốc) hoặc mã tỉnh (ví dụ 96)"},
	{"monitor: made %s, but could not register it in %s/principals: %s",
	 "monitor: đã tạo %s nhưng không đăng ký được vào %s/principals: %s"},
	{"%s revoke: bad option", "%s revoke: tùy chọn không hợp lệ"},
	{"%s: give revoke --data INSTANCE NAME", "%s: cần revoke --data DIR TÊN"},
	{"%s revoke: %s: %s", "%s revoke: %s: %s"},
	{"monitor: give add or revoke (tocao monitor --help)",
	 "monitor: cần add hoặc revoke (tocao monitor --help)"},
	{"an output file exists already", "tệp đầu ra đã tồn tại"},
	{"a monitor of that name is there already", "đã có giám sát viên mang tên này"},
	{"no such principal in the instance's principals/",
	 "không có người này trong thư mục principals/ của hệ thống"},
	{"its file in principals/ is not a public key",
	 "tệp của người này trong principals/ không phải khóa công khai"},
	{"%s %s revoked: %s moved to %s.\nSend SIGHUP to the daemon (systemctl reload tocaod): "
	 "its sessions end then.\n",
	 "Đã thu hồi %s %s: %s đã được chuyển sang %s.\nGửi SIGHUP cho máy chủ (systemctl reload "
	 "tocaod): các phiên làm việc của người này chấm dứt ngay khi đó.\n"},
	{"inspector %s of %s\n  identity  %s (keep; %s)\n  unit key  %s (keep)\n  public    %s "
	 "(copy to the server's principals/, then SIGHUP the daemon)\n",
	 "thanh tra viên %s của %s\n  định danh    %s (giữ kỹ; %s)\n  khóa đơn vị  %s (giữ kỹ)\n"
	 "  công khai    %s (chép vào principals/ trên máy chủ, rồi gửi SIGHUP)\n"},
	{"monitor %s (%s)\n  identity  %s (keep; %s)\n  public    %s\n",
	 "giám sát viên %s (%s)\n  định danh  %s (giữ kỹ; %s)\n  công khai  %s\n"},
	{"  registered as %s: send SIGHUP to the daemon (systemctl reload tocaod)\n",
	 "  đã đăng ký là %s: gửi SIGHUP cho máy chủ (systemctl reload tocaod)\n"},
	{"  copy the public file to the server's principals/, then SIGHUP the daemon",
	 "  chép tệp công khai vào principals/ trên máy chủ, rồi gửi SIGHUP"},
	{"passphrase-protected", "được bảo vệ bằng mật khẩu"},
	{"NOT protected", "KHÔNG được bảo vệ"},
	{"the two passphrases differ", "hai lần nhập mật khẩu không khớp"},
	{"a passphrase of at least %d characters is needed (terminal, or TOCAO_PASSPHRASE / "
	 "TOCAO_NEW_PASSPHRASE)",
	 "cần mật khẩu dài ít nhất %d ký tự (nhập ở terminal, hoặc TOCAO_PASSPHRASE / "
	 "TOCAO_NEW_PASSPHRASE)"},
	{"key: give passwd FILE", "key: cần passwd TỆP"},
	{"key: %s is neither an identity nor a unit secret key",
	 "key: %s không phải tệp định danh cũng không phải khóa bí mật của đơn vị"},
	{"key: %s: wrong passphrase", "key: %s: sai mật khẩu"},
	{"key: %s: %s", "key: %s: %s"},
	{"%s is now protected by the new passphrase.\n", "%s nay được bảo vệ bằng mật khẩu mới.\n"},
	{"New passphrase for %s: ", "Mật khẩu mới cho %s: "},
	{"Again: ", "Nhập lại: "},
	{"Passphrase for %s: ", "Mật khẩu cho %s: "},
	{"the inspector's identity", "định danh của thanh tra viên"},
	{"the monitor's identity", "định danh của giám sát viên"},
	{"tocao: wrong passphrase for %s%s\n", "tocao: sai mật khẩu cho %s%s\n"},
	{", three tries", ", đã thử ba lần"},
	{"tocao: wrong passphrase, try again\n", "tocao: sai mật khẩu, hãy thử lại\n"},
	{"tocao: %s is protected by a passphrase and there is no terminal to ask on (set "
	 "TOCAO_PASSPHRASE)\n",
	 "tocao: %s được bảo vệ bằng mật khẩu nhưng không có terminal để hỏi (đặt "
	 "TOCAO_PASSPHRASE)\n"},
	/* tc_strerror's words */
	{"authentication failed (wrong key or tampered data)",
	 "xác thực thất bại (sai khóa hoặc dữ liệu đã bị sửa)"},
	{"malformed data", "dữ liệu sai định dạng"},
	{"not allowed in the current state", "không được phép ở trạng thái hiện tại"},
	{"the key file is protected by a passphrase", "tệp khóa được bảo vệ bằng mật khẩu"},
	{"No such file or directory", "không có tệp hoặc thư mục này"},
	{"Permission denied", "không có quyền truy cập"},
	{"File exists", "tệp đã tồn tại"},
	/* help */
	{TCC_HELP_CASES,
	 "Cách dùng: tocao cases LỆNH --server URL [--cacert TỆP] --identity KHÓA_THANH_TRA_VIÊN "
	 "[tùy chọn]\n"
	 "  list  [--status S] [--track T] [--overdue] [--due-before YYYY-MM-DD] [--limit N]\n"
	 "        [--all: mọi trang, đến hết] [--sort deadline: quá hạn trước, rồi theo hạn\n"
	 "        gần nhất (sắp xếp tại máy này, trên mọi trang)] [--summary: tóm tắt giải mã\n"
	 "        bằng --unit-key, một yêu cầu mỗi trang] [--mine: hồ sơ được phân công cho bạn]\n"
	 "  show  --unit-key KHÓA_ĐƠN_VỊ [--reveal] MÃ_HỒ_SƠ   (giải mã tại máy này, kèm\n"
	 "        trao đổi với người gửi đơn và tên các tệp đính kèm)\n"
	 "  attachment --unit-key KHÓA_ĐƠN_VỊ MÃ_HỒ_SƠ N --out TỆP [--force]\n"
	 "        giải mã tệp đính kèm N vào TỆP (quyền 0600; --force để ghi đè)\n"
	 "  act   MÃ_HỒ_SƠ HÀNH_ĐỘNG [--complexity C] [--criteria a,b,..] [--flag F]\n"
	 "        [--continue-reason R] [--note NỘI_DUNG] [--decision-number SỐ --decision-date\n"
	 "        NGÀY: ghi vào ghi chú] [--unit-key KHÓA_ĐƠN_VỊ: khi thụ lý, cảnh báo khiếu nại\n"
	 "        có vẻ quá thời hiệu] [--ground G: căn cứ không thụ lý, bắt buộc khi\n"
	 "        decline: den-29-1-a..d, den-29-1-complaint, info-25-2, com-11-1..9,\n"
	 "        pet-06-unfit, pet-06-not-competent; hoặc căn cứ khác, ghi rõ trong ghi\n"
	 "        chú: den-other, info-other, com-other, pet-other]. HÀNH_ĐỘNG: accept (thụ\n"
	 "        lý), decline (không thụ lý), extend (gia hạn), suspend (tạm đình chỉ),\n"
	 "        resume (tiếp tục), settle (kết luận), withdraw (rút đơn), terminate (đình\n"
	 "        chỉ), flag (đánh dấu)\n"
	 "  reply --unit-key KHÓA_ĐƠN_VỊ MÃ_HỒ_SƠ NỘI_DUNG  (niêm phong tại máy này, ký bằng "
	 "khóa của bạn)\n"
	 "  assign MÃ_HỒ_SƠ --to-me | --to INSPECTOR.pub | --none   (phân công trong đơn vị)\n"
	 "  note  MÃ_HỒ_SƠ NỘI_DUNG                        (ghi chú nội bộ; máy chủ niêm phong\n"
	 "        cho đơn vị, người gửi đơn không bao giờ thấy)\n"
	 "  transfer --unit-key KHÓA_ĐƠN_VỊ --to-key TO.pub MÃ_HỒ_SƠ ĐƠN_VỊ_NHẬN\n"
	 "        chuyển đơn đến đơn vị có thẩm quyền: chỉ phần khóa dành cho đơn vị nhận\n"
	 "        rời khỏi máy này\n"
	 "  incoming                                       (đơn chuyển đến và chuyển đi)\n"
	 "  receive --unit-key KHÓA_ĐƠN_VỊ MÃ_HỒ_SƠ        (mở, chứng minh và nhận đơn)\n"
	 "  cancel-transfer MÃ_HỒ_SƠ                       (một trong hai đơn vị hủy chuyển)\n"
	 "  sent                                           (sổ đơn đơn vị đã chuyển đi)\n"
	 "  notice MÃ_HỒ_SƠ LOẠI --sent-on YYYY-MM-DD --channel post|in_person|electronic\n"
	 "        [--number SỐ]   ghi nhận đã gửi thông báo theo luật (LOẠI:\n"
	 "        notify_accepted, notify_concluded, answer_forwarder, notify_decision);\n"
	 "        list --notices-due: các hồ sơ còn thông báo chưa ghi nhận đã gửi\n"
	 "Thiết lập: các tùy chọn, nếu không thì TOCAO_SERVER, TOCAO_CACERT, TOCAO_IDENTITY,\n"
	 "TOCAO_UNIT_KEY, nếu không thì ~/.config/tocao/client.conf (--config TỆP): khóa = giá\n"
	 "trị với các khóa server, cacert, identity, unit_key.\n"
	 "Chứng chỉ luôn được kiểm tra (CA của hệ thống, hoặc --cacert)."},
	{TCC_HELP_INSPECTOR,
	 "Cách dùng: tocao inspector add --unit-key KHÓA_ĐƠN_VỊ --name TÊN [--out-dir DIR]\n"
	 "                            [--no-passphrase --data DIR_HỆ_THỐNG] [--json]\n"
	 "           tocao inspector revoke --data DIR_HỆ_THỐNG TÊN\n"
	 "Tạo định danh ký của thanh tra viên (inspector-TÊN.key, .pub) và khóa đơn vị\n"
	 "bọc riêng cho định danh đó (TÊN.unitkey). Định danh được bảo vệ bằng mật khẩu\n"
	 "(nhập hai lần ở terminal, hoặc TOCAO_NEW_PASSPHRASE / TOCAO_PASSPHRASE).\n"
	 "Chỉ chép inspector-TÊN.pub vào principals/ trên máy chủ (rồi gửi SIGHUP);\n"
	 "giao cho thanh tra viên tệp .key và .unitkey. --no-passphrase bị từ chối trừ\n"
	 "khi --data là một hệ thống phát triển.\n"
	 "revoke (trên máy chủ) chuyển principals/inspector-TÊN.pub (hoặc TÊN.pub) sang\n"
	 "principals-revoked/; gửi SIGHUP thì các phiên của người đó chấm dứt."},
	{TCC_HELP_MONITOR,
	 "Cách dùng: tocao monitor add --name TÊN --scope national|MÃ_TỈNH [--out-dir DIR]\n"
	 "                          [--data DIR_HỆ_THỐNG] [--no-passphrase] [--json]\n"
	 "           tocao monitor revoke --data DIR_HỆ_THỐNG TÊN\n"
	 "add tạo định danh ký của giám sát viên, monitor-TÊN.key (bảo vệ bằng mật khẩu:\n"
	 "nhập hai lần ở terminal, hoặc TOCAO_NEW_PASSPHRASE / TOCAO_PASSPHRASE) và\n"
	 "monitor-TÊN.pub. Phạm vi: national (toàn quốc) hoặc mã tỉnh (ví dụ 96): số liệu\n"
	 "giám sát viên được xem. Với --data (trên máy chủ) tệp .pub được đăng ký luôn vào\n"
	 "principals/; nếu không, hãy chép vào đó. Rồi gửi SIGHUP cho máy chủ (systemctl\n"
	 "reload tocaod): không cần khởi động lại.\n"
	 "revoke chuyển principals/monitor-TÊN.pub (hoặc TÊN.pub) sang principals-revoked/;\n"
	 "ở lần SIGHUP tiếp theo các phiên của người đó chấm dứt.\n"
	 "--no-passphrase chỉ dùng với --data của một hệ thống phát triển."},
	{TCC_HELP_KEY,
	 "Cách dùng: tocao key passwd TỆP\n"
	 "Bảo vệ TỆP (định danh từ `inspector add`/`monitor add`/`init --dev`, hoặc khóa bí\n"
	 "mật của đơn vị) bằng mật khẩu mới, hoặc đổi mật khẩu. Mật khẩu cũ được hỏi (hoặc\n"
	 "TOCAO_PASSPHRASE), mật khẩu mới hỏi hai lần (hoặc TOCAO_NEW_PASSPHRASE). Tệp được\n"
	 "thay thế nguyên khối (tệp tạm 0600 trong cùng thư mục, ghi đồng bộ, rồi đổi tên)."},
};

/* Codes of the API shown in tables (statuses, tracks, categories, actions, events, flags). */
static const struct pair terms[] = {
	{"received", "đã nhận"},
	{"accepted", "đã thụ lý"},
	{"suspended", "tạm đình chỉ"},
	{"settled", "đã giải quyết"},
	{"declined", "không thụ lý"},
	{"transferred", "đã chuyển đơn"},
	{"withdrawn", "đã rút đơn"},
	{"terminated", "đình chỉ"},
	{"denunciation", "tố cáo"},
	{"information", "phản ánh"},
	{"complaint", "khiếu nại"},
	{"petition", "kiến nghị"},
	{"corruption", "tham nhũng"},
	{"waste", "lãng phí"},
	{"land", "đất đai"},
	{"public_finance", "tài chính công"},
	{"public_investment", "đầu tư công"},
	{"abuse_of_power", "lạm quyền"},
	{"harassment", "nhũng nhiễu"},
	{"personnel", "cán bộ"},
	{"environment", "môi trường"},
	{"social_policy", "chính sách xã hội"},
	{"other", "khác"},
	{"accept", "thụ lý"},
	{"decline", "không thụ lý"},
	{"transfer", "chuyển đơn"},
	{"extend", "gia hạn"},
	{"suspend", "tạm đình chỉ"},
	{"resume", "tiếp tục giải quyết"},
	{"settle", "kết luận"},
	{"withdraw", "rút đơn"},
	{"withdraw-kept", "rút đơn (vẫn giải quyết)"},
	{"terminate", "đình chỉ"},
	{"flag", "đánh dấu"},
	{"action", "xử lý"},
	{"message_to_reporter", "tin nhắn gửi người gửi đơn"},
	{"message_from_reporter", "tin nhắn của người gửi đơn"},
	{"identity_revealed", "đã mở danh tính"},
	{"note", "ghi chú nội bộ"},
	{"withdrawal_continued", "rút đơn nhưng vẫn giải quyết"},
	{"decline_ground", "căn cứ không thụ lý"},
	{"deadlines_recomputed", "tính lại thời hạn"},
	{"transfer_pending", "đang chuyển đơn"},
	{"transfer_cancelled", "hủy chuyển đơn"},
	{"assigned", "phân công"},
	{"named", "công khai danh tính"},
	{"confidential", "giữ bí mật danh tính"},
	{"anonymous", "nặc danh"},
	{"status", "trạng thái"},
	{"timeline", "diễn biến"},
	{"overdue", "quá hạn"},
	{"attachment", "tệp đính kèm"},
	{"process_by", "hạn xử lý đơn"},
	{"accept_by", "hạn thụ lý"},
	{"settle_by", "hạn giải quyết"},
	{"transfer_by", "hạn chuyển đơn"},
	{"extended_to", "gia hạn đến"},
	{"from the reporter", "của người gửi đơn"},
	{"from the unit", "của đơn vị"},
	{"[note: the unit only]", "[ghi chú: chỉ trong đơn vị]"},
	{"case", "hồ sơ"},
	{"kind", "loại đơn"},
	{"track", "loại việc"},
	{"province", "tỉnh"},
	{"commune", "xã"},
	{"level", "cấp"},
	{"accused", "người bị tố cáo"},
	{"position", "chức vụ"},
	{"organisation", "cơ quan"},
	{"category", "lĩnh vực"},
	{"occurred on", "ngày xảy ra"},
	{"identity", "danh tính"},
	{"reporter", "người gửi đơn"},
	{"address", "địa chỉ"},
	{"phone", "điện thoại"},
	{"email", "thư điện tử"},
	{"id number", "số giấy tờ"},
	{"summary", "tóm tắt"},
	{"commune_leader", "lãnh đạo cấp xã"},
	{"provincial_agency", "cơ quan cấp tỉnh"},
	{"provincial_agency_leader", "lãnh đạo cơ quan cấp tỉnh"},
	{"provincial_leader", "lãnh đạo cấp tỉnh"},
	{"central", "trung ương"},
	{"unknown", "chưa rõ"},
};

static const char *lookup(const struct pair *t, size_t n, const char *en)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(t[i].en, en) == 0)
			return t[i].vi;
	return en;
}

const char *tcc_fmt(enum tcc_lang lang, const char *en)
{
	if (lang != TCC_LANG_VI || en == NULL)
		return en;
	return lookup(formats, sizeof(formats) / sizeof(formats[0]), en);
}

const char *tcc_term(enum tcc_lang lang, const char *code)
{
	if (lang != TCC_LANG_VI || code == NULL)
		return code;
	return lookup(terms, sizeof(terms) / sizeof(terms[0]), code);
}

size_t tcc_fmt_count(void)
{
	return sizeof(formats) / sizeof(formats[0]);
}

void tcc_fmt_at(size_t i, const char **en, const char **vi)
{
	*en = formats[i].en;
	*vi = formats[i].vi;
}
