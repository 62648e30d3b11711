"""What the conversation says: Vietnamese (default) and English.

Markup is <b>/<i> only. Parameters that carry people's words are escaped by
the caller before they are put in.
"""


TEXTS = {
    # --- strangers and registration ---
    "conv.stranger.explain": {
        "vi": "Xin chào! Đây là trợ lý nhắc việc nội bộ của cơ quan.\n"
              "Để sử dụng, anh/chị vui lòng xin <b>mã mời</b> từ Văn phòng, rồi gửi mã đó vào đây "
              "(ví dụ: <b>ABCD2345</b>).",
        "en": "Hello! This is the department's internal task reminder.\n"
              "To use it, ask Văn phòng for an <b>invite code</b> and send the code here "
              "(for example <b>ABCD2345</b>).",
    },
    "conv.stranger.send_code": {
        "vi": "Vui lòng gửi <b>mã mời</b> mà Văn phòng đã cấp cho anh/chị.",
        "en": "Please send the <b>invite code</b> Văn phòng gave you.",
    },
    "conv.stranger.private_only": {
        "vi": "Vui lòng nhắn riêng cho bot (không gửi mã mời trong nhóm).",
        "en": "Please message the bot privately (do not send invite codes in a group).",
    },
    "conv.stranger.button": {
        "vi": "Tài khoản chưa được liên kết. Hãy gửi mã mời của Văn phòng trước.",
        "en": "Your account is not linked yet. Send Văn phòng's invite code first.",
    },
    "conv.code.wrong": {
        "vi": "Mã <b>{code}</b> không đúng, đã dùng hoặc đã hết hạn. "
              "Vui lòng kiểm tra lại hoặc xin mã mới từ Văn phòng.",
        "en": "Code <b>{code}</b> is wrong, used or expired. Check it or ask Văn phòng for a new one.",
    },
    "conv.code.locked": {
        "vi": "Anh/chị đã nhập sai mã nhiều lần. Vui lòng thử lại sau {minutes} phút.",
        "en": "Too many wrong codes. Please try again in {minutes} minutes.",
    },
    "conv.platform.telegram": {"vi": "Telegram", "en": "Telegram"},
    "conv.platform.zalo": {"vi": "Zalo", "en": "Zalo"},
    "conv.platform.terminal": {"vi": "máy trạm", "en": "terminal"},
    "conv.welcome": {
        "vi": "👋 Chào <b>{name}</b> — {unit}.\n"
              "Tài khoản {platform} đã được liên kết. Từ nay nhắc việc của đơn vị sẽ gửi đến đây.",
        "en": "👋 Hello <b>{name}</b> — {unit}.\n"
              "Your {platform} account is linked. The unit's reminders will come here.",
    },
    # Help: a heading per role, then one line per command from the command table
    # (conversation/parse.py COMMANDS), then the tips.
    "conv.help.title": {"vi": "<b>Các lệnh</b>", "en": "<b>Commands</b>"},
    "conv.help.title.head": {"vi": "<b>Trưởng đơn vị</b>", "en": "<b>Unit heads</b>"},
    "conv.help.title.office": {"vi": "<b>Văn phòng</b>", "en": "<b>Văn phòng</b>"},
    "conv.help.title.leader": {"vi": "<b>Lãnh đạo Sở</b>", "en": "<b>Leadership</b>"},
    "conv.help.tips": {
        "vi": "Trả lời nhắc việc: 1 xong · 2 nội dung: tiến độ · 3 nội dung: khó khăn · "
              "4, 5: nhắc lại sau 1, 3 ngày · 0: xem đầy đủ.\n"
              "Hoặc gõ tự nhiên, có dấu hay không dấu: “xong rồi”, “đạt 60%”, “vướng kinh phí”, "
              "“xin gia hạn đến 20/12”, “mai nhắc lại”, “việc của tôi”.",
        "en": "Answering a reminder: 1 done · 2 text: progress · 3 text: difficulty · "
              "4, 5: remind in 1, 3 days · 0: full text.\n"
              "Or type in Vietnamese, with or without accents: “xong rồi”, “đạt 60%”, “vướng kinh phí”, "
              "“xin gia hạn đến 20/12”, “mai nhắc lại”, “việc của tôi”.",
    },
    "conv.help.office_tip": {
        "vi": "Gửi tệp kế hoạch (.docx, .pdf, .xlsx, .txt, .md, .csv) để nhập nhiệm vụ.",
        "en": "Send a plan file (.docx, .pdf, .xlsx, .txt, .md, .csv) to import its tasks.",
    },
    "help.cmd.viec": {"vi": "/viec — việc đang mở của đơn vị", "en": "/viec — the unit's open tasks"},
    "help.cmd.xong": {"vi": "/xong ID — báo đã xong", "en": "/xong ID — report done"},
    "help.cmd.tiendo": {"vi": "/tiendo ID nội dung — cập nhật tiến độ", "en": "/tiendo ID text — progress note"},
    "help.cmd.khokhan": {"vi": "/khokhan ID nội dung — báo khó khăn (chuyển Văn phòng)",
                         "en": "/khokhan ID text — report a difficulty (goes to Văn phòng)"},
    "help.cmd.giahan": {"vi": "/giahan ID dd/mm/yyyy lý do — xin gia hạn",
                        "en": "/giahan ID dd/mm/yyyy reason — ask for more time"},
    "help.cmd.huy": {"vi": "/huy — hủy thao tác đang dở", "en": "/huy — cancel what is pending"},
    "help.cmd.lich": {"vi": "/lich — đưa hạn việc vào Google Calendar, Outlook",
                      "en": "/lich — your deadlines in Google Calendar, Outlook"},
    "help.cmd.trogiup": {"vi": "/trogiup — xem lại hướng dẫn", "en": "/trogiup — this help"},
    "help.cmd.phancong": {"vi": "/phancong ID mã_cán_bộ... — giao cán bộ theo dõi nhiệm vụ",
                          "en": "/phancong ID officer_id... — name the officers for a task"},
    "help.cmd.lienket": {"vi": "/lienket — (trong nhóm) nhận nhắc việc của đơn vị tại nhóm",
                         "en": "/lienket — (in a group) receive the unit's reminders in the group"},
    "help.cmd.web": {"vi": "/web — trang làm việc trên máy tính", "en": "/web — the web workspace, on a computer"},
    "help.cmd.tongquan": {"vi": "/tongquan — số liệu theo trạng thái, theo đơn vị",
                          "en": "/tongquan — counts by status and unit"},
    "help.cmd.quahan": {"vi": "/quahan — danh sách quá hạn", "en": "/quahan — overdue list"},
    "help.cmd.dondoc": {"vi": "/dondoc ID — nhắc ngay đơn vị chủ trì", "en": "/dondoc ID — remind the lead units now"},
    "help.cmd.moi": {"vi": "/moi đơn vị | họ tên — tạo mã mời cán bộ", "en": "/moi unit | full name — invite an officer"},
    "help.cmd.baocao": {"vi": "/baocao — báo cáo tổng hợp ngay", "en": "/baocao — the digest now"},
    "help.cmd.golienket": {"vi": "/golienket mã_cán_bộ [telegram|zalo] — gỡ tài khoản chat của cán bộ",
                           "en": "/golienket officer_id [telegram|zalo] — cut an officer's chat account"},
    "help.cmd.ngung": {"vi": "/ngung mã_cán_bộ — cán bộ nghỉ, chuyển công tác: ngừng hẳn",
                       "en": "/ngung officer_id — an officer who left: deactivate"},
    # --- generic ---
    "conv.error": {
        "vi": "Xin lỗi, hệ thống đang gặp lỗi. Vui lòng thử lại sau ít phút.",
        "en": "Sorry, something went wrong. Please try again in a few minutes.",
    },
    "conv.already": {"vi": "Đã ghi nhận trước đó.", "en": "Already recorded."},
    "conv.cancelled": {"vi": "Đã hủy.", "en": "Cancelled."},
    "conv.button.stale": {
        "vi": "Nút này không còn dùng được. Gõ /viec để xem việc hiện tại.",
        "en": "This button is no longer valid. Type /viec for the current tasks.",
    },
    "conv.unknown_command": {
        "vi": "Không có lệnh này. Gõ /trogiup để xem các lệnh.",
        "en": "Unknown command. Type /trogiup for the list.",
    },
    "conv.number.no_context": {
        "vi": "Chưa rõ anh/chị trả lời nhắc việc nào. Gõ /viec để chọn nhiệm vụ.",
        "en": "Not sure which reminder this answers. Type /viec to pick a task.",
    },
    "conv.number.unknown": {
        "vi": "Trả lời: 1 xong · 2 nội dung · 3 nội dung (khó khăn) · 4, 5 nhắc lại · 0 xem đầy đủ.",
        "en": "Reply: 1 done · 2 text · 3 text (difficulty) · 4, 5 remind later · 0 full text.",
    },
    "conv.quote": {"vi": "💬 “{text}”", "en": "💬 “{text}”"},
    "conv.ack.saved": {"vi": "Đã ghi nhận", "en": "Saved"},
    "conv.ack.write_note": {"vi": "Mời nhập nội dung", "en": "Type your note"},
    # --- buttons and hints ---
    "conv.btn.confirm": {"vi": "Xác nhận", "en": "Confirm"},
    "conv.btn.cancel": {"vi": "Hủy", "en": "Cancel"},
    "conv.btn.accept": {"vi": "✔ Xác nhận", "en": "✔ Confirm"},
    "conv.btn.return": {"vi": "↩ Trả lại", "en": "↩ Return"},
    "conv.btn.agree": {"vi": "✔ Đồng ý", "en": "✔ Approve"},
    "conv.btn.refuse": {"vi": "✖ Từ chối", "en": "✖ Refuse"},
    # --- cards and lists ---
    "conv.deadline.none": {"vi": "Chưa có hạn", "en": "No deadline"},
    "conv.deadline.ongoing": {"vi": "Thường xuyên", "en": "Ongoing"},
    "conv.card.plan": {"vi": "📄 Kế hoạch {plan}", "en": "📄 Plan {plan}"},
    "conv.card.role": {"vi": "👥 {role}: {unit}", "en": "👥 {role}: {unit}"},
    "conv.list.title": {
        "vi": "📋 <b>Việc đang mở — {unit}</b> ({n})",
        "en": "📋 <b>Open tasks — {unit}</b> ({n})",
    },
    "conv.list.empty": {
        "vi": "✅ {unit} không còn việc đang mở.",
        "en": "✅ {unit} has no open tasks.",
    },
    "conv.list.hint_buttons": {
        "vi": "Chọn một nhiệm vụ để xem và cập nhật.",
        "en": "Pick a task to see and update it.",
    },
    "conv.list.hint_text": {
        "vi": "Gõ <b>VIEC số</b> (ví dụ VIEC 12) để xem và cập nhật một nhiệm vụ.",
        "en": "Type <b>VIEC number</b> (e.g. VIEC 12) to see and update a task.",
    },
    "conv.more.updates": {"vi": "<b>Cập nhật gần đây</b>", "en": "<b>Latest updates</b>"},
    "conv.more.no_updates": {"vi": "<i>Chưa có cập nhật.</i>", "en": "<i>No updates yet.</i>"},
    "conv.more.update": {"vi": "• {at} {kind} {who}: {text}", "en": "• {at} {kind} {who}: {text}"},
    "conv.kind.done": {"vi": "✅ báo xong", "en": "✅ done"},
    "conv.kind.progress": {"vi": "📝 tiến độ", "en": "📝 progress"},
    "conv.kind.difficulty": {"vi": "⚠️ khó khăn", "en": "⚠️ difficulty"},
    "conv.kind.extension_request": {"vi": "📅 xin gia hạn", "en": "📅 extension request"},
    "conv.kind.office_answer": {"vi": "💬 Văn phòng trả lời", "en": "💬 office answer"},
    "conv.kind.confirmation": {"vi": "✔ xác nhận", "en": "✔ confirmed"},
    "conv.kind.returned": {"vi": "↩ trả lại", "en": "↩ returned"},
    "conv.kind.extension_granted": {"vi": "📅 gia hạn", "en": "📅 extended"},
    "conv.kind.evidence": {"vi": "📎 minh chứng", "en": "📎 evidence"},
    "conv.kind.note": {"vi": "🗒 ghi chú", "en": "🗒 note"},
    # --- tasks ---
    "conv.task.not_found": {"vi": "Không tìm thấy nhiệm vụ số {ref}.", "en": "Task {ref} not found."},
    "conv.task.cancelled": {"vi": "Nhiệm vụ {ref} đã hủy.", "en": "Task {ref} is cancelled."},
    "conv.task.several_units": {
        "vi": "Nhiệm vụ {ref} có nhiều đơn vị chủ trì ({units}); hãy thao tác từ nhắc việc của từng đơn vị.",
        "en": "Task {ref} has several lead units ({units}); act from each unit's reminder.",
    },
    "conv.update.not_found": {"vi": "Không tìm thấy mục số {ref}.", "en": "Item {ref} not found."},
    "conv.update.wrong_kind": {
        "vi": "Mục số {ref} không phải loại cần xử lý bằng lệnh này.",
        "en": "Item {ref} is not something this command decides.",
    },
    # --- refusals ---
    "conv.refused.other_org": {
        "vi": "Nhiệm vụ này không thuộc cơ quan của anh/chị.",
        "en": "This task belongs to another organization.",
    },
    "conv.refused.other_unit": {
        "vi": "Nhiệm vụ này do {unit} thực hiện; anh/chị không thể cập nhật thay.",
        "en": "This task belongs to {unit}; you cannot update it for them.",
    },
    "conv.refused.not_your_task": {
        "vi": "Đơn vị của anh/chị không được giao nhiệm vụ {ref}.",
        "en": "Your unit does not carry task {ref}.",
    },
    "conv.refused.office_only": {
        "vi": "Chỉ Văn phòng mới dùng được chức năng này.",
        "en": "Only Văn phòng staff can do this.",
    },
    "conv.refused.head_only": {
        "vi": "Chỉ trưởng đơn vị (hoặc Văn phòng) mới dùng được chức năng này.",
        "en": "Only a unit head (or Văn phòng) can do this.",
    },
    # --- done ---
    "conv.done.not_lead": {
        "vi": "Nhiệm vụ #{ref} do <b>{leads}</b> chủ trì; {unit} phối hợp/theo dõi nên không báo hoàn thành "
              "(chưa ghi nhận gì). Anh/chị có thể gửi tiến độ phần việc của đơn vị (2 nội dung).",
        "en": "Task #{ref} is led by <b>{leads}</b>; {unit} coordinates or monitors it, so it does not "
              "report it done (nothing recorded). You can send your unit's progress (2 text).",
    },
    "conv.done.no_lead": {"vi": "chưa có đơn vị chủ trì", "en": "no lead unit yet"},
    "conv.done.recurring": {
        "vi": "Nhiệm vụ #{ref} là nhiệm vụ thường xuyên/định kỳ nên không báo hoàn thành; "
              "hãy gửi kết quả kỳ này bằng tiến độ (2 nội dung).",
        "en": "Task #{ref} is ongoing or recurring, so it is not reported done; "
              "send this period's result as progress (2 text).",
    },
    "conv.done.ok": {
        "vi": "✅ Đã ghi nhận hoàn thành nhiệm vụ #{ref} lúc {at}.",
        "en": "✅ Task #{ref} recorded as done at {at}.",
    },
    "conv.done.reported": {
        "vi": "⏳ Đã báo hoàn thành nhiệm vụ #{ref} lúc {at}; chờ Văn phòng xác nhận.",
        "en": "⏳ Task #{ref} reported done at {at}; awaiting Văn phòng's confirmation.",
    },
    "conv.done.confirm_q": {
        "vi": "Xác nhận nhiệm vụ <b>#{ref}</b> ({text}) <b>đã xong</b>?",
        "en": "Confirm task <b>#{ref}</b> ({text}) is <b>done</b>?",
    },
    "conv.done.report": {
        "vi": "✅ <b>{unit}</b> báo hoàn thành {task}\n{text}\nNgười báo: {who}",
        "en": "✅ <b>{unit}</b> reports {task} done\n{text}\nReported by: {who}",
    },
    "conv.done.info": {
        "vi": "ℹ️ {unit} đã báo hoàn thành nhiệm vụ {task}: {text}",
        "en": "ℹ️ {unit} reported task {task} done: {text}",
    },
    "conv.decision.confirmed": {
        "vi": "✔ Đã xác nhận hoàn thành — {who}, {at}.",
        "en": "✔ Confirmed done — {who}, {at}.",
    },
    "conv.decision.returned": {
        "vi": "↩ Đã trả lại — {who}, {at}.",
        "en": "↩ Returned — {who}, {at}.",
    },
    "conv.decision.confirmed_officer": {
        "vi": "✔ Văn phòng đã xác nhận hoàn thành nhiệm vụ {task}: {text}",
        "en": "✔ Văn phòng confirmed task {task} done: {text}",
    },
    "conv.decision.returned_officer": {
        "vi": "↩ Văn phòng trả lại báo cáo hoàn thành nhiệm vụ {task}: {text}\n"
              "Nhiệm vụ tiếp tục được nhắc; trả lời tin này để trao đổi.",
        "en": "↩ Văn phòng returned the done report of task {task}: {text}\n"
              "Reminders continue; reply to this message to discuss.",
    },
    "conv.decision.ext_granted": {
        "vi": "✔ Đã đồng ý gia hạn đến {day} — {who}, {at}.",
        "en": "✔ Extension to {day} approved — {who}, {at}.",
    },
    "conv.decision.ext_refused": {
        "vi": "✖ Đã từ chối gia hạn — {who}, {at}.",
        "en": "✖ Extension refused — {who}, {at}.",
    },
    "conv.decision.ext_granted_officer": {
        "vi": "📅 Văn phòng đồng ý gia hạn nhiệm vụ {task} đến <b>{day}</b>: {text}",
        "en": "📅 Văn phòng extended task {task} to <b>{day}</b>: {text}",
    },
    "conv.decision.ext_refused_officer": {
        "vi": "✖ Văn phòng không đồng ý gia hạn nhiệm vụ {task}: {text}\nHạn cũ vẫn giữ nguyên.",
        "en": "✖ Văn phòng refused the extension of task {task}: {text}\nThe deadline stays.",
    },
    "conv.decision.ext_refused_note": {"vi": "Không đồng ý gia hạn.", "en": "Extension refused."},
    # --- notes ---
    "conv.note.ask_progress": {
        "vi": "📝 Nhập nội dung tiến độ nhiệm vụ #{ref} (có thể gửi kèm ảnh, tệp). Gõ /huy để thôi.",
        "en": "📝 Type the progress of task #{ref} (photos and files welcome). /huy to cancel.",
    },
    "conv.note.ask_difficulty": {
        "vi": "⚠️ Nêu khó khăn, vướng mắc của nhiệm vụ #{ref}; nội dung sẽ chuyển ngay Văn phòng "
              "và lãnh đạo đơn vị. Gõ /huy để thôi.",
        "en": "⚠️ Describe the difficulty with task #{ref}; it goes at once to Văn phòng and "
              "the unit head. /huy to cancel.",
    },
    "conv.note.progress_saved": {
        "vi": "📝 Đã lưu tiến độ nhiệm vụ #{ref}.",
        "en": "📝 Progress of task #{ref} saved.",
    },
    "conv.note.evidence_saved": {
        "vi": "📎 Đã lưu {n} tệp minh chứng cho nhiệm vụ #{ref}.",
        "en": "📎 {n} evidence file(s) saved for task #{ref}.",
    },
    "conv.note.difficulty_saved": {
        "vi": "⚠️ Đã ghi nhận khó khăn của nhiệm vụ #{ref}.",
        "en": "⚠️ Difficulty with task #{ref} recorded.",
    },
    "conv.note.ask_difficulty_office": {
        "vi": "⚠️ Nêu khó khăn, vướng mắc của nhiệm vụ #{ref}; nội dung sẽ chuyển ngay Văn phòng. "
              "Gõ /huy để thôi.",
        "en": "⚠️ Describe the difficulty with task #{ref}; it goes at once to Văn phòng. /huy to cancel.",
    },
    "conv.sent.office_and_head": {
        "vi": "Đã chuyển Văn phòng và lãnh đạo đơn vị.",
        "en": "Sent to Văn phòng and the unit head.",
    },
    "conv.sent.office_only": {"vi": "Đã chuyển Văn phòng.", "en": "Sent to Văn phòng."},
    "conv.sent.head_only": {
        "vi": "Đã chuyển lãnh đạo đơn vị (Văn phòng chưa có cán bộ nhận tin trên hệ thống).",
        "en": "Sent to the unit head (no Văn phòng staff are registered to receive it).",
    },
    "conv.sent.nobody": {
        "vi": "Chưa chuyển được cho ai: Văn phòng và đơn vị chưa có người nhận tin trên hệ thống; "
              "nội dung đã được lưu.",
        "en": "Nobody could be told yet: neither Văn phòng nor the unit has anyone registered; "
              "it is saved.",
    },
    "conv.note.progress_saved_pct": {
        "vi": "📝 Đã lưu tiến độ nhiệm vụ #{ref} ({pct}%).",
        "en": "📝 Progress of task #{ref} saved ({pct}%).",
    },
    "conv.note.keep_q": {
        "vi": "Lưu nội dung này làm <b>tiến độ</b> nhiệm vụ <b>#{ref}</b>?\n💬 “{text}”",
        "en": "Save this as <b>progress</b> of task <b>#{ref}</b>?\n💬 “{text}”",
    },
    "conv.note.still_waiting": {
        "vi": "📝 Mời nhập nội dung cho nhiệm vụ #{ref}, hoặc gõ /huy để thôi.",
        "en": "📝 Type the note for task #{ref}, or /huy to cancel.",
    },
    # --- small talk: answered, never stored ---
    "conv.chat.greeting": {
        "vi": "Chào anh/chị {name} 👋 Gõ <b>việc của tôi</b> để xem việc đang mở, "
              "hoặc <b>/trogiup</b> để xem hướng dẫn.",
        "en": "Hello {name} 👋 Type <b>việc của tôi</b> for your open tasks, or <b>/trogiup</b> for help.",
    },
    "conv.chat.thanks": {"vi": "Dạ, không có gì ạ 🙂", "en": "You're welcome 🙂"},
    "conv.chat.ack": {"vi": "👍", "en": "👍"},
    "conv.chat.no": {"vi": "Vâng, không có gì thay đổi.", "en": "OK, nothing changed."},
    "conv.difficulty.report": {
        "vi": "⚠️ <b>Khó khăn</b> — {unit}\n📌 {task} {text}\n⏰ {deadline}\n{who}: “{words}”",
        "en": "⚠️ <b>Difficulty</b> — {unit}\n📌 {task} {text}\n⏰ {deadline}\n{who}: “{words}”",
    },
    "conv.escalation.how_to_answer": {
        "vi": "↩ Trả lời tin này, hoặc gõ <b>TL {uid} nội dung</b>, để phản hồi cán bộ.",
        "en": "↩ Reply to this message, or type <b>TL {uid} text</b>, to answer the officer.",
    },
    "conv.answer.to_officer": {
        "vi": "💬 <b>{who}</b> trả lời về nhiệm vụ {task} {text}\nAnh/chị hỏi: “{asked}”\n"
              "Trả lời: “{answer}”",
        "en": "💬 <b>{who}</b> answered about task {task} {text}\nYou asked: “{asked}”\n"
              "Answer: “{answer}”",
    },
    "conv.answer.sent": {"vi": "💬 Đã gửi trả lời đến {who}.", "en": "💬 Answer sent to {who}."},
    "conv.answer.empty": {
        "vi": "Nội dung trả lời đang trống. Gõ: TL {uid} nội dung.",
        "en": "The answer is empty. Type: TL {uid} text.",
    },
    "conv.answer.not_answerable": {
        "vi": "Mục số {ref} không phải khó khăn, đề nghị gia hạn hay báo hoàn thành.",
        "en": "Item {ref} is not a difficulty, extension request or done report.",
    },
    # --- snooze ---
    "conv.snooze.ok_at": {
        "vi": "⏰ Sẽ nhắc lại lúc {time} {when}.",
        "en": "⏰ Will remind again at {time} on {when}.",
    },
    # --- extension ---
    "conv.ext.usage": {
        "vi": "Cách xin gia hạn: /giahan ID dd/mm/yyyy lý do (ví dụ: /giahan 12 20/12/2026 chờ số liệu).",
        "en": "Ask for more time: /giahan ID dd/mm/yyyy reason (e.g. /giahan 12 20/12/2026 waiting for data).",
    },
    "conv.ext.bad_date": {
        "vi": "Ngày chưa đúng dạng dd/mm/yyyy (ví dụ 20/12/2026). Cách dùng: /giahan ID dd/mm/yyyy lý do.",
        "en": "The date is not dd/mm/yyyy (e.g. 20/12/2026). Usage: /giahan ID dd/mm/yyyy reason.",
    },
    "conv.ext.past": {
        "vi": "Ngày gia hạn {day} phải sau hôm nay.",
        "en": "The new date {day} must be after today.",
    },
    "conv.ext.no_reason": {
        "vi": "Vui lòng nêu lý do xin gia hạn: /giahan ID dd/mm/yyyy lý do.",
        "en": "Please give a reason: /giahan ID dd/mm/yyyy reason.",
    },
    "conv.ext.done": {
        "vi": "Nhiệm vụ #{ref} đã hoàn thành, không cần gia hạn.",
        "en": "Task #{ref} is done; no extension needed.",
    },
    "conv.ext.sent": {
        "vi": "📅 Đã ghi nhận đề nghị gia hạn nhiệm vụ #{ref} đến {day}.",
        "en": "📅 Extension of task #{ref} to {day} requested.",
    },
    "conv.ext.ask_day": {
        "vi": "📅 Xin gia hạn nhiệm vụ #{ref} đến ngày nào? (ví dụ: 20/12, cuối tháng, thêm 1 tuần) "
              "Gõ /huy để thôi.",
        "en": "📅 Until when for task #{ref}? (e.g. 20/12, cuối tháng, thêm 1 tuần) /huy to cancel.",
    },
    "conv.ext.ask_day_again": {
        "vi": "Chưa rõ ngày. Vui lòng gõ ngày dạng 20/12 hoặc 20/12/2026 (hoặc: cuối tháng, thêm 1 tuần).",
        "en": "Which date? Type it as 20/12 or 20/12/2026 (or: cuối tháng, thêm 1 tuần).",
    },
    "conv.ext.ask_reason": {
        "vi": "📅 Gia hạn nhiệm vụ #{ref} đến <b>{day}</b>: xin cho biết lý do để Văn phòng xem xét. "
              "Gõ /huy để thôi.",
        "en": "📅 Extension of task #{ref} to <b>{day}</b>: please give the reason for Văn phòng. "
              "/huy to cancel.",
    },
    "conv.ext.request": {
        "vi": "📅 <b>Xin gia hạn</b> — {unit}\n📌 {task} {text}\n⏰ Hạn hiện tại: {deadline}\n"
              "Đề nghị đến: <b>{asked}</b>\n{who}: “{words}”",
        "en": "📅 <b>Extension request</b> — {unit}\n📌 {task} {text}\n⏰ Current deadline: {deadline}\n"
              "Asked until: <b>{asked}</b>\n{who}: “{words}”",
    },
    # --- free text ---
    "conv.free.no_tasks": {
        "vi": "Đơn vị không có nhiệm vụ đang mở để ghi nội dung này. Gõ /trogiup để xem hướng dẫn.",
        "en": "The unit has no open task to attach this to. Type /trogiup for help.",
    },
    "conv.pick.title": {
        "vi": "Nội dung này thuộc nhiệm vụ nào?",
        "en": "Which task is this about?",
    },
    "conv.pick.title_done": {"vi": "Nhiệm vụ nào <b>đã xong</b>?", "en": "Which task is <b>done</b>?"},
    "conv.pick.title_snooze": {"vi": "Nhắc lại sau nhiệm vụ nào?", "en": "Remind you later about which task?"},
    "conv.pick.title_extension": {"vi": "Xin gia hạn nhiệm vụ nào?", "en": "More time for which task?"},
    "conv.pick.title_difficulty": {"vi": "Khó khăn thuộc nhiệm vụ nào?", "en": "Which task is the difficulty about?"},
    "conv.pick.hint": {
        "vi": "Trả lời bằng số (1–{n}), hoặc 0 để hủy.",
        "en": "Answer with a number (1–{n}), or 0 to cancel.",
    },
    "conv.pick.more": {
        "vi": "<i>Nhiệm vụ khác: gõ /tiendo ID nội dung.</i>",
        "en": "<i>Another task: type /tiendo ID text.</i>",
    },
    "conv.pick.out_of_range": {
        "vi": "Vui lòng chọn số từ 1 đến {n} (0 để hủy).",
        "en": "Pick a number from 1 to {n} (0 to cancel).",
    },
    # --- office ---
    "conv.overview.title": {
        "vi": "📊 <b>Tổng quan ngày {day}</b> — {n} nhiệm vụ",
        "en": "📊 <b>Overview {day}</b> — {n} tasks",
    },
    "conv.overview.per_unit": {"vi": "<b>Theo đơn vị chủ trì</b>", "en": "<b>By lead unit</b>"},
    "conv.overview.legend": {
        "vi": "<i>🟢 đúng hạn · 🟠 quá hạn đã xong · 🔵 trong hạn · 🔴 quá hạn</i>",
        "en": "<i>🟢 on time · 🟠 done late · 🔵 in time · 🔴 overdue</i>",
    },
    "conv.overdue.title": {"vi": "🔴 <b>Quá hạn chưa hoàn thành</b> ({n})", "en": "🔴 <b>Overdue</b> ({n})"},
    "conv.overdue.none": {"vi": "✅ Không có nhiệm vụ quá hạn.", "en": "✅ Nothing is overdue."},
    "conv.overdue.hint": {
        "vi": "Gõ /dondoc ID để nhắc ngay đơn vị.",
        "en": "Type /dondoc ID to remind the unit now.",
    },
    "conv.nudge.ok": {
        "vi": "📣 Đã xếp nhắc ngay nhiệm vụ #{ref} cho: {units}.",
        "en": "📣 Task #{ref} nudge queued for: {units}.",
    },
    "conv.nudge.nothing_open": {
        "vi": "Nhiệm vụ #{ref} không còn đơn vị chủ trì nào đang thực hiện để nhắc.",
        "en": "Task #{ref} has no open lead unit to remind.",
    },
    "conv.invite.usage": {
        "vi": "Cách dùng: /moi đơn vị | họ tên (ví dụ: /moi Thanh tra | Nguyễn Văn A).",
        "en": "Usage: /moi unit | full name (e.g. /moi Thanh tra | Nguyễn Văn A).",
    },
    "conv.invite.ok": {
        "vi": "🎫 Đã tạo cán bộ <b>{name}</b> ({unit}).\nMã mời: <b>{code}</b> (dùng một lần, hiệu lực {days} ngày).",
        "en": "🎫 Officer <b>{name}</b> ({unit}) created.\nInvite code: <b>{code}</b> (single use, {days} days).",
    },
    "conv.invite.link": {"vi": "Telegram: {link}", "en": "Telegram: {link}"},
    "conv.invite.zalo": {
        "vi": "Zalo: nhắn mã {code} cho bot.",
        "en": "Zalo: send the code {code} to the bot.",
    },
    "conv.digest.unavailable": {
        "vi": "Chức năng báo cáo tổng hợp chưa sẵn sàng.",
        "en": "The digest is not available yet.",
    },
    "conv.report.unavailable": {
        "vi": "Chức năng báo cáo kết quả thực hiện kế hoạch chưa sẵn sàng.",
        "en": "The plan report is not available yet.",
    },
    "conv.digest.coming": {"vi": "📊 Đang lập báo cáo tổng hợp…", "en": "📊 Preparing the digest…"},
    "conv.assign.usage": {
        "vi": "Cách dùng: /phancong ID mã_cán_bộ... (ví dụ: /phancong 12 5 7). Cán bộ của đơn vị:",
        "en": "Usage: /phancong ID officer_id... (e.g. /phancong 12 5 7). The unit's officers:",
    },
    "conv.assign.unknown_officers": {
        "vi": "Không tìm thấy cán bộ mã {ids} trong cơ quan.",
        "en": "Officer(s) {ids} not found in the organization.",
    },
    "conv.assign.one_unit": {
        "vi": "Các cán bộ được phân công phải cùng một đơn vị.",
        "en": "The officers named must belong to one unit.",
    },
    "conv.assign.own_unit_only": {
        "vi": "Trưởng đơn vị chỉ phân công cán bộ của đơn vị mình.",
        "en": "A unit head names officers of their own unit only.",
    },
    "conv.assign.no_assignment": {
        "vi": "Đơn vị không được giao nhiệm vụ {ref}.",
        "en": "The unit does not carry task {ref}.",
    },
    "conv.assign.ok": {
        "vi": "👥 Nhiệm vụ #{ref} ({unit}) giao cho: {names}.",
        "en": "👥 Task #{ref} ({unit}) assigned to: {names}.",
    },
    "conv.assign.told": {
        "vi": "👥 {who} giao anh/chị theo dõi nhiệm vụ này.",
        "en": "👥 {who} named you for this task.",
    },
    "conv.link.group_only": {
        "vi": "Lệnh /lienket dùng trong nhóm chat của đơn vị.",
        "en": "Use /lienket inside the unit's group chat.",
    },
    "conv.link.ok": {
        "vi": "🔗 Nhóm đã liên kết với {unit}; nhắc việc của đơn vị sẽ gửi cả vào nhóm.",
        "en": "🔗 This group is linked to {unit}; the unit's reminders will come here too.",
    },
    "conv.link.other_unit": {
        "vi": "Nhóm này đang liên kết với {unit}. Chỉ Văn phòng mới chuyển được nhóm sang đơn vị khác "
              "(/lienket tên đơn vị).",
        "en": "This group is linked to {unit}. Only Văn phòng can move it to another unit "
              "(/lienket unit name).",
    },
    "conv.link.moved": {
        "vi": "🔗 Nhóm đã chuyển từ {old} sang {unit}; nhắc việc của {unit} sẽ gửi cả vào nhóm.",
        "en": "🔗 This group moved from {old} to {unit}; {unit}'s reminders will come here too.",
    },
    "conv.link.moved_told": {
        "vi": "🔗 Văn phòng ({who}) đã chuyển nhóm chat “{title}” của {old} sang {unit}.",
        "en": "🔗 Văn phòng ({who}) moved {old}'s group chat “{title}” to {unit}.",
    },
    "conv.link.replaced": {
        "vi": "🔒 Tài khoản này không còn liên kết với {name}: một tài khoản khác vừa được liên kết "
              "bằng mã mời mới. Nếu không phải anh/chị làm, hãy báo ngay cho Văn phòng.",
        "en": "🔒 This account is no longer linked to {name}: another account was just linked with a "
              "new invite code. If that was not you, tell Văn phòng at once.",
    },
    # --- people: Văn phòng cuts accounts and deactivates officers ---
    "conv.people.usage_unlink": {
        "vi": "Cú pháp: /golienket mã_cán_bộ [telegram|zalo] — gỡ tài khoản chat của cán bộ "
              "(mất điện thoại, đổi số). Cán bộ liên kết lại bằng mã mời mới (/moi).",
        "en": "Usage: /golienket officer_id [telegram|zalo] — cut an officer's chat account "
              "(lost phone, new number). They link again with a new invite (/moi).",
    },
    "conv.people.usage_deactivate": {
        "vi": "Cú pháp: /ngung mã_cán_bộ — cán bộ nghỉ hoặc chuyển công tác: ngừng nhắc việc, "
              "gỡ mọi tài khoản chat, hủy mã mời; lịch sử vẫn giữ.",
        "en": "Usage: /ngung officer_id — an officer who left: no more reminders, every chat "
              "account cut, codes cancelled; the history stays.",
    },
    "conv.people.unlinked": {
        "vi": "🔒 Đã gỡ {n} tài khoản chat của {name} ({unit}).",
        "en": "🔒 Cut {n} chat account(s) of {name} ({unit}).",
    },
    "conv.people.nothing_linked": {
        "vi": "{name} ({unit}) không có tài khoản chat nào{platform}.",
        "en": "{name} ({unit}) has no chat account{platform}.",
    },
    "conv.people.deactivated": {
        "vi": "⛔ {name} ({unit}) đã ngừng: không nhận nhắc việc, không thao tác được nữa "
              "({n} tài khoản chat đã gỡ).",
        "en": "⛔ {name} ({unit}) is deactivated: no reminders, no actions ({n} chat account(s) cut).",
    },
    "conv.people.already_inactive": {
        "vi": "{name} ({unit}) đã ngừng từ trước.",
        "en": "{name} ({unit}) was already deactivated.",
    },
    "conv.people.not_yourself": {
        "vi": "Không thể tự ngừng tài khoản của chính mình từ chat.",
        "en": "You cannot deactivate yourself from the chat.",
    },
    "conv.people.told_unlinked": {
        "vi": "🔒 Văn phòng đã gỡ liên kết tài khoản này với {name}. Bot sẽ không gửi nhắc việc vào "
              "đây nữa.",
        "en": "🔒 Văn phòng cut this account's link to {name}. No more reminders will come here.",
    },
    # --- plan import ---
    "conv.import.too_big": {
        "vi": "Tệp quá lớn (tối đa {mb} MB).",
        "en": "The file is too large (at most {mb} MB).",
    },
    "conv.import.no_download": {
        "vi": "Kênh này chưa tải được tệp; vui lòng gửi qua Telegram hoặc dùng lệnh nhập trên máy chủ.",
        "en": "Files cannot be downloaded on this channel; send it on Telegram or import on the server.",
    },
    "conv.import.cancelled": {"vi": "Đã hủy nhập kế hoạch.", "en": "Plan import cancelled."},
    "conv.import.gone": {
        "vi": "Bản xem trước này đã hết hạn hoặc đã xử lý. Vui lòng gửi lại tệp.",
        "en": "This preview expired or was already handled. Please send the file again.",
    },
    "conv.import.units_told": {
        "vi": "📣 Đã báo {units} đơn vị về nhiệm vụ được giao.",
        "en": "📣 {units} units were told what they carry.",
    },
    "conv.import.unit_told": {
        "vi": "📄 Kế hoạch mới {plan}: đơn vị {what}. Gõ /viec để xem.",
        "en": "📄 New plan {plan}: your unit {what}. Type /viec to see them.",
    },
    "conv.import.review_button": {"vi": "📝 Bảng rà soát (Excel)", "en": "📝 Review sheet (Excel)"},
    "conv.import.review_coming": {"vi": "Đang gửi bảng rà soát…", "en": "Sending the review sheet…"},
    "conv.import.review_caption": {
        "vi": "Bảng rà soát: sửa đơn vị, hạn, nội dung trong Excel rồi gửi lại tệp này để xem trước và lưu.",
        "en": "Review sheet: correct units, deadlines and text in Excel, then send this file back to preview and save.",
    },
    "conv.import.review_no_files": {
        "vi": "Kênh này không gửi được tệp; dùng Telegram hoặc lệnh nhacviec import --review-xlsx trên máy chủ.",
        "en": "This channel cannot send files; use Telegram or nhacviec import --review-xlsx on the server.",
    },
    "conv.import.lead": {"vi": "chủ trì {n} nhiệm vụ", "en": "leads {n} task(s)"},
    "conv.import.coordinate": {"vi": "phối hợp {n} nhiệm vụ", "en": "coordinates {n} task(s)"},
    # /lich: the calendar link (conversation/calendar_link.py)
    "conv.lich": {"vi": "📅 <b>Lịch hạn việc của anh/chị</b> (riêng, tự cập nhật):\n{url}\n\n{howto}",
                  "en": "📅 <b>Your task calendar</b> (private, kept up to date):\n{url}\n\n{howto}"},
    "conv.lich.unit": {
        "vi": "📅 <b>Lịch hạn việc của {unit}</b> (chung cả đơn vị, tự cập nhật):\n{url}\n\n{howto}\n"
              "Đổi đường dẫn của đơn vị: /lich donvi moi.",
        "en": "📅 <b>{unit}'s task calendar</b> (the whole unit's, kept up to date):\n{url}\n\n{howto}\n"
              "To replace the unit's link: /lich donvi moi.",
    },
    "conv.lich.howto": {
        "vi": "<b>Google Calendar</b> (trên máy tính): mở calendar.google.com → cạnh “Lịch khác” bấm + → "
              "“Từ URL” → dán đường dẫn → “Thêm lịch”. Điện thoại đăng nhập cùng tài khoản Google sẽ có lịch sau ít phút.\n"
              "<b>Outlook</b>: Lịch → Thêm lịch → “Đăng ký từ web” (Outlook trên máy: Thêm lịch → Từ Internet) → "
              "dán đường dẫn → Nhập.\n"
              "<b>iPhone</b>: Cài đặt → Lịch → Tài khoản → Thêm tài khoản → Khác → Thêm lịch đã đăng ký.\n\n"
              "Mỗi việc đang mở là một sự kiện cả ngày vào ngày hạn; việc thường xuyên, định kỳ là lịch báo cáo "
              "tiến độ lặp lại. Việc xong hoặc hủy tự mất khỏi lịch (Google cập nhật vài giờ một lần).\n"
              "Ai có đường dẫn này đều xem được các việc trong lịch: đừng chia sẻ ra ngoài. "
              "Lỡ chia sẻ? Gõ /lich moi để đổi, đường dẫn cũ ngừng hoạt động.",
        "en": "<b>Google Calendar</b> (on a computer): open calendar.google.com → next to “Other calendars” "
              "press + → “From URL” → paste the link → “Add calendar”. Phones signed in to the same Google "
              "account get it within minutes.\n"
              "<b>Outlook</b>: Calendar → Add calendar → “Subscribe from web” (desktop Outlook: Add Calendar → "
              "From Internet) → paste the link → Import.\n"
              "<b>iPhone</b>: Settings → Calendar → Accounts → Add Account → Other → Add Subscribed Calendar.\n\n"
              "Each open task is an all-day event on its deadline; ongoing and periodic tasks are a recurring "
              "progress check-in. Done or cancelled tasks leave the calendar (Google refreshes every few hours).\n"
              "Anyone with this link can read the tasks in it: do not share it outside. "
              "Shared it by mistake? Type /lich moi for a new one; the old link stops working.",
    },
    "conv.lich.heads_only": {
        "vi": "Lịch chung của đơn vị do trưởng đơn vị, Văn phòng hoặc lãnh đạo lấy; lịch của anh/chị: gõ /lich.",
        "en": "The unit's shared calendar is for its head, Văn phòng or leaders; yours: type /lich.",
    },
    "conv.lich.renewed": {"vi": "Đã đổi đường dẫn lịch: đường dẫn cũ không còn dùng được.",
                          "en": "Your calendar link was replaced: the old one no longer works."},
    "conv.lich.private_only": {"vi": "Đường dẫn lịch là riêng: gõ /lich trong chat riêng với bot.",
                               "en": "The calendar link is private: type /lich in your own chat with the bot."},
    "conv.import.web_review": {
        "vi": "🖥 Sửa trong bảng trên máy tính (đường dẫn dùng một lần, trong 15 phút): {url}",
        "en": "🖥 Correct it in a table on a computer (one-use link, within 15 minutes): {url}",
    },
    "conv.web": {
        "vi": "🖥 Trang làm việc trên web (dùng một lần, trong 15 phút; đừng chia sẻ):\n{url}\n"
              "Mở trên máy tính để xem, lọc toàn bộ nhiệm vụ. Cần lại: gõ /web.",
        "en": "🖥 The web workspace (one use, within 15 minutes; do not share it):\n{url}\n"
              "Open it on a computer to see and filter every task. Need another: type /web.",
    },
    "conv.web.private_only": {"vi": "Đường dẫn đăng nhập là riêng: gõ /web trong chat riêng với bot.",
                              "en": "The sign-in link is private: type /web in your own chat with the bot."},
    "conv.web.unavailable": {
        "vi": "Trang web chưa dùng được: Văn phòng chưa cấu hình địa chỉ (NHACVIEC_WEB_URL).",
        "en": "The web workspace is not available yet: its address is not set (NHACVIEC_WEB_URL).",
    },
    "conv.lich.unavailable": {
        "vi": "Lịch chưa dùng được: Văn phòng chưa cấu hình địa chỉ lịch (NHACVIEC_CALENDAR_URL).",
        "en": "The calendar is not available yet: Văn phòng has not set its address (NHACVIEC_CALENDAR_URL).",
    },
}

