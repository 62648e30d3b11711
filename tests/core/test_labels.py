"""How a status is named: a recurring task says which recurrence it has."""

import pytest

from conversation.render import deadline_text, status_line
from core.labels import status_label
from core.status import Official, Status, TaskStatus
from models import Recurrence

ONGOING = TaskStatus(Status.ONGOING, Official.IN_PROGRESS, None)


@pytest.mark.parametrize(
    ("status", "recurrence", "lang", "label"),
    [
        (Status.ONGOING, None, "vi", "Thường xuyên"),  # the group, in counts
        (Status.ONGOING, Recurrence.ONGOING, "vi", "Thường xuyên"),
        (Status.ONGOING, Recurrence.MONTHLY, "vi", "Định kỳ hằng tháng"),
        (Status.ONGOING, Recurrence.QUARTERLY, "vi", "Định kỳ hằng quý"),
        (Status.ONGOING, "quarterly", "vi", "Định kỳ hằng quý"),
        (Status.ONGOING, Recurrence.HALF_YEARLY, "vi", "Định kỳ 6 tháng"),
        (Status.ONGOING, Recurrence.YEARLY, "vi", "Định kỳ hằng năm"),
        (Status.ONGOING, Recurrence.QUARTERLY, "en", "Quarterly"),
        (Status.OVERDUE, Recurrence.QUARTERLY, "vi", "Quá hạn chưa hoàn thành"),  # a dated state wins
        (Status.DONE_ON_TIME, Recurrence.YEARLY, "vi", "Hoàn thành đúng hạn"),
    ],
)
def test_status_label_names_the_recurrence(status, recurrence, lang, label):
    assert status_label(status, lang, recurrence) == label


def test_task_card_lines_of_a_quarterly_task():
    assert deadline_text(None, ONGOING, "vi", recurrence=Recurrence.QUARTERLY) == "Định kỳ hằng quý"
    assert "Định kỳ hằng quý" in status_line(ONGOING, "vi", Recurrence.QUARTERLY)
    assert deadline_text(None, ONGOING, "vi", recurrence=Recurrence.ONGOING) == "Thường xuyên"
