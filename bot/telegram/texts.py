"""What the Telegram adapter itself says: the command menu and a few platform-only answers."""


TEXTS = {
    # Command menu (set_my_commands); Telegram shows these beside "/".
    "tg.cmd.viec": {"vi": "Việc của đơn vị, hạn gần nhất trước", "en": "Your unit's tasks, soonest first"},
    "tg.cmd.xong": {"vi": "Báo đã xong: /xong ID", "en": "Report done: /xong ID"},
    "tg.cmd.tiendo": {"vi": "Cập nhật tiến độ: /tiendo ID nội dung", "en": "Progress note: /tiendo ID text"},
    "tg.cmd.khokhan": {"vi": "Báo khó khăn: /khokhan ID nội dung", "en": "Report a difficulty: /khokhan ID text"},
    "tg.cmd.giahan": {
        "vi": "Xin gia hạn: /giahan ID dd/mm/yyyy lý do",
        "en": "Ask for more time: /giahan ID dd/mm/yyyy reason",
    },
    "tg.cmd.lich": {"vi": "Hạn việc trong Google Calendar, Outlook", "en": "Your deadlines in Google Calendar, Outlook"},
    "tg.cmd.web": {"vi": "Trang làm việc trên máy tính", "en": "The web workspace, on a computer"},
    "tg.cmd.trogiup": {"vi": "Hướng dẫn sử dụng", "en": "Help"},
    "tg.cmd.tongquan": {"vi": "Tổng quan tình hình theo đơn vị", "en": "Status overview per unit"},
    "tg.cmd.quahan": {"vi": "Danh sách việc quá hạn", "en": "Overdue tasks"},
    "tg.cmd.dondoc": {"vi": "Đôn đốc đơn vị ngay: /dondoc ID", "en": "Nudge a unit now: /dondoc ID"},
    "tg.cmd.moi": {"vi": "Tạo mã mời cho cán bộ", "en": "Create an invite for an officer"},
    "tg.cmd.baocao": {"vi": "Báo cáo tổng hợp tuần", "en": "Weekly digest now"},
    "tg.cmd.lienket": {"vi": "Liên kết nhóm này với đơn vị", "en": "Link this group to your unit"},
    "tg.cmd.phancong": {"vi": "Giao người theo dõi việc: /phancong ID", "en": "Name who follows a task: /phancong ID"},
    "tg.cmd.golienket": {
        "vi": "Gỡ tài khoản chat của cán bộ: /golienket mã_cán_bộ",
        "en": "Cut an officer's chat account: /golienket officer_id",
    },
    "tg.cmd.ngung": {
        "vi": "Cán bộ nghỉ, chuyển công tác: /ngung mã_cán_bộ",
        "en": "An officer who left: /ngung officer_id",
    },
    # Platform-only answers.
    "tg.unsupported": {
        "vi": "Bot chỉ đọc được tin nhắn chữ, ảnh và tệp văn bản.",
        "en": "The bot reads text, photos and documents only.",
    },
    "tg.failed": {
        "vi": "Có lỗi khi xử lý. Vui lòng thử lại sau ít phút.",
        "en": "Something went wrong. Please try again in a few minutes.",
    },
}

