"""The offline demo: a sample department lives through its plan in simulated time.

Everything real runs: the migrations on a throw-away SQLite file, the
conversation layer, the reminder planner and dispatcher (driven by a
FakeClock), the weekly digest and the plan report. Only the phones are
replaced by the terminal channel, and the people by scripted answers.

The sample plan's dates are spread over a year, so the story plays the weeks
around the deadlines that matter and fast-forwards between them; what the
bot sent meanwhile is counted, not printed.
"""

from __future__ import annotations

import io
import sys
import tempfile
import time as timer
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import selectinload

from bot.assembly import assemble
from bot.terminal import TerminalChannel, officer_labeler, terminal_chat_id
from bot.terminal.session import TerminalSession
from core.calendar import WorkCalendar
from core.clock import FakeClock
from core.deadlines import effective_deadline, load_calendar
from core.i18n import t
from models import (
    Assignment,
    Officer,
    OfficerRole,
    Organization,
    Plan,
    Reminder,
    ReminderState,
    Role,
    Task,
)
from models.db import make_engine
from nhacviec.config import Settings
from nhacviec.demo import observe
from nhacviec.demo import plan as sample_plan
from nhacviec.demo.casting import DatedLead, cast_parts, play_windows
from nhacviec.demo.department import Department, create_department
from nhacviec.demo.director import Director, Reaction
from nhacviec.demo.files import write_outputs
from nhacviec.demo.narrator import HeadedStream, Narrator
from nhacviec.demo.simtime import simulated_sessionmaker
from nhacviec.demo.visibility import Visibility
from scheduler.planner import policy_of

# Times of day the story looks at during a played day (local).
DAY_STEPS = (time(8, 0), time(8, 30), time(10, 0), time(15, 30))
ANSWER_DELAY = timedelta(minutes=10)
SWITCH_INTERVAL = 0.0005  # s, see DemoStory.run
REQUIRED_STEPS = ("import", "reminder", "progress", "done", "difficulty", "office_answer",
                  "snooze", "escalation", "checkin", "digest", "files")
REPLY_KEYS = ("progress", "done", "difficulty", "office_answer", "done_after_help", "head",
              "late_done", "checkin")


@dataclass
class DemoResult:
    output_dir: Path
    files: list[Path] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)  # story steps that really happened, in order
    seconds: float = 0.0
    messages: int = 0  # chat messages the bot sent, printed or fast-forwarded
    # Scripted answers whose effect the database did not show (should stay empty).
    misses: list[str] = field(default_factory=list)


class _Sink(io.StringIO):
    """Where the terminal channel writes while the story fast-forwards."""


