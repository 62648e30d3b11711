"""Who may do what: role × action × unit, for every command and button.

One task per action: Thanh tra Sở leads it, Phòng Quản lý Khoa học coordinates,
Văn phòng monitors. Every officer below presses the button or types the command
on it, and the table says what must happen:

- "ok": the action goes through (or answers "already done": the right to act was granted),
- "refused": a refusal (wrong unit, wrong role, another organization), nothing of the
  task is shown to them and nothing changes,
- "none": no refusal, but nothing happens (a button bound to someone else's pending
  question is stale; a name of an officer of another organization is not found).

Refusals are caught where they are raised (`Refused`), so the table checks the reason,
not a wording.
"""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from conversation.context import IMPORT, Refused, user_key
from core.errors import DomainError
from models import (
    ChatIdentity,
    ChatState,
    OfficerRole,
    Platform,
    TaskUpdate,
    UpdateKind,
)
from services import directory
from tests.conversation.conftest import user_id
from tests.factories import make_sample_org

# Who: role, and where their unit stands to the task.
ACTORS = {
    "mai": "officer of the lead unit",
    "hung": "head of the lead unit",
    "thu": "officer of the coordinating unit",
    "son": "head of the coordinating unit",
    "minh": "officer of an unrelated unit",
    "khoa": "head of an unrelated unit",
    "lan": "Văn phòng",
    "director": "leader",
    "x_mai": "officer, other organization (its lead unit)",
    "x_hung": "head, other organization",
    "x_lan": "Văn phòng, other organization",
}
ORDER = list(ACTORS)

OK, NO, NONE = "ok", "refused", "none"


def row(mai, hung, thu, son, minh, khoa, lan, director, x_mai, x_hung, x_lan):
    return dict(zip(ORDER, (mai, hung, thu, son, minh, khoa, lan, director, x_mai, x_hung, x_lan),
                    strict=True))


VIEW = row(OK, OK, OK, OK, NO, NO, OK, OK, NO, NO, NO)  # the /viec check
ACT_ON_LEAD = row(OK, OK, NO, NO, NO, NO, OK, NO, NO, NO, NO)  # the lead unit's assignment
# Typed: on one's own unit's assignment (leaders sit in Văn phòng, which monitors every task).
ACT_TYPED = row(OK, OK, OK, OK, NO, NO, OK, OK, NO, NO, NO)
OFFICE_DECIDES = row(NO, NO, NO, NO, NO, NO, OK, NO, NO, NO, NO)
OVERSEERS = row(NO, NO, NO, NO, NO, NO, OK, OK, NO, NO, OK)  # org-wide views, any org's own
OFFICE_ANY_ORG = row(NO, NO, NO, NO, NO, NO, OK, NO, NO, NO, OK)
ANSWER = row(NO, OK, NO, NO, NO, NO, OK, OK, NO, NO, NO)  # Văn phòng, leaders, the unit's head
HEADS = row(NO, OK, NO, OK, NO, OK, OK, NO, NO, OK, OK)
EVERYONE = row(OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK)

# action -> (how it is sent, expected per actor). {t} task, {a} lead assignment,
# {done}/{ext}/{diff} updates of the lead unit, {pick} Lê Thị Mai's pending pick list,
# {imp} Văn phòng's pending import, {mai_id} her officer id.
TABLE = {
    # buttons
    "task:{t}": VIEW,
    "more:{a}": VIEW,
    "done:{a}": ACT_ON_LEAD,
    "progress:{a}": ACT_ON_LEAD,
    "difficulty:{a}": ACT_ON_LEAD,
    "snooze:{a}:1": ACT_ON_LEAD,
    "confirm:{done}": OFFICE_DECIDES,
    "return:{done}": OFFICE_DECIDES,
    "extok:{ext}": OFFICE_DECIDES,
    "extno:{ext}": OFFICE_DECIDES,
    "pick:{pick}:1": row(OK, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE),
    "imp_no:{imp}": row(NO, NO, NO, NO, NO, NO, OK, NO, NO, NO, NONE),
    # The import's questions (a lead unit, chasing an old plan) are Văn phòng's; this preview
    # asks neither, so for Văn phòng the buttons are stale.
    "imp_lead:{imp}:1": row(NO, NO, NO, NO, NO, NO, NONE, NO, NO, NO, NONE),
    "imp_remind:{imp}:0": row(NO, NO, NO, NO, NO, NO, NONE, NO, NO, NO, NONE),
    "imp_xlsx:{imp}": row(NO, NO, NO, NO, NO, NO, OK, NO, NO, NO, NONE),  # the review sheet
    "huy": EVERYONE,
    # Keeps words only the presser was asked about (none here): stale for everyone.
    "keep:{a}": row(NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE),
    # typed commands
    "/viec {t}": VIEW,
    "/viec": EVERYONE,
    # A helping or monitoring unit cannot finish a task: not refused, but not done either.
    "/xong {t}": row(OK, OK, NONE, NONE, NO, NO, OK, NONE, NO, NO, NO),
    "/tiendo {t} đang làm": ACT_TYPED,
    "/khokhan {t} thiếu người": ACT_TYPED,
    "/giahan {t} 30/06/2026 chờ số liệu": ACT_TYPED,
    "/xacnhan {done}": OFFICE_DECIDES,
    "/tralai {done}": OFFICE_DECIDES,
    "/dongy {ext}": OFFICE_DECIDES,
    "/tuchoi {ext}": OFFICE_DECIDES,
    "/traloi {diff} đã bố trí người": ANSWER,
    "/tongquan": OVERSEERS,
    "/quahan": OVERSEERS,
    "/baocao": OVERSEERS,
    "/dondoc {t}": OFFICE_DECIDES,
    "/moi Thanh tra | Người Mới": OFFICE_ANY_ORG,
    "/phancong {t} {mai_id}": row(NO, OK, NO, NO, NO, NO, OK, NO, NO, NONE, NONE),
    "/lienket": HEADS,  # each in a fresh group of their own
    # Another organization's Văn phòng does not even find the officer.
    "/golienket {mai_id} zalo": row(NO, NO, NO, NO, NO, NO, OK, NO, NO, NO, NONE),
    "/ngung {minh_id}": row(NO, NO, NO, NO, NO, NO, OK, NO, NO, NO, NONE),
    "/trogiup": EVERYONE,
    # A calendar event's link opens the task: the /viec check.
    "/start viec_{t}": VIEW,
    "/lich": EVERYONE,  # one's own calendar
    # The unit's shared calendar: its head, Văn phòng and leaders (each of their own unit).
    "/lich donvi": row(NO, OK, NO, OK, NO, OK, OK, OK, NO, OK, OK),
}


