"""`nhacviec chat`: a scripted terminal session through the real conversation and database."""

from __future__ import annotations

import io
from datetime import date

import pytest
import sqlalchemy as sa

from bot.terminal.chat import run_chat
from core.errors import DomainError
from models import Assignment, ChatIdentity, Plan, Task, TaskUpdate, UpdateKind
from nhacviec.config import Settings
from nhacviec.demo.plan import SAMPLES_DIR as SAMPLES
from tests.factories import add_task, make_sample_org
from tests.nhacviec.demo.frames import frames_of


@pytest.fixture
async def sample(sessionmaker):
    async with sessionmaker() as session, session.begin():
        org = await make_sample_org(session)
        task = await add_task(session, org, "Báo cáo tự đánh giá chỉ số cải cách hành chính",
                              lead=["inspect"], deadline=date(2026, 3, 20))
    return org, task


async def chat(db_url, clock, tmp_path, org_ref, officer_id, script: str) -> tuple[int, str]:
    settings = Settings(_env_file=None, database_url=db_url)
    out = io.StringIO()
    handled = await run_chat(settings, org_ref, officer_id, io.StringIO(script), out,
                             output_dir=tmp_path, clock=clock, migrate=False)
    return handled, out.getvalue()


async def test_scripted_session_lists_answers_and_reports(db_url, sessionmaker, clock, tmp_path, sample):
    org, task = sample
    mai = org.officers["mai"]
    script = "\n".join([
        "viec",
        f"viec {task.id}",
        "2 Đã xong dự thảo báo cáo",
        "3 Thiếu số liệu của Chi cục",
        "1",
        "thoát",
        "không được đọc",
    ]) + "\n"
    handled, output = await chat(db_url, clock, tmp_path, org.org.slug, mai.id, script)
    assert handled == 5
    mine = frames_of(output, "Lê Thị Mai (Thanh tra Sở)")
    assert len(mine) >= 5
    assert mine[0].said("Báo cáo tự đánh giá") and mine[0].said("20/03/2026")  # the list
    assert mine[1].said("1 - ") and mine[1].said("3 <")  # the task card with its numbered choices
    assert "không được đọc" not in output
    async with sessionmaker() as session:
        kinds = (await session.scalars(sa.select(TaskUpdate.kind).order_by(TaskUpdate.id))).all()
        lead = await session.scalar(sa.select(Assignment).where(Assignment.task_id == task.id,
                                                                Assignment.unit_id == mai.unit_id))
        identities = (await session.scalars(sa.select(ChatIdentity))).all()
    assert kinds[:3] == [UpdateKind.PROGRESS, UpdateKind.DIFFICULTY, UpdateKind.DONE]
    assert lead.completed_at == clock.now()
    assert identities == []  # the terminal link lasted for the session only


async def test_office_staff_can_chat_too(db_url, clock, tmp_path, sample):
    org, _task = sample
    handled, output = await chat(db_url, clock, tmp_path, org.org.slug, org.officers["lan"].id,
                                 "tongquan\n")
    assert handled == 1
    assert frames_of(output, "Nguyễn Thị Lan (Văn phòng Sở)")


async def test_officer_of_another_org_is_refused(db_url, sessionmaker, clock, tmp_path, sample):
    org, _task = sample
    async with sessionmaker() as session, session.begin():
        other = await make_sample_org(session, slug="so-khac")
    with pytest.raises(DomainError, match="không thuộc"):
        await chat(db_url, clock, tmp_path, org.org.slug, other.officers["mai"].id, "viec\n")


async def test_missing_file_is_said_and_nothing_breaks(db_url, clock, tmp_path, sample):
    org, _task = sample
    handled, output = await chat(db_url, clock, tmp_path, org.org.slug, org.officers["mai"].id,
                                 f"@{tmp_path / 'khong-co.md'}\nviec\n")
    assert handled == 2
    assert "Không tìm thấy tệp" in output


async def test_office_tests_a_plan_file_before_inviting_people(db_url, sessionmaker, clock, tmp_path,
                                                               sample):
    org, _task = sample
    plan_file = SAMPLES / "ke-hoach-mau.md"
    handled, output = await chat(db_url, clock, tmp_path, org.org.slug, org.officers["lan"].id,
                                 f"@{plan_file}\n1\n")
    assert handled == 2
    lan = frames_of(output, "Nguyễn Thị Lan (Văn phòng Sở)")
    assert lan[0].said("45/KH-SKHCN") and lan[0].said("1 - ")  # the preview asks to confirm
    async with sessionmaker() as session:
        plan = await session.scalar(sa.select(Plan).where(Plan.org_id == org.org.id))
        tasks = (await session.scalars(sa.select(Task).where(Task.plan_id == plan.id))).all()
    assert plan.number == "45/KH-SKHCN"
    assert len(tasks) >= 5


def test_nhacviec_chat_command_reads_a_pipe(tmp_path, monkeypatch, capsys):
    """The real entry point: migrations, the officer linked, stdin lines until EOF."""
    from nhacviec.cli import main

    monkeypatch.setenv("NHACVIEC_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.chdir(tmp_path)
    assert main(["org", "create", "Sở Thử Nghiệm", "--slug", "so-thu"]) == 0
    assert main(["unit", "add", "so-thu", "Văn phòng Sở", "--office"]) == 0
    assert main(["unit", "add", "so-thu", "Thanh tra Sở", "--alias", "Thanh tra"]) == 0
    assert main(["officer", "add", "so-thu", "--unit", "Thanh tra", "--name", "Lê Thị Mai"]) == 0
    assert main(["task", "add", "so-thu", "--text", "Rà soát quy chế tiếp công dân",
                 "--lead", "Thanh tra", "--deadline", "13/12/2030"]) == 0
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin", io.StringIO("viec\nviec 1\n2 Đang rà soát\n"))
    assert main(["chat", "so-thu", "--as", "1"]) == 0
    out = capsys.readouterr().out
    mine = frames_of(out, "Lê Thị Mai (Thanh tra Sở)")
    assert mine[0].said("Rà soát quy chế tiếp công dân") and mine[0].said("13/12/2030")
    assert mine[-1].said("#1")  # progress saved on task 1
    assert out.rstrip().endswith("(3 tin nhắn).")


def test_nhacviec_chat_command_refuses_an_unknown_officer(tmp_path, monkeypatch, capsys):
    from nhacviec.cli import main

    monkeypatch.setenv("NHACVIEC_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    assert main(["org", "create", "Sở Thử Nghiệm", "--slug", "so-thu"]) == 0
    assert main(["chat", "so-thu", "--as", "99"]) == 2
    assert "Không tìm thấy cán bộ số 99" in capsys.readouterr().err