class DemoStory:
    def __init__(self, output_dir: Path, lang: str = "vi", stream: TextIO | None = None) -> None:
        self.output_dir = output_dir
        self.lang = lang
        self.out = HeadedStream(stream or sys.stdout)
        self.result = DemoResult(output_dir)

    # --- the whole story ----------------------------------------------------------------

    async def run(self) -> DemoResult:
        started = timer.perf_counter()
        # Thousands of small queries hop to aiosqlite's worker thread and back; with the default
        # 5 ms GIL switch interval each hop can wait that long. Shorter for the demo's run only.
        interval = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_INTERVAL)
        try:
            await self._run_in_temp_db()
        finally:
            sys.setswitchinterval(interval)
        self.result.seconds = timer.perf_counter() - started
        self._closing()
        return self.result

    async def _run_in_temp_db(self) -> None:
        with tempfile.TemporaryDirectory(prefix="nhacviec-demo-") as tmp:
            db_url = f"sqlite+aiosqlite:///{Path(tmp) / 'demo.db'}"
            from migrations.runner import upgrade

            await upgrade(db_url)
            engine = make_engine(db_url)
            _no_fsync(engine)
            try:
                await self._play(db_url, engine)
            finally:
                await engine.dispose()

    async def _play(self, db_url: str, engine) -> None:
        self.settings = Settings(_env_file=None, database_url=db_url, language=self.lang,
                                 telegram_token=None, zalo_token=None)
        self.tz: ZoneInfo = self.settings.tz
        self.narrator = Narrator(self.out, self.tz, self.lang)
        path = sample_plan.find_sample()
        if path is None:
            self.narrator.unavailable("demo.part.sample")
            return
        self.sample = sample_plan.load_sample(path)
        first_day = self._import_day(self.sample)
        self.clock = FakeClock(datetime.combine(first_day, time(7, 30), tzinfo=self.tz))
        self.sessionmaker = simulated_sessionmaker(engine, self.clock)
        self.channel = TerminalChannel(self.out, output_dir=self.output_dir / "chat",
                                       labeler=officer_labeler(self.sessionmaker))
        parts = assemble(self.sessionmaker, self.settings, self.clock, [self.channel])
        self.messenger, self.conversation = parts.messenger, parts.conversation
        from scheduler.runner import ReminderRunner

        self.runner = ReminderRunner(self.sessionmaker, self.messenger, self.tz, clock=self.clock,
                                     default_lang=self.lang)
        self.director = Director({k: t(f"demo.reply.{k}", self.lang) for k in REPLY_KEYS})
        self.seen_reminders: set[int] = set()
        self.seen_escalations: set[int] = set()
        self.visible = Visibility()
        self.channel.show = self.visible

        self.narrator.banner("demo.banner")
        self.narrator.line(self.narrator.t("demo.intro"))
        await self._setup()
        await self._import_plan(first_day)
        windows = await self._cast()
        await self._play_windows(windows)
        await self._overview()
        await self._final_files()
        self.result.messages = len(self.channel.sent)

    # --- setting up -------------------------------------------------------------------

    def _import_day(self, sample: sample_plan.SamplePlan) -> date:
        """The first working day after the plan was issued (or before its first deadline)."""
        calendar = WorkCalendar()
        issued = sample.parsed.plan.issued_on
        deadlines = sample.dated_deadlines
        day = issued + timedelta(days=1) if issued else (
            deadlines[0] - timedelta(days=30) if deadlines else date.today())
        return calendar.next_working_day(day)

    async def _setup(self) -> None:
        n = self.narrator
        n.chapter("demo.chapter.setup")
        async with self.sessionmaker() as session, session.begin():
            self.dept: Department = await create_department(session)
        n.say("demo.org", name=self.dept.org.name)
        for unit in self.dept.units.values():
            people = []
            for officer in self.dept.officers_of(unit.id):
                roles = [self._role_word(officer)] if self._role_word(officer) else []
                if officer.is_focal:
                    roles.append(n.t("demo.role.focal"))
                people.append(f"{officer.name} (#{officer.id}{', ' + ', '.join(roles) if roles else ''})")
            n.say("demo.unit_line", unit=unit.name, people="; ".join(people))
        n.say("demo.linked")
        self.sessions = {
            officer.id: TerminalSession(self.conversation, self.channel, terminal_chat_id(officer.id),
                                        officer.name, self.lang)
            for officer in self.dept.officers.values()
        }

    def _role_word(self, officer: Officer) -> str | None:
        key = {OfficerRole.OFFICE: "demo.role.office", OfficerRole.HEAD: "demo.role.head",
               OfficerRole.LEADER: "demo.role.leader"}.get(officer.role)
        return self.narrator.t(key) if key else None

    async def _import_plan(self, day: date) -> None:
        n = self.narrator
        self._day_heading(day)
        lan = self._office_staff()
        self.clock.set(datetime.combine(day, time(8, 30), tzinfo=self.tz))
        session = self.sessions[lan.id]
        n.at(self.clock.now(), "demo.import.sends", who=lan.name, file=self.sample.path.name)
        await session.send_file(self.sample.path)
        self.clock.advance(timedelta(minutes=5))
        n.at(self.clock.now(), "demo.import.confirms", who=lan.name)
        await session.say("1", echo=True)
        async with self.sessionmaker() as s:
            self.plan = await s.scalar(sa.select(Plan).where(Plan.org_id == self.dept.org.id)
                                       .order_by(Plan.id.desc()).limit(1))
            tasks = (await s.scalars(sa.select(Task).where(Task.org_id == self.dept.org.id))).all()
        if self.plan is None or not tasks:
            return
        self._step("import")
        ongoing = sum(1 for x in tasks if x.recurrence is not None and x.recurrence.value == "ongoing")
        recurring = sum(1 for x in tasks if x.recurrence is not None) - ongoing
        dated = sum(1 for x in tasks if x.deadline is not None)
        n.note("demo.import.summary", tasks=len(tasks), dated=dated, recurring=recurring,
               ongoing=ongoing, untimed=len(tasks) - dated - recurring - ongoing)
        await self.runner.replan()
        # The import planned them already; count what now waits in the outbox.
        async with self.sessionmaker() as s:
            waiting = await s.scalar(
                sa.select(sa.func.count(Reminder.id)).where(Reminder.state == ReminderState.PENDING)
            )
        n.note("demo.planned", n=waiting or 0)
        # An officer looks at what her unit now carries.
        mai = self._first_focal_outside_office()
        if mai is not None:
            self.clock.advance(timedelta(minutes=20))
            n.at(self.clock.now(), "demo.someone_types", who=mai.name)
            await self.sessions[mai.id].say("viec", echo=True)

    # --- who plays what, and when ----------------------------------------------------------

    async def _cast(self) -> list[tuple[date, date]]:
        """Give the dated tasks their parts; return the windows of days to play."""
        async with self.sessionmaker() as s:
            kinds = (await s.execute(
                sa.select(Assignment.id, Assignment.role, Task.recurrence)
                .join(Task, Task.id == Assignment.task_id).where(Task.org_id == self.dept.org.id)
            )).all()
            calendar = await load_calendar(s, self.dept.org.id)
            rows = (await s.scalars(
                sa.select(Assignment).join(Task, Task.id == Assignment.task_id)
                .where(Task.org_id == self.dept.org.id, Assignment.role == Role.LEAD,
                       Task.deadline.is_not(None), Task.cancelled_at.is_(None))
                .options(selectinload(Assignment.task), selectinload(Assignment.unit))
            )).all()
        self.calendar = calendar  # the organization's own days off count when playing days
        self.visible.kinds = {aid: (str(role), rec is not None) for aid, role, rec in kinds}
        leads = [DatedLead(a.id, a.unit_id, a.unit.is_office, effective_deadline(a.task, a, calendar),
                           a.task.position) for a in rows]
        cast = cast_parts(leads, self.clock.now().astimezone(self.tz).date(), calendar)
        for part, lead in cast.items():
            self.director.parts[lead.assignment_id] = part
        self.visible.cast = set(self.director.parts)
        policy = policy_of(self.dept.org)
        return play_windows(cast, calendar, policy.head_from_overdue * policy.overdue_every)

    # --- time -------------------------------------------------------------------------------

    async def _play_windows(self, windows: list[tuple[date, date]]) -> None:
        # The weekly digest is printed in full once, on the last Friday played; else one line.
        fridays = [start + timedelta(days=i) for start, end in windows
                   for i in range((end - start).days + 1)
                   if (start + timedelta(days=i)).isoweekday() == 5]
        self.full_digest_day = fridays[-1] if fridays else None
        for start, end in windows:
            await self._fast_forward(start)
            day = start
            while day <= end:
                if self.calendar.is_working_day(day):
                    await self._play_day(day)
                day += timedelta(days=1)

    async def _fast_forward(self, until: date) -> None:
        """Run the schedule unprinted up to the morning of `until`.

        The clock lands on each reminder's due time, and at least weekly so the
        daily re-plan (14 days ahead) never misses a slot: what is sent is what
        the live bot would send, only not printed.
        """
        end = datetime.combine(until, time(7, 0), tzinfo=self.tz)
        if self.clock.now() >= end:
            return
        before = len(self.channel.sent)
        self.channel.stream, self.channel.show = _Sink(), None
        try:
            while True:
                await self.runner.tick()
                due = await self.runner.dispatcher.next_due_at()
                week = self.clock.now() + timedelta(days=7)
                target = min(x for x in (due, week, end) if x is not None)
                if target <= self.clock.now():
                    target = self.clock.now() + timedelta(minutes=30)
                if target >= end:
                    break
                self.clock.set(target)
            await self._collect(react=False)
        finally:
            self.channel.stream, self.channel.show = self.out, self.visible
        self.clock.set(end)
        counted = len(self.channel.sent) - before
        self.channel.hidden = 0
        self.out.pending.clear()
        self.narrator.line()
        self.narrator.say("demo.fast_forward", day=self._weekday(until), n=counted)

    async def _play_day(self, day: date) -> None:
        self._day_heading(day)
        from reports.delivery import run_due_digests

        for moment in DAY_STEPS:
            self.clock.set(datetime.combine(day, moment, tzinfo=self.tz))
            self.narrator.at(self.clock.now(), "demo.bot_sends", pending=True)
            await self.runner.tick()
            full = day == self.full_digest_day
            if not full:
                self.channel.stream = _Sink()
            try:
                handled = await run_due_digests(self.sessionmaker, self.messenger, self.clock,
                                                self.settings)
            finally:
                self.channel.stream = self.out
            if any(state == "sent" for _slug, _aud, state in handled):
                self._step("digest")
                if full:
                    self.narrator.note("demo.note.digest")
                else:
                    self.narrator.drop_pending_time()
                    self.narrator.at(self.clock.now(), "demo.digest_quiet",
                                     who=self._office_staff().name)
            reactions = await self._collect(react=True)
            self._hidden_note()
            self.narrator.drop_pending_time()
            if reactions:
                self.clock.advance(ANSWER_DELAY)
                for reaction in reactions:
                    await self._perform(reaction)
                self.narrator.drop_pending_time()

    def _day_heading(self, day: date) -> None:
        self.narrator.day(day, day.isocalendar().week)

    def _weekday(self, day: date) -> str:
        from core.timefmt import format_date_weekday

        return format_date_weekday(day, self.lang)

    # --- what happened, and who answers ------------------------------------------------------

    async def _collect(self, react: bool) -> list[Reaction]:
        """New reminders and escalations since the last look; the reactions they call for."""
        async with self.sessionmaker() as s:
            fresh = await observe.sent_reminders(s, self.seen_reminders)
            escalations = await observe.difficulty_escalations(s, self.seen_escalations)
        self.seen_reminders |= {r.id for r in fresh}
        self.seen_escalations |= {r.id for r in escalations}
        if not react:
            return []
        reactions: list[Reaction] = []
        for row in fresh:
            if row.id not in self.visible.shown_reminders:
                continue  # not printed: nobody in the story reacts to it
            sent = observe.delivered(row, self.dept)
            self._step("reminder")
            if sent.family == "checkin":
                self._step("checkin")
                self.narrator.note("demo.note.checkin")
            if sent.family == "snooze":
                self.narrator.note("demo.note.snoozed_back")
            if sent.head_ids:
                self._step("escalation")
                head = self.dept.by_id(sent.head_ids[0])
                days = (self.clock.now().astimezone(self.tz).date() - row.assignment.task.deadline).days
                self.narrator.note("demo.note.escalation", n=days, head=head.name if head else "")
            reactions += self.director.react(sent)
        office = {o.id for o in self.dept.officers.values() if o.role == OfficerRole.OFFICE}
        reactions += [self.director.office_answer(ref.officer_id, ref.update_id)
                      for ref in escalations if ref.officer_id in office]
        return reactions

    async def _perform(self, reaction: Reaction) -> None:
        officer = self.dept.by_id(reaction.officer_id)
        talk = self.sessions[reaction.officer_id]
        self.narrator.at(self.clock.now(), reaction.narrate, who=officer.name)
        async with self.sessionmaker() as s:
            self.visible.audience = await self._audience(s, reaction, officer)
            latest = await observe.latest_context(s, terminal_chat_id(officer.id))
        try:
            if reaction.assignment_id is not None and latest != reaction.assignment_id:
                # Another reminder came after this one: open the task first, then answer it.
                await talk.say(f"viec {reaction.task_id}", echo=True)
            await talk.say(reaction.reply, echo=True)
        finally:
            self.visible.audience = None
        self._hidden_note()
        async with self.sessionmaker() as s:
            effect = await observe.effect_of(s, reaction, self.tz)
        if effect is None:
            self.result.misses.append(f"{reaction.reply!r} (assignment {reaction.assignment_id}): "
                                      f"no {reaction.expect}")
            return
        self._step(effect.step)
        params = dict(effect.params)
        if "late" in params:
            params["late"] = self.narrator.t("demo.note.late") if params["late"] else ""
        if "when" in params:
            params["when"] = f"{params['when']:%H:%M} {self._weekday(params['when'].date())}"
        self.narrator.note(effect.note, **params)

    async def _audience(self, s, reaction: Reaction, officer: Officer) -> set[int]:
        """Whose phones an answer prints: the speaker, Văn phòng, the unit's head; for an
        office answer, the officer who asked."""
        people = {officer.id}
        if reaction.expect == "office_answer":
            asker = await observe.asker_of(s, int(reaction.reply.split()[1]))
            return people | ({asker} if asker else set())
        people |= {o.id for o in self.dept.officers.values() if o.role == OfficerRole.OFFICE}
        head = self.dept.head_of(officer.unit_id)
        return people | ({head.id} if head else set())

    def _hidden_note(self) -> None:
        if self.channel.hidden:
            self.narrator.note("demo.note.hidden", n=self.channel.hidden)
            self.channel.hidden = 0

    # --- the end ------------------------------------------------------------------------------

    async def _overview(self) -> None:
        lan = self._office_staff()
        self.narrator.chapter("demo.chapter.office")
        self.narrator.at(self.clock.now(), "demo.someone_types", who=lan.name)
        await self.sessions[lan.id].say("tongquan", echo=True)

    async def _final_files(self) -> None:
        n = self.narrator
        n.chapter("demo.chapter.files")
        async with self.sessionmaker() as s:
            org = await s.get(Organization, self.dept.org.id)
            written = await write_outputs(s, org, self.plan.id if self.plan else None,
                                          self.clock.now(), self.tz, self.lang, self.output_dir)
        written += [("demo.file.chat", p) for p in self.channel.files]
        for what, path in written:
            n.say("demo.file_line", what=n.t(what), path=path, size=_size(path.stat().st_size))
        self.result.files = [p for _w, p in written]
        if written and all(p.stat().st_size > 0 for p in self.result.files):
            self._step("files")

    def _closing(self) -> None:
        n = getattr(self, "narrator", None)
        if n is None:
            return
        n.line()
        shown = ", ".join(n.t(f"demo.step.{s}") for s in self.result.steps)
        n.say("demo.summary", seconds=self.result.seconds, messages=self.result.messages, steps=shown)
        n.line()
        n.say("demo.next")

    # --- small helpers ------------------------------------------------------------------------

    def _step(self, name: str) -> None:
        if name not in self.result.steps:
            self.result.steps.append(name)

    def _office_staff(self) -> Officer:
        return next(o for o in self.dept.officers.values() if o.role == OfficerRole.OFFICE)

    def _first_focal_outside_office(self) -> Officer | None:
        return next((o for o in self.dept.officers.values()
                     if o.is_focal and o.unit_id != self.dept.office.id), None)


def _no_fsync(engine) -> None:
    """A throw-away database need not survive a power cut: skip fsync, run faster."""

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_conn, _record):
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA synchronous=OFF")
        cur.close()


def _size(n: int) -> str:
    return f"{n} B" if n < 1024 else f"{n / 1024:.1f} KB"


async def run_demo(output_dir: Path | str | None = None, lang: str = "vi",
                   stream: TextIO | None = None) -> DemoResult:
    """Play the demo; returns what happened and the files written."""
    output = Path(output_dir) if output_dir is not None else Path.cwd() / "nhacviec-demo"
    return await DemoStory(output, lang, stream).run()


__all__ = ["REQUIRED_STEPS", "DemoResult", "run_demo"]
