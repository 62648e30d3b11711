"""The web workspace in English as well as Vietnamese (issue 15).

Templates write their text in Vietnamese inside `_()`; in English the text is looked up in
`EN` (a test holds every `_()` of the templates to it). The language is the `nv_lang`
cookie, set by /web/ngon-ngu/{vi|en} (the header's switch); Vietnamese when none is set.
Each page's handler runs with the request's language in a context variable, so `page()` and
the labels need no parameter threaded through.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from functools import wraps

from aiohttp import web

LANG_COOKIE = "nv_lang"
LANGS = ("vi", "en")
_current: ContextVar[str] = ContextVar("web_lang", default="vi")
_path: ContextVar[str] = ContextVar("web_path", default="/web/tasks")
_BACK = re.compile(r"/web(?:/[a-z0-9/_-]{0,80})?(?:\?[A-Za-z0-9_=&%.-]{0,200})?")


def current() -> str:
    return _current.get()


def current_page() -> str:
    """The page being drawn (path and query): where the language switch comes back to."""
    return _path.get()


def gettext(text: str) -> str:
    """`text` (Vietnamese) in the request's language; unknown text stays Vietnamese."""
    if _current.get() == "en":
        return EN.get(text, text)
    return text


def localized(handler):
    """Run `handler` with the language of the request's cookie."""

    @wraps(handler)
    async def run(request: web.Request):
        lang = request.cookies.get(LANG_COOKIE)
        token = _current.set(lang if lang in LANGS else "vi")
        path = _path.set(str(request.rel_url))
        try:
            return await handler(request)
        finally:
            _current.reset(token)
            _path.reset(path)

    return run


async def switch_language(request: web.Request) -> web.Response:
    """GET /web/ngon-ngu/{lang}?tiep=/web/…: remember the choice (a year), back to the page."""
    lang = request.match_info["lang"]
    back = request.query.get("tiep", "")
    response = web.HTTPSeeOther(back if _BACK.fullmatch(back) else "/web/tasks")
    response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, path="/", samesite="Lax", httponly=True)
    raise response


