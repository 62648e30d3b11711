"""The digest as chat text: one markup string per section, packed into messages.

Sections are built so a message break falls between them; a section longer
than the channel's limit is split on its own line boundaries. Every string
that came from a user is escaped; tags stay within one line.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

from core.channel import split_text, to_plain_text
from core.i18n import t
from core.labels import ICONS, official_label
from core.status import Official, Status
from core.timefmt import format_date
from models import UpdateKind
from reports.digest import Digest, TaskRef, UpdateInfo

MAX_ITEMS = 25  # per list section in chat; the workbook has every row
TASK_CHARS = 90
NOTE_CHARS = 120
# The categories wear the icons of their statuses, as everywhere else in the bot.
OFFICIAL_ICONS = {official: ICONS[Status(official.value)] for official in Official}


def fmt_date(day: date | None) -> str:
    """dd/mm/yyyy, or nothing (core.timefmt shows a dash for a missing date)."""
    return format_date(day) if day else ""


def shorten(text: str | None, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def task_label(task: TaskRef, limit: int = TASK_CHARS) -> str:
    ref = f" [{escape(task.ref)}]" if task.ref else ""
    return f"#{task.id}{ref} {escape(shorten(task.text, limit))}"


def update_text(update: UpdateInfo, lang: str, limit: int = NOTE_CHARS) -> str:
    """What an update said, or what kind of update it was when it carried no text."""
    if update.text:
        return escape(shorten(update.text, limit))
    return t("report.update." + update.kind.value, lang)


def digest_sections(digest: Digest, lang: str = "vi", files: bool = True) -> list[str]:
    """The digest's sections, each a markup string; empty sections say so in one line."""
    sections = [_header(digest, lang), _totals(digest, lang)]
    if digest.unit is None:
        sections.append(_by_unit(digest, lang))
    more = "digest.more" if files else "digest.more_plain"
    sections.append(_overdue(digest, lang, more))
    sections.append(_due_next(digest, lang, more))
    sections.append(
        _list(
            t("digest.completed", lang, n=len(digest.completed)),
            [
                t("digest.completed_item", lang, task=task_label(i.task), unit=_unit(digest, i.unit),
                  who=f" ({escape(i.by)})" if i.by else "", date=fmt_date(i.completed_on),
                  late=t("digest.completed_late", lang) if i.late else "")
                for i in digest.completed
            ],
            lang, more,
        )
    )
    if digest.awaiting:
        sections.append(
            _list(
                t("digest.awaiting", lang, n=len(digest.awaiting)),
                [
                    t("digest.awaiting_item", lang, task=task_label(i.task), unit=_unit(digest, i.unit),
                      date=fmt_date(i.reported_on))
                    for i in digest.awaiting
                ],
                lang, more,
            )
        )
    sections.append(_requests(digest, lang, more))
    if digest.deliveries:
        sections.append(_deliveries(digest, lang))
    # Numbered here, not in the texts, so a unit's digest (no per-unit section) counts on.
    return [sections[0], *(s.replace("<b>", f"<b>{n}. ", 1) for n, s in enumerate(sections[1:], start=1))]


def digest_messages(digest: Digest, limit: int, lang: str = "vi", files: bool = True) -> list[str]:
    """The digest packed into as few messages as fit `limit` characters each."""
    return pack(digest_sections(digest, lang, files), limit)


def digest_plain(digest: Digest, lang: str = "vi") -> str:
    return to_plain_text("\n\n".join(digest_sections(digest, lang)))


def pack(sections: Sequence[str], limit: int) -> list[str]:
    """Join sections into messages, breaking between sections; split only oversize ones."""
    messages: list[str] = []
    current = ""
    for section in sections:
        for part in split_text(section, limit):
            candidate = f"{current}\n\n{part}" if current else part
            if len(candidate) <= limit:
                current = candidate
            else:
                messages.append(current)
                current = part
    if current:
        messages.append(current)
    return messages


# --- sections ----------------------------------------------------------------------------


def _header(digest: Digest, lang: str) -> str:
    key, name = ("digest.title_unit", digest.unit.name) if digest.unit else ("digest.title", digest.org)
    title = t(key, lang, week=digest.period.week, year=digest.period.year,
              org=escape(name), unit=escape(name))
    as_of = t("digest.as_of", lang, time=digest.as_of.strftime("%H:%M"), date=fmt_date(digest.today))
    return f"{title}\n{as_of}"


def _totals(digest: Digest, lang: str) -> str:
    counts = digest.total
    lines = [t("digest.totals", lang, n=counts.total)]
    for official, icon in OFFICIAL_ICONS.items():
        lines.append(f"{icon} {official_label(official, lang)}: {counts.official[official]}")
    s = counts.status
    lines.append(
        t("digest.totals_extra", lang, due_soon=s[Status.DUE_SOON], ongoing=s[Status.ONGOING],
          blocked=counts.blocked, awaiting=s[Status.AWAITING_CONFIRMATION],
          no_deadline=s[Status.NO_DEADLINE])
    )
    return "\n".join(lines)


