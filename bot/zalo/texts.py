"""What the Zalo adapter itself says (the conversation says everything else)."""


TEXTS = {
    "zalo.unsupported": {
        "vi": "Bot chỉ nhận tin nhắn chữ và ảnh. Anh/chị vui lòng gõ nội dung trả lời.",
        "en": "The bot only reads text messages and photos. Please type your answer.",
    },
    "zalo.error": {
        "vi": "Xin lỗi, bot chưa xử lý được tin nhắn vừa rồi. Anh/chị vui lòng gửi lại sau ít phút.",
        "en": "Sorry, the bot could not handle that message. Please send it again in a few minutes.",
    },
    "zalo.photo_fallback": {
        "vi": "(Ảnh không gửi được qua Zalo vì máy chủ chưa có địa chỉ công khai; xem ảnh trên Telegram hoặc hỏi Văn phòng.)",
        "en": "(The picture cannot be sent on Zalo: the server has no public address. See it on Telegram or ask the office.)",
    },
}

