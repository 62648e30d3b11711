"""What the demo itself says (the bot's own texts come from the areas' catalogs)."""


TEXTS = {
    "demo.banner": {
        "vi": "nhacviec — chạy thử ngoại tuyến: không token, không đăng ký, dữ liệu tạm",
        "en": "nhacviec — offline demo: no token, no sign-up, throw-away data",
    },
    "demo.intro": {
        "vi": "Mỗi khung 📱 là màn hình điện thoại của một cán bộ (như trên Zalo: chỉ có chữ, trả lời bằng số).\n"
              "Dòng 💬 là điều cán bộ gõ trả lời. Thời gian được tua nhanh: vài tuần trong vài giây.",
        "en": "Each 📱 frame is one officer's phone (as on Zalo: text only, answers by number).\n"
              "A 💬 line is what the officer types back. Time runs fast: weeks in seconds.",
    },
    "demo.chapter.setup": {"vi": "Chuẩn bị", "en": "Setting up"},
    "demo.org": {"vi": "Cơ quan mẫu (tự đặt): {name}", "en": "Sample department (invented): {name}"},
    "demo.unit_line": {"vi": "  • {unit}: {people}", "en": "  • {unit}: {people}"},
    "demo.role.office": {"vi": "Văn phòng", "en": "office"},
    "demo.role.head": {"vi": "trưởng đơn vị", "en": "head"},
    "demo.role.leader": {"vi": "lãnh đạo Sở", "en": "director"},
    "demo.role.focal": {"vi": "đầu mối", "en": "focal point"},
    "demo.linked": {
        "vi": "Mỗi cán bộ đã được liên kết với một khung chat trên máy này (bản thật dùng mã mời qua Telegram/Zalo).",
        "en": "Each officer is linked to a chat on this machine (the real bot uses invite codes on Telegram/Zalo).",
    },
    "demo.day": {"vi": "Tuần {week} — {day}", "en": "Week {week} — {day}"},
    "demo.at": {"vi": "{time} · {what}", "en": "{time} · {what}"},
    "demo.import.sends": {
        "vi": "{who} (Văn phòng) gửi tệp kế hoạch {file} cho bot",
        "en": "{who} (office) sends the plan file {file} to the bot",
    },
    "demo.import.confirms": {"vi": "{who} xác nhận nhập kế hoạch", "en": "{who} confirms the import"},
    "demo.import.summary": {
        "vi": "Kế hoạch có {tasks} nhiệm vụ: {dated} có hạn cụ thể, {recurring} định kỳ (hằng tháng/quý...), {ongoing} thường xuyên, {untimed} chưa ghi thời hạn.",
        "en": "The plan has {tasks} tasks: {dated} with a date, {recurring} periodic (monthly/quarterly...), {ongoing} ongoing, {untimed} with no timing.",
    },
    "demo.planned": {
        "vi": "Bộ nhắc việc đã lập lịch {n} lời nhắc (trước hạn 7, 3, 1 ngày làm việc; đúng ngày hạn; quá hạn; hỏi tiến độ việc thường xuyên).",
        "en": "The reminder engine planned {n} reminders (7, 3, 1 working days before; on the day; overdue; check-ins for ongoing work).",
    },
    "demo.window": {
        "vi": "Câu chuyện chạy từ {start} đến {end}. Nhắc việc gửi trong giờ làm việc, bỏ qua thứ Bảy, Chủ Nhật và ngày lễ.",
        "en": "The story runs from {start} to {end}. Reminders go out in working hours, skipping weekends and holidays.",
    },
    "demo.fast_forward": {
        "vi": "⏩ Tua nhanh đến {day} — trong thời gian đó bot đã gửi {n} tin khác (không in ra đây).",
        "en": "⏩ Fast-forward to {day} — meanwhile the bot sent {n} other messages (not shown).",
    },
    "demo.bot_sends": {"vi": "bot gửi tin", "en": "the bot writes"},
    "demo.someone_types": {"vi": "{who} gõ", "en": "{who} types"},
    "demo.reminders_out": {"vi": "bot gửi {n} lời nhắc", "en": "the bot sends {n} reminder(s)"},
    "demo.answers": {"vi": "{who} trả lời", "en": "{who} answers"},
    "demo.office_answers": {"vi": "{who} (Văn phòng) trả lời khó khăn", "en": "{who} (office) answers the difficulty"},
    "demo.head_answers": {"vi": "{who} (trưởng đơn vị) trả lời", "en": "{who} (unit head) answers"},
    "demo.digest_quiet": {
        "vi": "báo cáo tuần tự động gửi {who} (Văn phòng), kèm biểu đồ và tệp Excel (không in ra đây)",
        "en": "the weekly digest goes to {who} (office) with its chart and workbook (not shown here)",
    },
    "demo.note.hidden": {
        "vi": "(+{n} tin khác gửi cán bộ các đơn vị liên quan — không in ra đây cho gọn)",
        "en": "(+{n} more messages to officers of the units concerned — not shown, for brevity)",
    },
    "demo.note.progress": {"vi": "Tiến độ được lưu vào nhiệm vụ.", "en": "Progress saved on the task."},
    "demo.note.done": {"vi": "Nhiệm vụ được ghi nhận hoàn thành{late}.", "en": "The task is recorded as done{late}."},
    "demo.note.late": {"vi": " (quá hạn)", "en": " (late)"},
    "demo.note.difficulty": {
        "vi": "Khó khăn được chuyển ngay tới Văn phòng và trưởng đơn vị.",
        "en": "The difficulty goes at once to the office and the unit head.",
    },
    "demo.note.answered": {
        "vi": "Cán bộ nhận được trả lời; khó khăn được đánh dấu đã xử lý.",
        "en": "The officer gets the answer; the difficulty is marked as handled.",
    },
    "demo.note.snooze": {
        "vi": "Lời nhắc được hoãn tới {when}; bot sẽ nhắc lại đúng lúc đó.",
        "en": "The reminder is put off to {when}; the bot reminds again then.",
    },
    "demo.note.snoozed_back": {"vi": "Lời nhắc đã hoãn quay lại đúng hẹn.", "en": "The snoozed reminder is back on time."},
    "demo.note.escalation": {
        "vi": "Quá hạn {n} ngày: trưởng đơn vị {head} cũng nhận lời nhắc.",
        "en": "{n} days overdue: unit head {head} is reminded too.",
    },
    "demo.note.checkin": {
        "vi": "Việc thường xuyên/định kỳ không có hạn cụ thể: bot hỏi tiến độ theo kỳ.",
        "en": "Ongoing/periodic work has no single date: the bot asks for progress each period.",
    },
    "demo.note.digest": {
        "vi": "Báo cáo tuần: số liệu theo 4 nhóm chính thức, quá hạn, sắp đến hạn, khó khăn; kèm biểu đồ và bảng Excel.",
        "en": "Weekly digest: the four official categories, overdue, due next, difficulties; with a chart and a workbook.",
    },
    "demo.reply.progress": {
        "vi": "Đã hoàn thành dự thảo, đang lấy ý kiến các phòng",
        "en": "Draft finished, collecting the other units' comments",
    },
    "demo.reply.done": {"vi": "Đã hoàn thành, hồ sơ đã lưu", "en": "Done, the file is archived"},
    "demo.reply.difficulty": {
        "vi": "Chưa nhận được số liệu từ các đơn vị phối hợp, đề nghị Văn phòng đôn đốc",
        "en": "The coordinating units have not sent their figures yet; please ask them",
    },
    "demo.reply.office_answer": {
        "vi": "Văn phòng đã nhắc các đơn vị gửi số liệu trước thứ Năm; anh/chị tổng hợp sau đó",
        "en": "The office has asked the units to send their figures by Thursday; compile them then",
    },
    "demo.reply.done_after_help": {"vi": "Đã có số liệu, đã hoàn thành", "en": "Figures received, done"},
    "demo.reply.head": {
        "vi": "Đã giao lại cho chuyên viên, hoàn thành trong hôm nay",
        "en": "Handed back to the officer, it will be done today",
    },
    "demo.reply.late_done": {"vi": "Đã hoàn thành, xin lỗi vì chậm", "en": "Done now, sorry for the delay"},
    "demo.reply.checkin": {
        "vi": "Trong kỳ đã thực hiện đầy đủ, không phát sinh vướng mắc",
        "en": "Done in full this period, no problems so far",
    },
    "demo.chapter.office": {"vi": "Văn phòng xem tổng quan", "en": "The office looks at the overview"},
    "demo.chapter.files": {"vi": "Tệp kết quả", "en": "Output files"},
    "demo.file.chart": {"vi": "Biểu đồ tuần", "en": "Weekly chart"},
    "demo.file.workbook": {"vi": "Bảng tổng hợp tuần (Excel)", "en": "Weekly workbook (Excel)"},
    "demo.file.report": {"vi": "Báo cáo kết quả thực hiện kế hoạch", "en": "Plan implementation report"},
    "demo.file.chat": {"vi": "Tệp bot gửi trong chat", "en": "File the bot sent in a chat"},
    "demo.file_line": {"vi": "  • {what}: {path} ({size})", "en": "  • {what}: {path} ({size})"},
    "demo.unavailable": {
        "vi": "Bước này chưa có trong bản hiện tại: {what}.",
        "en": "This step is not available in this build yet: {what}.",
    },
    "demo.part.sample": {"vi": "kế hoạch mẫu (nhacviec/samples/)", "en": "the sample plan (nhacviec/samples/)"},
    "demo.part.plan_report": {"vi": "báo cáo kết quả thực hiện kế hoạch", "en": "the plan implementation report"},
    "demo.summary": {
        "vi": "Đã xong trong {seconds:.1f} giây; bot đã gửi {messages} tin. Đã thấy: {steps}.",
        "en": "Finished in {seconds:.1f} s; the bot sent {messages} messages. Shown: {steps}.",
    },
    "demo.step.import": {"vi": "nhập kế hoạch", "en": "plan import"},
    "demo.step.reminder": {"vi": "nhắc việc", "en": "reminders"},
    "demo.step.progress": {"vi": "báo tiến độ", "en": "progress"},
    "demo.step.done": {"vi": "báo hoàn thành", "en": "done"},
    "demo.step.difficulty": {"vi": "báo khó khăn", "en": "difficulty"},
    "demo.step.office_answer": {"vi": "Văn phòng trả lời", "en": "office answer"},
    "demo.step.snooze": {"vi": "hoãn nhắc", "en": "snooze"},
    "demo.step.escalation": {"vi": "nhắc trưởng đơn vị khi quá hạn", "en": "overdue escalation"},
    "demo.step.checkin": {"vi": "hỏi tiến độ việc thường xuyên", "en": "ongoing check-in"},
    "demo.step.digest": {"vi": "báo cáo tuần", "en": "weekly digest"},
    "demo.step.files": {"vi": "tệp kết quả", "en": "output files"},
    "demo.next": {
        "vi": "Chạy bot thật:\n"
              "  1. Tạo bot (Telegram: @BotFather; Zalo: Zalo Bot Platform) và đặt NHACVIEC_TELEGRAM_TOKEN hoặc NHACVIEC_ZALO_TOKEN.\n"
              "  2. nhacviec db upgrade && nhacviec run\n"
              "  3. Tạo cơ quan, đơn vị, cán bộ (nhacviec org/unit/officer ...) và gửi mã mời cho từng người.\n"
              "Thử trò chuyện với bot ngay trên máy này: nhacviec chat <mã cơ quan> --as <số cán bộ>",
        "en": "Run the real bot:\n"
              "  1. Create a bot (Telegram: @BotFather; Zalo: Zalo Bot Platform) and set NHACVIEC_TELEGRAM_TOKEN or NHACVIEC_ZALO_TOKEN.\n"
              "  2. nhacviec db upgrade && nhacviec run\n"
              "  3. Add the department, units and officers (nhacviec org/unit/officer ...) and send each person an invite code.\n"
              "Talk to the bot on this machine right away: nhacviec chat <org slug> --as <officer id>",
    },
}

