"""`nhacviec digest ORG --print|--send` and `nhacviec report PLAN_ID --format docx|xlsx --output FILE`."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

from bot.assembly import assemble
from core.clock import SystemClock
from core.errors import DomainError
from core.i18n import t
from core.messenger import Messenger
from nhacviec.commands.base import CommandContext, add_json_flag
from reports.chart import render_chart
from reports.delivery import RenderedDigest, office_recipients, send_to_officers
from reports.gather import load_digest
from reports.render_text import digest_plain
from reports.report_files import FORMATS, plan_report_file
from reports.workbook import digest_workbook
from services import directory

AT_FORMAT = "%d/%m/%Y %H:%M"


def register(sub, groups) -> None:
    p = sub.add_parser("digest", help="the weekly digest of an organization, now")
    p.add_argument("org", metavar="ORG", help="organization slug or id")
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--print", action="store_true", help="print it here")
    mode.add_argument("--send", action="store_true", help="send it to the office staff now")
    p.add_argument("--unit", metavar="UNIT", help="one unit's digest (sent to its head)")
    p.add_argument("--leaders", action="store_true", help="--send also to the leadership")
    p.add_argument("--at", metavar='"dd/mm/yyyy HH:MM"', help="figures as of this local time")
    p.add_argument("--lang", choices=["vi", "en"], help="language (default NHACVIEC_LANGUAGE)")
    p.add_argument("--chart", metavar="FILE.png", help="also write the chart")
    p.add_argument("--workbook", metavar="FILE.xlsx", help="also write the workbook")
    add_json_flag(p)
    p.set_defaults(handler=digest_command)

    p = sub.add_parser("report", help="draft results report of a plan (docx or xlsx)")
    p.add_argument("plan", metavar="PLAN_ID", help="plan id (or its number, e.g. 77/KH-STN)")
    p.add_argument("--format", choices=sorted(FORMATS), help="default: from the --output name, else docx")
    p.add_argument("--output", required=True, metavar="FILE")
    p.add_argument("--lang", choices=["vi", "en"])
    p.add_argument("--at", metavar='"dd/mm/yyyy HH:MM"', help="figures as of this local time")
    add_json_flag(p)
    p.set_defaults(handler=report_command)


def as_of(ctx: CommandContext) -> datetime:
    if not ctx.args.at:
        return SystemClock().now()
    try:
        local = datetime.strptime(ctx.args.at.strip(), AT_FORMAT)
    except ValueError:
        raise DomainError(t("cli.bad_at", ctx.args.lang or ctx.lang, value=ctx.args.at)) from None
    return local.replace(tzinfo=ctx.settings.tz).astimezone(UTC)


async def digest_command(ctx: CommandContext) -> int:
    args, lang = ctx.args, ctx.args.lang or ctx.lang
    now = as_of(ctx)
    async with ctx.session() as session:
        org = await directory.get_org(session, args.org, lang)
        unit = await directory.find_unit(session, org, args.unit, lang) if args.unit else None
        digest = await load_digest(session, org, now, ctx.settings.tz, unit=unit)
    if args.chart:
        _write_file(args.chart, render_chart(digest, lang), lang)
    if args.workbook:
        _write_file(args.workbook, digest_workbook(digest, lang), lang)
    if args.print:
        ctx.emit(dataclasses.asdict(digest), lambda: digest_plain(digest, lang))
        return 0
    return await _send(ctx, org, unit, digest, lang)


async def _send(ctx: CommandContext, org, unit, digest, lang: str) -> int:
    from migrations.runner import upgrade
    from models import OfficerRole
    from models.db import make_engine, make_sessionmaker

    settings = ctx.settings
    if not settings.telegram_token and not settings.zalo_token:
        raise DomainError(t("cli.digest.no_channels", lang))
    await upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        sessionmaker = make_sessionmaker(engine)
        async with sessionmaker() as session:
            if unit is None:
                officers = await office_recipients(session, org.id, ctx.args.leaders)
            else:
                officers = [o for o in await directory.list_officers(session, org.id)
                            if o.unit_id == unit.id and o.role == OfficerRole.HEAD and o.active]
        if not officers:
            raise DomainError(t("cli.digest.no_recipients", lang, org=org.name))
        async with sending_messenger(settings, sessionmaker) as messenger:
            result = await send_to_officers(
                sessionmaker, messenger, RenderedDigest(digest, lang), officers, ctx.args.lang
            )
    finally:
        await engine.dispose()
    names = {o.id: o.name for o in officers}
    failures = {**result.failed, **{oid: "no reachable chat" for oid in result.no_chat}}
    lines = [t("cli.digest.sent", lang, ok=len(result.sent), n=len(officers))]
    lines += [t("cli.digest.failed_recipient", lang, name=names[oid], error=why) for oid, why in failures.items()]
    ctx.emit(
        {"sent": [names[i] for i in result.sent], "failed": {names[i]: w for i, w in failures.items()},
         "period": digest.period.key},
        "\n".join(lines),
    )
    return 0 if result.sent else 1


@asynccontextmanager
async def sending_messenger(settings, sessionmaker) -> AsyncIterator[Messenger]:
    """Send-only channels for a one-off command: nothing polls, no webhook is touched.

    Without the running bot's web server Zalo cannot be given a photo URL, so
    Zalo recipients get the text with a note instead of the chart.
    """
    messenger = assemble(sessionmaker, settings, SystemClock(), conversation=False).messenger
    async with AsyncExitStack() as stack:
        if settings.telegram_token:
            from telegram import Bot

            from bot.telegram import TelegramChannel

            bot = Bot(settings.telegram_token, base_url=f"{settings.telegram_api_url}/bot")
            await stack.enter_async_context(bot)
            messenger.register(TelegramChannel(bot))
        if settings.zalo_token:
            from bot.zalo import ZaloChannel, ZaloClient

            client = ZaloClient(settings.zalo_token, settings.zalo_api_url)
            stack.push_async_callback(client.aclose)
            messenger.register(ZaloChannel(client, media=None, rate=settings.zalo_rate, lang=settings.language))
        yield messenger


def report_format(fmt: str | None, output: str, lang: str = "vi") -> str:
    """The format asked for, else the one the output's name says, else docx. A name ending in the
    other format's extension is refused: a workbook must not be written under a .docx name."""
    suffix = Path(output).suffix.lower().lstrip(".")
    named = suffix if suffix in FORMATS else None
    if fmt and named and fmt != named:
        raise DomainError(t("cli.report.format_mismatch", lang, fmt=fmt, path=output, ext=fmt))
    return fmt or named or "docx"


async def report_command(ctx: CommandContext) -> int:
    args, lang = ctx.args, ctx.args.lang or ctx.lang
    fmt = report_format(args.format, args.output, lang)
    async with ctx.session() as session:
        file = await plan_report_file(session, args.plan, fmt, as_of(ctx), ctx.settings.tz, lang)
    path = _write_file(args.output, file.data, lang)
    ctx.emit({"output": str(path), "bytes": len(file.data), "format": fmt},
             t("cli.report.wrote", lang, path=path))
    return 0


def _write_file(name: str, data: bytes, lang: str) -> Path:
    path = Path(name)
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise DomainError(t("cli.report.cannot_write", lang, path=path, error=exc.strerror or exc)) from None
    return path