EN: dict[str, str] = {
    # header, shared
    "Nhắc việc": "Task reminders",
    "Nhiệm vụ": "Tasks",
    "Kế hoạch": "Plans",
    "Xếp hạng đơn vị": "Unit ranking",
    "Nhập kế hoạch": "Import a plan",
    "Đăng xuất": "Sign out",
    "Tiếng Việt": "Tiếng Việt",
    "← Quay lại": "← Back",
    # task list
    "của đơn vị": "of the unit",
    "ngày": "on",
    "Số nhiệm vụ theo loại": "Tasks by category",
    "Tất cả": "All",
    "Đơn vị": "Unit",
    "Loại": "Category",
    "Đến hạn trong (ngày)": "Due within (days)",
    "Tìm": "Search",
    "nội dung, số mục": "text, item number",
    "Lọc": "Filter",
    "Bỏ lọc": "Clear filters",
    "Chủ trì": "Lead",
    "Hạn": "Deadline",
    "Trạng thái": "Status",
    "Số": "No.",
    "Mục": "Item",
    "quá {n} ngày": "{n} days overdue",
    "có khó khăn": "has a difficulty",
    "{n} nhiệm vụ.": "{n} tasks.",
    "Không có nhiệm vụ nào khớp bộ lọc.": "No task matches the filters.",
    "Đã lưu kế hoạch; đây là các nhiệm vụ của nó.": "The plan is saved; here are its tasks.",
    # one task
    "← Danh sách nhiệm vụ": "← Task list",
    "Chưa có hạn": "No deadline",
    "quá hạn {n} ngày": "{n} days overdue",
    "Sửa nhiệm vụ (Văn phòng)": "Edit the task (office)",
    "Hạn mới": "New deadline",
    "Đặt hạn": "Set deadline",
    "Đánh dấu hoàn thành": "Mark done",
    "Lý do hủy": "Reason for cancelling",
    "Hủy nhiệm vụ": "Cancel the task",
    "Nội dung": "Text",
    "Phối hợp": "Coordinating",
    "Theo dõi": "Monitoring",
    "Lặp lại": "Recurs",
    "Lưu thay đổi": "Save changes",
    "Không (làm một lần, theo hạn)": "No (once, by its deadline)",
    "Lời nhắc của các đơn vị được lập lại ngay theo thay đổi, như khi sửa trong chat. Nhiều đơn vị cách nhau bằng dấu “;”.":
        "The units' reminders are re-planned at once, as when edited in the chat. Separate several units with “;”.",
    "Đơn vị đã nhận lời nhắc hoặc đã báo cáo không bỏ được (lịch sử được giữ).":
        "A unit that was reminded or has reported cannot be removed (its history is kept).",
    "Khó khăn chưa được giải quyết": "Open difficulties",
    "Cập nhật từ các đơn vị": "Updates from the units",
    "Lúc": "When",
    "(chưa xử lý)": "(open)",
    "Chưa có cập nhật nào.": "No updates yet.",
    "Lời nhắc": "Reminders",
    "Không có lời nhắc nào đã gửi hay đang chờ.": "No reminder sent or waiting.",
    "Đã đặt hạn mới; lời nhắc đã được lập lại theo hạn này.": "New deadline set; the reminders follow it.",
    "Đã lưu thay đổi; lời nhắc của các đơn vị đã được lập lại.": "Changes saved; the units' reminders are re-planned.",
    "Đã đánh dấu hoàn thành; các lời nhắc còn chờ đã dừng.": "Marked done; the pending reminders are stopped.",
    "Đã hủy nhiệm vụ; các lời nhắc còn chờ đã dừng.": "Task cancelled; the pending reminders are stopped.",
    "Báo hoàn thành": "Reported done", "Tiến độ": "Progress", "Khó khăn, vướng mắc": "Difficulty",
    "Xin gia hạn": "Extension request", "Văn phòng trả lời": "Office's answer",
    "Văn phòng xác nhận hoàn thành": "Office confirmed done", "Văn phòng trả lại báo cáo": "Office returned the report",
    "Được gia hạn": "Extension granted", "Minh chứng": "Evidence", "Ghi chú": "Note",
    "Nhắc trước hạn": "Before the deadline", "Nhắc đúng hạn": "On the deadline", "Nhắc quá hạn": "Overdue",
    "Nhắc đơn vị phối hợp": "Coordinating unit", "Hỏi tiến độ": "Progress check-in", "Văn phòng nhắc": "Office nudge",
    "đã gửi": "sent", "lỗi gửi": "failed", "chờ gửi": "waiting",
    "báo xong": "reported done",
    "Đã hủy": "Cancelled",
    # scoreboard
    "Bảng xếp hạng thi đua các đơn vị": "Units' performance ranking",
    "hạn từ {start} đến {end}": "deadlines from {start} to {end}",
    "Từ ngày": "From", "Đến ngày": "To", "Xem": "Show",
    "Tải bảng Excel (.xlsx)": "Download as Excel (.xlsx)",
    "Đến hạn": "Due", "Đúng hạn": "On time", "Quá hạn (đã xong)": "Late (done)",
    "Quá hạn chưa xong": "Overdue, not done", "Đang làm": "In progress", "Tỷ lệ đúng hạn": "On-time rate",
    "Trễ TB (ngày)": "Avg. days late", "Khó khăn": "Difficulties", "Biểu đồ": "Chart",
    "Số nhiệm vụ đến hạn theo đơn vị và loại": "Tasks due by unit and category",
    "Màu: xanh lá đúng hạn · cam quá hạn đã xong · đỏ quá hạn chưa xong · xanh dương đang làm.":
        "Colours: green on time · orange late (done) · red overdue · blue in progress.",
    "Tính theo nhiệm vụ đơn vị chủ trì có hạn trong khoảng thời gian đã chọn.":
        "Counted over the tasks each unit leads with a deadline in the chosen period.",
    "Không có nhiệm vụ nào đến hạn trong khoảng thời gian này.": "No task falls due in this period.",
    # plans
    "Kế hoạch và tiến độ": "Plans and progress",
    "Tiến độ theo các nhóm trạng thái chính thức:": "Progress by official category:",
    "Tải bảng tổng hợp tuần (.xlsx)": "Download the weekly digest (.xlsx)",
    "Năm": "Year", "Báo cáo": "Report",
    "Lưu để theo dõi, không nhắc": "Kept for the record, no reminders",
    "{n} nhiệm vụ chưa có hạn": "{n} tasks without a deadline",
    "{done}/{total} xong": "{done}/{total} done",
    "{n} quá hạn": "{n} overdue",
    "{n} % đã hoàn thành": "{n} % done",
    "Chưa có kế hoạch nào.": "No plan yet.",
    # import
    "Tệp kế hoạch (.docx, .pdf, .txt, .md, .xlsx; tối đa 20 MB)": "Plan file (.docx, .pdf, .txt, .md, .xlsx; up to 20 MB)",
    "Đọc kế hoạch": "Read the plan",
    "Nhắc việc đọc các nhiệm vụ, đơn vị chủ trì, phối hợp và thời hạn; anh/chị rà soát, sửa trong bảng rồi bấm “Lưu kế hoạch”. Trước khi lưu, chưa đơn vị nào được nhắc.":
        "The tasks, lead and coordinating units and deadlines are read for you; check and correct them in the "
        "table, then press “Save the plan”. No unit is reminded before that.",
    "Bản nháp đang rà soát": "Drafts under review",
    "Tệp": "File", "Số nhiệm vụ": "Tasks", "Sửa lần cuối": "Last edited",
    "Không có bản nháp nào.": "No drafts.",
    "← Nhập kế hoạch": "← Import a plan",
    "Rà soát": "Review",
    "{n} nhiệm vụ": "{n} tasks",
    "năm {year}": "year {year}",
    "Sửa trực tiếp trong bảng; nhiều đơn vị cách nhau bằng dấu “;”. Hạn ghi dd/mm/yyyy; để trống hạn và ghi “Hằng quý”, “Thường xuyên”… ở cột thời gian cho việc định kỳ.":
        "Edit in the table; separate several units with “;”. Deadlines as dd/mm/yyyy; for recurring work leave "
        "the deadline empty and write “Hằng quý”, “Thường xuyên”… in the timing column.",
    "Bản nháp này đã được lưu thành kế hoạch.": "This draft was saved as a plan.",
    "Xem các nhiệm vụ": "See its tasks",
    "Chưa lưu được kế hoạch:": "The plan cannot be saved yet:",
    "Đơn vị chưa có trong danh sách:": "Units not in the directory:",
    "Sửa lại tên trong bảng, hoặc thêm đơn vị trước (nhacviec unit add).":
        "Correct the names in the table, or add the units first (nhacviec unit add).",
    "Nội dung nhiệm vụ": "Task", "Thời gian (như kế hoạch ghi)": "Timing (as written)",
    "Cần kiểm tra": "To check", "Bỏ": "Drop", "Thêm nhiệm vụ": "Add a task",
    "{n} nhiệm vụ chưa có đơn vị chủ trì: giao cho": "{n} tasks have no lead unit: give them to",
    "— chọn đơn vị —": "— choose a unit —",
    "Các hạn đã qua lâu (hạn cuối {date}):": "Its deadlines are long past (the last {date}):",
    "— chọn —": "— choose —",
    "Lưu để theo dõi, không nhắc các đơn vị": "Keep for the record, remind no unit",
    "Lưu và nhắc các đơn vị": "Save and remind the units",
    "Lưu nháp": "Save draft", "Lưu kế hoạch": "Save the plan", "Bỏ bản nháp": "Discard the draft",
    "Đã lưu bản nháp. Chưa có gì được lưu vào kế hoạch cho đến khi bấm “Lưu kế hoạch”.":
        "Draft saved. Nothing is stored as a plan until “Save the plan” is pressed.",
    # messages
    "Chưa đăng nhập": "Not signed in",
    "Phiên làm việc đã hết hoặc anh/chị chưa đăng nhập. Gõ /web trong chat với bot để nhận đường dẫn đăng nhập mới (dùng được 15 phút, một lần).":
        "Your session has ended or you are not signed in. Type /web in the chat with the bot for a new sign-in "
        "link (one use, within 15 minutes).",
    "Không thực hiện được": "Not done",
    "Yêu cầu không hợp lệ. Hãy tải lại trang rồi thử lại.": "The request is not valid. Reload the page and try again.",
    "Không tìm thấy nhiệm vụ": "Task not found",
    "Nhiệm vụ này không có, hoặc không thuộc phạm vi anh/chị được xem.":
        "This task does not exist, or you may not see it.",
    "Không có quyền sửa": "Not allowed to edit", "Chỉ Văn phòng sửa được nhiệm vụ.": "Only the office edits tasks.",
    "Chưa sửa được": "Not changed",
    "Không có quyền xem": "Not allowed", "Không có quyền": "Not allowed",
    "Bảng xếp hạng các đơn vị dành cho Văn phòng và lãnh đạo Sở.": "The units' ranking is for the office and the leaders.",
    "Danh sách kế hoạch dành cho Văn phòng và lãnh đạo Sở.": "The plans are for the office and the leaders.",
    "Báo cáo kế hoạch dành cho Văn phòng và lãnh đạo Sở.": "Plan reports are for the office and the leaders.",
    "Chỉ Văn phòng nhập và rà soát kế hoạch.": "Only the office imports and reviews plans.",
    "Không tìm thấy kế hoạch": "Plan not found",
    "Kế hoạch này không có hoặc không thuộc cơ quan.": "This plan does not exist or is not your organization's.",
    "Không tìm thấy bản nháp": "Draft not found",
    "Bản nháp này không có, đã hết hạn (7 ngày) hoặc thuộc đơn vị khác. Hãy tải kế hoạch lên lại.":
        "This draft does not exist, has expired (7 days) or is another organization's. Upload the plan again.",
    "Chưa lưu được": "Not saved",
    "Tệp quá lớn": "File too big",
    "Đã đăng xuất": "Signed out", "Anh/chị đã đăng xuất khỏi trang làm việc.": "You have signed out of the workspace.",
    "Không đăng nhập được": "Cannot sign in",
    "Hãy chọn tệp kế hoạch (.docx, .pdf, .txt, .md, .xlsx).": "Choose a plan file (.docx, .pdf, .txt, .md, .xlsx).",
    "Không tìm thấy tệp": "File not found",
    "Tệp này không có, hoặc không thuộc phạm vi anh/chị được xem.": "This file does not exist, or you may not see it.",
    "Không tải được tệp": "Cannot fetch the file",
    "Nền tảng nhắn tin không trả tệp này lúc này. Hãy thử lại sau.":
        "The messaging platform does not give this file back now. Try again later.",
}