def _by_unit(digest: Digest, lang: str) -> str:
    icons = OFFICIAL_ICONS
    lines = [t("digest.by_unit", lang, done=icons[Official.DONE_ON_TIME], late=icons[Official.DONE_LATE],
               open=icons[Official.IN_PROGRESS], overdue=icons[Official.OVERDUE])]
    for row in digest.by_unit:
        figures = " ".join(f"{icon}{row.counts.official[o]}" for o, icon in OFFICIAL_ICONS.items())
        lines.append(f"• {escape(row.unit)}: {figures}")
    return "\n".join(lines)


def _overdue(digest: Digest, lang: str, more: str) -> str:
    lines = [t("digest.overdue", lang, n=len(digest.overdue))]
    if not digest.overdue:
        lines.append(t("digest.none", lang))
        return "\n".join(lines)
    shown = digest.overdue[:MAX_ITEMS]
    unit = None
    for item in shown:
        if item.unit != unit and digest.unit is None:
            unit = item.unit
            lines.append(f"<b>{escape(unit)}</b>")
        lines.append(t("digest.overdue_item", lang, task=task_label(item.task),
                       deadline=fmt_date(item.deadline), days=item.days_late))
        if item.last_update is not None:
            lines.append(t("digest.last_update", lang, date=fmt_date(item.last_update.created_on),
                           text=update_text(item.last_update, lang)))
        else:
            lines.append(t("digest.no_update", lang))
        if item.difficulty is not None and item.last_update is not None and (
            item.last_update.kind is not UpdateKind.DIFFICULTY
        ):
            lines.append(t("digest.difficulty_line", lang, text=escape(shorten(item.difficulty, NOTE_CHARS))))
    if len(digest.overdue) > len(shown):
        lines.append(t(more, lang, n=len(digest.overdue) - len(shown)))
    return "\n".join(lines)


def _due_next(digest: Digest, lang: str, more: str) -> str:
    # A task several units lead shows once, with its units (items come sorted by deadline, task).
    grouped: dict[tuple[date, int], list[str]] = {}
    first: dict[tuple[date, int], object] = {}
    for item in digest.due_next:
        key = (item.deadline, item.task.id)
        grouped.setdefault(key, []).append(item.unit)
        first.setdefault(key, item)
    lines = [
        t("digest.due_item", lang, deadline=fmt_date(item.deadline), task=task_label(item.task),
          left=_left(item.days_left, lang), unit=_unit(digest, ", ".join(grouped[key])))
        for key, item in first.items()
    ]
    title = t("digest.due_next", lang, until=fmt_date(digest.due_until), n=len(lines))
    return _list(title, lines, lang, more)


def _requests(digest: Digest, lang: str, more: str) -> str:
    lines = []
    for item in digest.requests:
        common = {
            "task": task_label(item.task, 60),
            "unit": _unit(digest, item.unit),
            "who": f" ({escape(item.by)})" if item.by else "",
            "date": fmt_date(item.on),
            "text": escape(shorten(item.text, NOTE_CHARS)),
        }
        if item.kind is UpdateKind.EXTENSION_REQUEST:
            lines.append(t("digest.request_extension", lang, until=fmt_date(item.requested_deadline) or "?", **common))
        else:
            lines.append(t("digest.request_difficulty", lang, **common))
    return _list(t("digest.requests", lang, n=len(digest.requests)), lines, lang, more)


def _deliveries(digest: Digest, lang: str) -> str:
    facts = digest.deliveries
    lines = [t("digest.deliveries", lang)]
    lines += _capped(
        [
            t("digest.unreachable_item", lang, officer=escape(u.officer), unit=escape(u.unit),
              platform=t("report.platform." + u.platform, lang), date=fmt_date(u.since))
            for u in facts.unreachable
        ],
        lang, "digest.more_plain",
    )
    lines += _capped(
        [
            t("digest.failed_item", lang, task=task_label(_ref(f.task_id, f.task), 60),
              unit=escape(f.unit), error=escape(shorten(f.error, 80)))
            for f in facts.failed
        ],
        lang, "digest.more_plain",
    )
    if facts.unregistered_units:
        units = ", ".join(escape(u) for u in facts.unregistered_units)
        lines.append(t("digest.unregistered", lang, units=units))
    return "\n".join(lines)


def _unit(digest: Digest, name: str) -> str:
    """" — Unit name" after an item; nothing in a unit's own digest, where it is always the same."""
    return "" if digest.unit is not None else f" — {escape(name)}"


def _ref(task_id: int, text: str) -> TaskRef:
    return TaskRef(task_id, None, text, None)


def _left(days_left: int, lang: str) -> str:
    return t("digest.due_today", lang) if days_left <= 0 else t("digest.days_left", lang, n=days_left)


def _list(title: str, items: list[str], lang: str, more: str) -> str:
    return "\n".join([title, *(_capped(items, lang, more) or [t("digest.none", lang)])])


def _capped(items: list[str], lang: str, more: str, cap: int = MAX_ITEMS) -> list[str]:
    if len(items) <= cap:
        return items
    return [*items[:cap], t(more, lang, n=len(items) - cap)]

