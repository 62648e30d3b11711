"""`nhacviec zalo check` and `nhacviec zalo oa-token`."""

from __future__ import annotations

from nhacviec.commands.base import CommandContext, add_json_flag


def register(sub, groups) -> None:
    zalo = sub.add_parser("zalo", help="Zalo bot and Official Account")
    zalo_sub = zalo.add_subparsers(dest="zalo_command", metavar="ACTION", required=True)
    groups["zalo"] = zalo_sub
    p = zalo_sub.add_parser("check", help="check NHACVIEC_ZALO_TOKEN and show the webhook")
    add_json_flag(p)
    p.set_defaults(handler=check_cmd)
    p = zalo_sub.add_parser("oa-token", help="store a new OA refresh token after re-authorizing")
    p.add_argument("refresh_token")
    p.set_defaults(handler=oa_token_cmd)


async def check_cmd(ctx: CommandContext) -> int:
    from bot.zalo.admin import check_bot

    info = await check_bot(ctx.settings)
    bot = info["bot"]
    ctx.emit(info, lambda: "\n".join([
        f"Bot Zalo: {bot.get('account_name') or bot.get('id')} (id {bot.get('id')})",
        f"Chế độ: {'webhook' if info['mode'] == 'webhook' else 'polling (getUpdates)'}",
        f"Webhook đang đặt: {info['webhook_url'] or '(chưa đặt)'}",
    ]))
    return 0


async def oa_token_cmd(ctx: CommandContext) -> int:
    from bot.zalo.admin import replace_oa_refresh_token

    async with ctx.session() as session:
        await replace_oa_refresh_token(session, ctx.args.refresh_token.strip())
    print("Đã lưu refresh token mới của Zalo OA.")
    return 0