# The pending import's file (the review sheet is made from it).
_PLAN = "KẾ HOẠCH\nThử nghiệm năm 2026\nII. NHIỆM VỤ\n1. Rà soát hồ sơ trước ngày 30/6/2026. Giao Thanh tra Sở thực hiện.\n".encode()


async def _world(h):
    """The actors linked on Telegram, the task, its updates, the pending states."""
    await h.set_org(require_confirmation=True)
    async with h.sessionmaker() as session, session.begin():
        khoa = await directory.add_officer(session, h.sample.org, h.sample.units["tech"], "Bùi Khoa",
                                           role=OfficerRole.HEAD)
        h.sample.officers["khoa"] = khoa
        other = await make_sample_org(session, slug="so-khac")
        for key in ("mai", "hung", "lan"):
            h.sample.officers[f"x_{key}"] = other.officers[key]
        for key in ORDER:
            uid = user_id(key, "telegram")
            session.add(ChatIdentity(officer_id=h.sample.officers[key].id, platform=Platform.TELEGRAM,
                                     user_id=uid, chat_id=uid))
        # Lê Thị Mai has a Zalo account too: the one /golienket cuts.
        session.add(ChatIdentity(officer_id=h.sample.officers["mai"].id, platform=Platform.ZALO,
                                 user_id="za-mai", chat_id="za-mai"))
    task_id, aids = await h.task("Rà soát quy trình nội bộ bí mật", ["inspect"], coordinate=["science"],
                                 deadline=date(2026, 4, 30))
    await h.task("Việc thứ hai của Thanh tra", ["inspect"], deadline=date(2026, 5, 30))
    lead = aids["inspect"]
    ids = {"t": task_id, "a": lead, "mai_id": h.officer_id("mai"), "minh_id": h.officer_id("minh")}
    await h.say("mai", "đã gửi dự thảo")  # two open tasks: a pick list waits for her
    async with h.sessionmaker() as session:
        ids["pick"] = await session.scalar(sa.select(ChatState.id).where(
            ChatState.key.like("step:%"), ChatState.chat_id == user_id("mai", "telegram")))
    assert ids["pick"] is not None
    async with h.sessionmaker() as session, session.begin():
        mai = h.officer_id("mai")
        for name, kind, extra in (("done", UpdateKind.DONE, {}),
                                  ("ext", UpdateKind.EXTENSION_REQUEST, {"requested_deadline": date(2026, 6, 30)}),
                                  ("diff", UpdateKind.DIFFICULTY, {})):
            update = TaskUpdate(assignment_id=lead, officer_id=mai, kind=kind, text="…", created_at=h.clock.now(),
                            **extra)
            session.add(update)
            await session.flush()
            ids[name] = update.id
        imp = ChatState(platform=Platform.TELEGRAM, chat_id=user_id("lan", "telegram"),
                        key=user_key(IMPORT, user_id("lan", "telegram")),
                        data={"org_id": h.sample.org.id, "filename": "ke-hoach.txt"}, blob=_PLAN,
                        expires_at=h.clock.now().replace(year=2030))
        session.add(imp)
        await session.flush()
        ids["imp"] = imp.id
    return ids


@pytest.mark.parametrize("action", list(TABLE))
async def test_who_may_do_what(h, monkeypatch, action):
    raised: list[DomainError] = []
    original = DomainError.__init__

    def spy(self, *args, **kwargs) -> None:  # every refusal or domain error, where it is raised
        original(self, *args, **kwargs)
        raised.append(self)

    monkeypatch.setattr(DomainError, "__init__", spy)
    ids = await _world(h)
    secret = "bí mật"  # in the task's text: a refused actor must never see it
    outcomes = {}
    for n, who in enumerate(ORDER):
        text = action.format(**ids)
        sent, edits = len(h.tg.sent), len(h.tg.edits)
        raised.clear()
        group = action == "/lienket"
        if text.startswith("/"):
            await h.say(who, text, chat_id=f"-100{n}" if group else None, group=group)
            ack = None
        else:
            ack = await h.press(who, text, f"m{n}")
        shown = [s.text for s in h.tg.sent[sent:]] + [e.message.text for e in h.tg.edits[edits:]]
        stale = ack is not None and ack.text is not None and (ack.alert or "hết hạn" in ack.text)
        if any(isinstance(e, Refused) for e in raised):
            outcomes[who] = NO
            assert not any(secret in s for s in shown), (who, shown)
        elif raised or stale:
            outcomes[who] = NONE
        else:
            outcomes[who] = OK
    expected = {who: TABLE[action][who] for who in ORDER}
    assert outcomes == expected, {w: (outcomes[w], expected[w]) for w in ORDER if outcomes[w] != expected[w]}
