"""Texts of the digest and the plan report (Vietnamese first, English second)."""


TEXTS = {
    # Status, category and role names come from core.labels (one place for every channel).
    "report.update.done": {"vi": "báo đã hoàn thành", "en": "reported done"},
    "report.update.progress": {"vi": "báo tiến độ", "en": "progress report"},
    "report.update.difficulty": {"vi": "báo khó khăn", "en": "difficulty reported"},
    "report.update.extension_request": {"vi": "xin gia hạn", "en": "extension requested"},
    "report.update.evidence": {"vi": "gửi tệp, ảnh minh chứng", "en": "file or photo sent"},
    "report.update.office_answer": {"vi": "Văn phòng trả lời", "en": "office answer"},
    "report.update.confirmation": {"vi": "Văn phòng xác nhận", "en": "confirmed by the office"},
    "report.update.returned": {"vi": "Văn phòng trả lại", "en": "returned by the office"},
    "report.update.extension_granted": {"vi": "được gia hạn", "en": "extension granted"},
    "report.update.note": {"vi": "ghi chú", "en": "note"},
    "report.no_unit": {"vi": "(chưa giao đơn vị)", "en": "(no unit yet)"},
    "report.platform.telegram": {"vi": "Telegram", "en": "Telegram"},
    "report.platform.zalo": {"vi": "Zalo", "en": "Zalo"},
    "report.platform.terminal": {"vi": "máy trạm", "en": "terminal"},
    # Weekly digest, chat text.
    "digest.title": {
        "vi": "📊 <b>BÁO CÁO TUẦN {week}/{year}</b> — {org}",
        "en": "📊 <b>WEEKLY DIGEST {week}/{year}</b> — {org}",
    },
    "digest.title_unit": {
        "vi": "📊 <b>BÁO CÁO TUẦN {week}/{year}</b> — {unit}",
        "en": "📊 <b>WEEKLY DIGEST {week}/{year}</b> — {unit}",
    },
    "digest.as_of": {"vi": "Số liệu đến {time} ngày {date}.", "en": "Figures as of {time} on {date}."},
    "digest.totals": {"vi": "<b>Tổng hợp</b> ({n} nhiệm vụ)", "en": "<b>Summary</b> ({n} tasks)"},
    "digest.totals_extra": {
        "vi": "Trong đó: sắp đến hạn {due_soon}, thường xuyên {ongoing}, gặp khó khăn {blocked}, chờ xác nhận {awaiting}, chưa có hạn {no_deadline}.",
        "en": "Of which: due soon {due_soon}, ongoing {ongoing}, blocked {blocked}, awaiting confirmation {awaiting}, no deadline {no_deadline}.",
    },
    "digest.by_unit": {
        "vi": "<b>Theo đơn vị</b> (chủ trì: {done} xong đúng hạn · {late} xong quá hạn · {open} đang làm trong hạn · {overdue} quá hạn chưa xong)",
        "en": "<b>By unit</b> (lead: {done} done on time · {late} done late · {open} in time · {overdue} overdue)",
    },
    "digest.overdue": {
        "vi": "<b>Quá hạn chưa hoàn thành</b> ({n})",
        "en": "<b>Overdue, not done</b> ({n})",
    },
    "digest.overdue_item": {
        "vi": "• Trễ {days} ngày (hạn {deadline}) — {task}",
        "en": "• {days} days late (due {deadline}) — {task}",
    },
    "digest.last_update": {"vi": "  Cập nhật {date}: {text}", "en": "  Update {date}: {text}"},
    "digest.no_update": {"vi": "  Chưa có cập nhật.", "en": "  No update yet."},
    "digest.difficulty_line": {"vi": "  ⚠️ Khó khăn: {text}", "en": "  ⚠️ Difficulty: {text}"},
    "digest.due_next": {
        "vi": "<b>Đến hạn trong 7 ngày làm việc tới</b> (đến {until}, {n})",
        "en": "<b>Due in the next 7 working days</b> (until {until}, {n})",
    },
    "digest.due_item": {
        "vi": "• {deadline} ({left}) — {task}{unit}",
        "en": "• {deadline} ({left}) — {task}{unit}",
    },
    "digest.days_left": {"vi": "còn {n} ngày", "en": "{n} days left"},
    "digest.due_today": {"vi": "hôm nay", "en": "today"},
    "digest.completed": {
        "vi": "<b>Hoàn thành trong tuần</b> ({n})",
        "en": "<b>Completed this week</b> ({n})",
    },
    "digest.completed_item": {
        "vi": "• {task}{unit}{who}, {date}{late}",
        "en": "• {task}{unit}{who}, {date}{late}",
    },
    "digest.completed_late": {"vi": " (quá hạn)", "en": " (late)"},
    "digest.awaiting": {
        "vi": "<b>Chờ Văn phòng xác nhận</b> ({n})",
        "en": "<b>Awaiting the office's confirmation</b> ({n})",
    },
    "digest.awaiting_item": {
        "vi": "• {task}{unit}, báo xong {date}",
        "en": "• {task}{unit}, reported done {date}",
    },
    "digest.requests": {
        "vi": "<b>Khó khăn, đề nghị gia hạn chờ trả lời</b> ({n})",
        "en": "<b>Difficulties and extension requests awaiting an answer</b> ({n})",
    },
    "digest.request_difficulty": {
        "vi": "• ⚠️ {task}{unit}{who}, {date}: {text}",
        "en": "• ⚠️ {task}{unit}{who}, {date}: {text}",
    },
    "digest.request_extension": {
        "vi": "• ⏳ {task}{unit}{who} xin gia hạn đến {until} ({date}): {text}",
        "en": "• ⏳ {task}{unit}{who} asks for {until} ({date}): {text}",
    },
    "digest.deliveries": {
        "vi": "<b>Gửi tin không thành công</b>",
        "en": "<b>Failed deliveries</b>",
    },
    "digest.unreachable_item": {
        "vi": "• {officer} ({unit}) không nhận được tin trên {platform} từ {date}",
        "en": "• {officer} ({unit}) unreachable on {platform} since {date}",
    },
    "digest.failed_item": {
        "vi": "• Nhắc việc không gửi được: {task} — {unit} ({error})",
        "en": "• Reminder not delivered: {task} — {unit} ({error})",
    },
    "digest.unregistered": {
        "vi": "• Đơn vị chưa có ai nhận tin: {units}",
        "en": "• Units with nobody registered: {units}",
    },
    "digest.none": {"vi": "Không có.", "en": "None."},
    "digest.more": {
        "vi": "… và {n} mục khác (xem tệp Excel).",
        "en": "… and {n} more (see the Excel file).",
    },
    "digest.more_plain": {"vi": "… và {n} mục khác.", "en": "… and {n} more."},
    "digest.chart_caption": {
        "vi": "Biểu đồ tình hình thực hiện nhiệm vụ theo đơn vị, tuần {week}/{year}",
        "en": "Tasks by unit and status, week {week}/{year}",
    },
    "digest.chart_fallback": {
        "vi": "(Biểu đồ chưa gửi được qua kênh này; số liệu theo đơn vị ở mục 2.)",
        "en": "(The chart cannot be sent on this channel; see section 2 for figures by unit.)",
    },
    "digest.workbook_caption": {
        "vi": "Danh sách nhiệm vụ theo đơn vị, tuần {week}/{year} (để in hoặc lọc)",
        "en": "Tasks by unit, week {week}/{year} (for printing or filtering)",
    },
    "digest.not_allowed": {
        "vi": "Báo cáo tuần chỉ dành cho Văn phòng, lãnh đạo Sở và trưởng đơn vị.",
        "en": "The weekly digest is for the office, the leadership and unit heads only.",
    },
    "digest.unit_heads_only": {
        "vi": "Bạn nhận báo cáo của đơn vị mình: {unit}.",
        "en": "You get your own unit's digest: {unit}.",
    },
    # Chart labels.
    "chart.title": {
        "vi": "Tình hình thực hiện nhiệm vụ theo đơn vị — tuần {week}/{year}",
        "en": "Tasks by unit and status — week {week}/{year}",
    },
    "chart.xlabel": {"vi": "Số nhiệm vụ (đơn vị chủ trì)", "en": "Tasks (as lead unit)"},
    "chart.empty": {"vi": "Chưa có nhiệm vụ nào", "en": "No tasks yet"},
    # Workbook.
    "sheet.tasks": {"vi": "Nhiệm vụ", "en": "Tasks"},
    "sheet.summary": {"vi": "Tổng hợp", "en": "Summary"},
    "col.plan": {"vi": "Kế hoạch", "en": "Plan"},
    "col.ref": {"vi": "Mục", "en": "Ref"},
    "col.task": {"vi": "Nhiệm vụ", "en": "Task"},
    "col.unit": {"vi": "Đơn vị", "en": "Unit"},
    "col.role": {"vi": "Vai trò", "en": "Role"},
    "col.status": {"vi": "Trạng thái", "en": "Status"},
    "col.deadline": {"vi": "Hạn", "en": "Deadline"},
    "col.completed": {"vi": "Ngày hoàn thành", "en": "Completed on"},
    "col.last_update": {"vi": "Cập nhật cuối", "en": "Last update"},
    "col.difficulty": {"vi": "Khó khăn, vướng mắc", "en": "Difficulty"},
    "col.total": {"vi": "Tổng", "en": "Total"},
    "col.no": {"vi": "STT", "en": "No."},
    "col.result": {"vi": "Kết quả thực hiện", "en": "Results"},
    "col.category": {"vi": "Phân loại", "en": "Category"},
    "col.count": {"vi": "Số nhiệm vụ", "en": "Tasks"},
    "col.ratio": {"vi": "Tỷ lệ", "en": "Share"},
    "sheet.footer": {"vi": "Trang &P/&N", "en": "Page &P of &N"},
    "sheet.all_units": {"vi": "Toàn Sở", "en": "Whole department"},
    # Plan implementation report.
    "plan_report.motto_1": {"vi": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "en": "SOCIALIST REPUBLIC OF VIETNAM"},
    "plan_report.motto_2": {"vi": "Độc lập - Tự do - Hạnh phúc", "en": "Independence - Freedom - Happiness"},
    "plan_report.number": {"vi": "Số:        /BC-{abbr}", "en": "No.:        /BC-{abbr}"},
    "plan_report.place_date": {
        "vi": "{place}, ngày {d:02d} tháng {m:02d} năm {y}",
        "en": "{place}, {d:02d}/{m:02d}/{y}",
    },
    "plan_report.kind": {"vi": "BÁO CÁO", "en": "REPORT"},
    "plan_report.title": {
        "vi": "Kết quả thực hiện Kế hoạch số {number}",
        "en": "Results of implementing Plan No. {number}",
    },
    "plan_report.title_no_number": {
        "vi": "Kết quả thực hiện Kế hoạch {title}",
        "en": "Results of implementing the plan {title}",
    },
    "plan_report.intro": {
        "vi": "Thực hiện Kế hoạch số {number}{issued} về {title}, {org} báo cáo kết quả thực hiện tính đến ngày {date} như sau:",
        "en": "Pursuant to Plan No. {number}{issued} on {title}, {org} reports the results as of {date}:",
    },
    "plan_report.issued_on": {"vi": " ngày {date}", "en": " of {date}"},
    "plan_report.part_results": {"vi": "I. KẾT QUẢ THỰC HIỆN", "en": "I. RESULTS"},
    "plan_report.part_summary": {"vi": "II. TỔNG HỢP CHUNG", "en": "II. OVERVIEW"},
    "plan_report.part_difficulties": {
        "vi": "III. KHÓ KHĂN, VƯỚNG MẮC",
        "en": "III. DIFFICULTIES AND OBSTACLES",
    },
    "plan_report.part_proposals": {"vi": "IV. KIẾN NGHỊ, ĐỀ XUẤT", "en": "IV. PROPOSALS"},
    "plan_report.general_section": {"vi": "Nhiệm vụ chung", "en": "General tasks"},
    "plan_report.task_units": {"vi": "Đơn vị chủ trì: {lead}", "en": "Lead: {lead}"},
    "plan_report.task_coordinate": {"vi": "; phối hợp: {units}", "en": "; coordinating: {units}"},
    "plan_report.task_deadline": {"vi": "Thời hạn: {deadline}", "en": "Deadline: {deadline}"},
    "plan_report.no_deadline": {"vi": "không quy định", "en": "none set"},
    "plan_report.task_status": {"vi": "Tình trạng: {status}", "en": "Status: {status}"},
    "plan_report.task_completed": {"vi": "; hoàn thành ngày {date}", "en": "; completed on {date}"},
    "plan_report.task_results": {"vi": "Kết quả: {text}", "en": "Results: {text}"},
    "plan_report.task_no_results": {
        "vi": "Kết quả: (chưa có báo cáo của đơn vị)",
        "en": "Results: (no report from the unit yet)",
    },
    "plan_report.summary_intro": {
        "vi": "Kế hoạch có {n} nhiệm vụ; kết quả thực hiện theo phân loại:",
        "en": "The plan has {n} tasks; results by category:",
    },
    "plan_report.no_difficulties": {
        "vi": "Các đơn vị chưa báo cáo khó khăn, vướng mắc.",
        "en": "No unit has reported difficulties.",
    },
    "plan_report.difficulty_item": {
        "vi": "{unit} ({task}): {text}{state}",
        "en": "{unit} ({task}): {text}{state}",
    },
    "plan_report.difficulty_open": {"vi": " (chưa giải quyết)", "en": " (open)"},
    "plan_report.difficulty_answered": {"vi": " (đã trả lời)", "en": " (answered)"},
    "plan_report.proposals_placeholder": {
        "vi": "(Văn phòng bổ sung kiến nghị, đề xuất trước khi trình ký.)",
        "en": "(The office adds its proposals before signing.)",
    },
    "plan_report.proposal_extension": {
        "vi": "Đề nghị cho phép {unit} gia hạn thực hiện nhiệm vụ “{task}” đến ngày {until}.",
        "en": "Propose allowing {unit} to extend the task “{task}” until {until}.",
    },
    "plan_report.proposal_overdue": {
        "vi": "Đề nghị Lãnh đạo Sở chỉ đạo các đơn vị khẩn trương hoàn thành {n} nhiệm vụ quá hạn.",
        "en": "Propose that the leadership direct the units to finish the {n} overdue tasks promptly.",
    },
    "plan_report.recipients": {"vi": "Nơi nhận:", "en": "Recipients:"},
    "plan_report.recipients_list": {
        "vi": "- Như trên;\n- Lãnh đạo Sở;\n- Lưu: VT, VP.",
        "en": "- As above;\n- Department leadership;\n- Archive.",
    },
    "plan_report.signer": {"vi": "GIÁM ĐỐC", "en": "DIRECTOR"},
    "plan_report.draft_note": {
        "vi": "Dự thảo do hệ thống nhắc việc lập ngày {date}; Văn phòng rà soát, chỉnh sửa trước khi trình ký.",
        "en": "Draft made by the reminder bot on {date}; the office reviews and edits it before signing.",
    },
    "plan_report.appendix": {
        "vi": "PHỤ LỤC: KẾT QUẢ THỰC HIỆN TỪNG NHIỆM VỤ",
        "en": "APPENDIX: RESULTS BY TASK",
    },
    "plan_report.total": {"vi": "Tổng số", "en": "Total"},
    "report.not_allowed": {
        "vi": "Chỉ Văn phòng và lãnh đạo Sở lập được báo cáo kết quả thực hiện kế hoạch.",
        "en": "Only the office and the leadership can draw a plan report.",
    },
    "plan_report.not_found": {"vi": "Không tìm thấy kế hoạch “{ref}”.", "en": "Plan “{ref}” not found."},
    "plan_report.bad_format": {
        "vi": "Định dạng “{fmt}” không hỗ trợ; chọn docx hoặc xlsx.",
        "en": "Format “{fmt}” is not supported; choose docx or xlsx.",
    },
    "plan_report.filename": {"vi": "bao-cao-ke-hoach-{id}.{ext}", "en": "plan-report-{id}.{ext}"},
    "plan_report.caption": {
        "vi": "Dự thảo báo cáo kết quả thực hiện Kế hoạch {ref}",
        "en": "Draft results report for plan {ref}",
    },
    "plan_report.no_files": {
        "vi": "Kênh này không gửi được tệp. Hãy dùng Telegram hoặc lệnh: nhacviec report {id} --format docx --output baocao.docx",
        "en": "This channel cannot send files. Use Telegram or: nhacviec report {id} --format docx --output report.docx",
    },
    # Schedule settings.
    "digest.bad_setting": {
        "vi": "Cấu hình báo cáo tuần không hợp lệ ({key} = {value!r}): {hint}",
        "en": "Invalid digest setting ({key} = {value!r}): {hint}",
    },
    "digest.hint_weekday": {
        "vi": "ngày trong tuần là 1-7 (thứ Hai = 1, thứ Sáu = 5) hoặc tên ngày như “thu6”, “friday”",
        "en": "weekday is 1-7 (Monday = 1, Friday = 5) or a day name such as “friday”",
    },
    "digest.hint_time": {"vi": "giờ có dạng HH:MM, ví dụ 15:30", "en": "time is HH:MM, e.g. 15:30"},
    "digest.hint_bool": {"vi": "chỉ nhận true hoặc false", "en": "true or false only"},
    "digest.hint_lang": {"vi": "ngôn ngữ là vi hoặc en", "en": "language is vi or en"},
    # CLI.
    "cli.digest.sent": {
        "vi": "Đã gửi báo cáo tuần tới {ok}/{n} người nhận.",
        "en": "Digest sent to {ok}/{n} recipients.",
    },
    "cli.digest.no_channels": {
        "vi": "Chưa cấu hình kênh gửi tin (NHACVIEC_TELEGRAM_TOKEN hoặc NHACVIEC_ZALO_TOKEN).",
        "en": "No channel configured (NHACVIEC_TELEGRAM_TOKEN or NHACVIEC_ZALO_TOKEN).",
    },
    "cli.digest.failed_recipient": {
        "vi": "Không gửi được cho {name}: {error}",
        "en": "Could not send to {name}: {error}",
    },
    "cli.digest.no_recipients": {
        "vi": "{org} chưa có cán bộ Văn phòng nào nhận báo cáo tuần.",
        "en": "{org} has no office staff to receive the digest.",
    },
    "cli.bad_at": {
        "vi": "Thời điểm “{value}” không đúng dạng dd/mm/yyyy HH:MM (ví dụ 06/03/2026 15:30).",
        "en": "Time “{value}” is not dd/mm/yyyy HH:MM (e.g. 06/03/2026 15:30).",
    },
    "cli.digest.wrote": {"vi": "Đã ghi {path}", "en": "Wrote {path}"},
    "cli.report.format_mismatch": {
        "vi": "Định dạng --format {fmt} không khớp với tên tệp “{path}”: hãy đặt tên đuôi .{ext} "
              "hoặc bỏ --format để theo đuôi tên tệp.",
        "en": "--format {fmt} does not match the file name “{path}”: name it .{ext} "
              "or leave --format out to follow the file name.",
    },
    "cli.report.wrote": {"vi": "Đã ghi báo cáo vào {path}", "en": "Report written to {path}"},
    "cli.report.cannot_write": {
        "vi": "Không ghi được tệp {path}: {error}",
        "en": "Cannot write {path}: {error}",
    },
}

