"""/lich: the officer's private calendar link, and how to add it to Google Calendar or Outlook.

Sent only in a private chat (the link opens the officer's tasks to whoever holds it);
"/lich moi" replaces it when it was shared by mistake, and the old link stops working.
"""

from __future__ import annotations

from core.conversation.context import Turn
from core.conversation.parse import fold
from core.i18n import register
from core.services import feeds

RENEW_WORDS = {"moi", "doi", "new", "renew"}

register({
    "conv.lich": {
        "vi": "📅 <b>Lịch hạn việc của anh/chị</b> (riêng, tự cập nhật):\n{url}\n\n"
              "<b>Google Calendar</b> (trên máy tính): mở calendar.google.com → cạnh “Lịch khác” bấm + → "
              "“Từ URL” → dán đường dẫn → “Thêm lịch”. Điện thoại đăng nhập cùng tài khoản Google sẽ có lịch sau ít phút.\n"
              "<b>Outlook</b>: Lịch → Thêm lịch → “Đăng ký từ web” (Outlook trên máy: Thêm lịch → Từ Internet) → "
              "dán đường dẫn → Nhập.\n"
              "<b>iPhone</b>: Cài đặt → Lịch → Tài khoản → Thêm tài khoản → Khác → Thêm lịch đã đăng ký.\n\n"
              "Mỗi việc đang mở là một sự kiện cả ngày vào ngày hạn; việc thường xuyên, định kỳ là lịch báo cáo "
              "tiến độ lặp lại. Việc xong hoặc hủy tự mất khỏi lịch (Google cập nhật vài giờ một lần).\n"
              "Ai có đường dẫn này đều xem được việc của anh/chị: đừng chia sẻ. "
              "Lỡ chia sẻ? Gõ /lich moi để đổi, đường dẫn cũ ngừng hoạt động.",
        "en": "📅 <b>Your task calendar</b> (private, kept up to date):\n{url}\n\n"
              "<b>Google Calendar</b> (on a computer): open calendar.google.com → next to “Other calendars” "
              "press + → “From URL” → paste the link → “Add calendar”. Phones signed in to the same Google "
              "account get it within minutes.\n"
              "<b>Outlook</b>: Calendar → Add calendar → “Subscribe from web” (desktop Outlook: Add Calendar → "
              "From Internet) → paste the link → Import.\n"
              "<b>iPhone</b>: Settings → Calendar → Accounts → Add Account → Other → Add Subscribed Calendar.\n\n"
              "Each open task is an all-day event on its deadline; ongoing and periodic tasks are a recurring "
              "progress check-in. Done or cancelled tasks leave the calendar (Google refreshes every few hours).\n"
              "Anyone with this link can read your tasks: do not share it. "
              "Shared it by mistake? Type /lich moi for a new one; the old link stops working.",
    },
    "conv.lich.renewed": {"vi": "Đã đổi đường dẫn lịch: đường dẫn cũ không còn dùng được.",
                          "en": "Your calendar link was replaced: the old one no longer works."},
    "conv.lich.private_only": {"vi": "Đường dẫn lịch là riêng: gõ /lich trong chat riêng với bot.",
                               "en": "The calendar link is private: type /lich in your own chat with the bot."},
    "conv.lich.unavailable": {
        "vi": "Lịch chưa dùng được: Văn phòng chưa cấu hình địa chỉ lịch (NHACVIEC_CALENDAR_URL).",
        "en": "The calendar is not available yet: Văn phòng has not set its address (NHACVIEC_CALENDAR_URL).",
    },
})


async def calendar_link(turn: Turn, args: str, base: str | None) -> None:
    if turn.incoming.chat_type == "group":
        turn.say_key("conv.lich.private_only")
        return
    if not base:
        turn.say_key("conv.lich.unavailable")
        return
    renew = fold(args.strip()) in RENEW_WORDS
    actor = f"{turn.platform}:{turn.incoming.user_id}"
    feed = await feeds.officer_feed(turn.session, turn.officer, renew=renew, actor=actor)
    if renew:
        turn.say_key("conv.lich.renewed")
    turn.say_key("conv.lich", url=feeds.feed_url(base, feed.token))
