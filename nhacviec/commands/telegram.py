"""`nhacviec telegram check` and `nhacviec telegram link CODE`."""

from __future__ import annotations

from nhacviec.commands.base import CommandContext, add_json_flag


def register(sub, groups) -> None:
    telegram = sub.add_parser("telegram", help="the Telegram bot")
    tg_sub = telegram.add_subparsers(dest="telegram_command", metavar="ACTION", required=True)
    groups["telegram"] = tg_sub
    p = tg_sub.add_parser("check", help="check NHACVIEC_TELEGRAM_TOKEN and show the webhook")
    add_json_flag(p)
    p.set_defaults(handler=check_cmd)
    p = tg_sub.add_parser("link", help="the t.me deep link that registers with an invite code")
    p.add_argument("code")
    p.set_defaults(handler=link_cmd)


async def check_cmd(ctx: CommandContext) -> int:
    from bot.telegram.admin import check_bot

    info = await check_bot(ctx.settings)
    bot = info["bot"]
    ctx.emit(info, lambda: "\n".join([
        f"Bot Telegram: @{bot['username']} ({bot['name']}, id {bot['id']})",
        f"Chế độ: {'webhook' if info['mode'] == 'webhook' else 'polling (getUpdates)'}",
        f"Webhook đang đặt: {info['webhook_url'] or '(chưa đặt)'}",
        f"Cập nhật đang chờ: {info['pending_update_count']}",
        *([f"Lỗi gần nhất Telegram báo: {info['last_error']}"] if info["last_error"] else []),
    ]))
    return 0


async def link_cmd(ctx: CommandContext) -> int:
    from bot.telegram.links import deep_link, fetch_deep_link
    from services.directory import normalize_code

    code = normalize_code(ctx.args.code)
    username = ctx.settings.telegram_bot_username
    link = deep_link(username, code) if username else await fetch_deep_link(ctx.settings, code)
    print(link)
    return 0
