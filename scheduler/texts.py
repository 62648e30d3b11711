"""Texts of reminders and delivery notices (Vietnamese first, English on request)."""


TEXTS = {
    "rem.left": {
        "vi": "⏰ <b>Hạn {deadline} · còn {n} ngày làm việc</b>",
        "en": "⏰ <b>Due {deadline} · {n} working days left</b>",
    },
    "rem.today": {
        "vi": "⏰ <b>Hôm nay là hạn: {deadline}</b>",
        "en": "⏰ <b>Due today: {deadline}</b>",
    },
    "rem.overdue": {
        "vi": "🔴 <b>Quá hạn {n} ngày · hạn {deadline}</b>",
        "en": "🔴 <b>{n} days overdue · due {deadline}</b>",
    },
    "rem.shifted": {
        "vi": "<i>(hạn ghi {written} rơi vào ngày nghỉ)</i>",
        "en": "<i>(the written date {written} is a day off)</i>",
    },
    "rem.checkin": {
        "vi": "📝 <b>Xin cập nhật tiến độ {period}</b>",
        "en": "📝 <b>Progress update for {period}, please</b>",
    },
    "rem.checkin.ongoing": {"vi": "Nhiệm vụ thường xuyên", "en": "Ongoing task"},
    "rem.checkin.recurring": {"vi": "Nhiệm vụ định kỳ", "en": "Recurring task"},
    "rem.period.month": {"vi": "tháng {month}/{year}", "en": "{month}/{year}"},
    "rem.period.quarter": {"vi": "quý {roman}/{year}", "en": "Q{n} {year}"},
    "rem.period.half": {"vi": "6 tháng {which} năm {year}", "en": "H{n} {year}"},
    "rem.period.first": {"vi": "đầu", "en": "first"},
    "rem.period.last": {"vi": "cuối", "en": "last"},
    "rem.period.year": {"vi": "năm {year}", "en": "{year}"},
    "rem.nudge": {"vi": "📣 <b>Văn phòng đôn đốc</b>", "en": "📣 <b>The office asks for action</b>"},
    "rem.plan": {"vi": "KH {number}", "en": "Plan {number}"},
    "rem.task": {"vi": "<b>Nhiệm vụ {ref}:</b> {text}", "en": "<b>Task {ref}:</b> {text}"},
    "rem.task.noref": {"vi": "<b>Nhiệm vụ:</b> {text}", "en": "<b>Task:</b> {text}"},
    "rem.role.lead": {"vi": "{unit} · chủ trì", "en": "{unit} · lead"},
    "rem.role.coordinate": {
        "vi": "{unit} · phối hợp với {leads} (chủ trì)",
        "en": "{unit} · helping {leads} (lead)",
    },
    "rem.to_head": {
        "vi": "Báo trưởng đơn vị: nhiệm vụ của {unit} đã quá hạn.",
        "en": "For the unit head: {unit}'s task is overdue.",
    },
    "notice.unreachable": {
        "vi": "⚠️ Không gửi được nhắc việc tới {who} ({platform}): đã chặn bot hoặc cuộc trò chuyện không còn. "
        "Nhiệm vụ: {task}",
        "en": "⚠️ Could not deliver a reminder to {who} ({platform}): the bot was blocked or the chat is gone. "
        "Task: {task}",
    },
    "notice.failed": {
        "vi": "⚠️ Nhắc việc chưa tới được {unit}: {reason}. Nhiệm vụ: {task}",
        "en": "⚠️ A reminder did not reach {unit}: {reason}. Task: {task}",
    },
    "reason.no_recipients": {
        "vi": "đơn vị chưa có ai đăng ký nhận tin",
        "en": "nobody in the unit has registered",
    },
    "reason.unreachable": {"vi": "người nhận đã chặn bot", "en": "the recipients blocked the bot"},
    "reason.rejected": {"vi": "nền tảng từ chối tin nhắn", "en": "the platform refused the message"},
    "reason.gave_up": {"vi": "lỗi mạng kéo dài", "en": "network errors went on too long"},
    "remind.queued": {
        "vi": "Đã xếp {n} lời nhắc cho nhiệm vụ #{task}; bot đang chạy sẽ gửi trong vài giây.",
        "en": "Queued {n} reminders for task #{task}; a running bot sends them within seconds.",
    },
    "remind.nothing": {
        "vi": "Nhiệm vụ #{task} không còn đơn vị chủ trì nào chưa hoàn thành: không có gì để nhắc.",
        "en": "Task #{task} has no open lead unit: nothing to remind.",
    },
    "snooze.bad_days": {
        "vi": "Chỉ hoãn nhắc được 1 đến 10 ngày làm việc.",
        "en": "Snooze takes 1 to 10 working days.",
    },
    "snooze.closed": {
        "vi": "Nhiệm vụ này đã xong hoặc đã hủy: không còn nhắc nữa.",
        "en": "This task is done or cancelled: no more reminders.",
    },
    "assignment.not_found": {
        "vi": "Không tìm thấy phân công số {ref}.",
        "en": "Assignment {ref} not found.",
    },
}

