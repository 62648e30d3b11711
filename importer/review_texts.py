"""Texts of the review step: flags, undated tasks, plan-wide dates, holiday moves, the review sheet."""

REVIEW_TEXTS: dict[str, dict[str, str]] = {
    "importer.warn.plan_default": {
        "vi": "Ngày chung của kế hoạch ({timing}) được lấy làm hạn {date} cho {count} nhiệm vụ không ghi "
              "thời gian riêng; Văn phòng kiểm tra và sửa nếu cần.",
        "en": "The plan's overall date ({timing}) was used as the deadline {date} for {count} tasks without "
              "their own timing; the office should check and change it if needed.",
    },
    "importer.flag.no_lead": {"vi": "chưa có chủ trì", "en": "no lead unit"},
    "importer.flag.lead_from_heading": {"vi": "chủ trì lấy từ đề mục", "en": "lead from the heading"},
    "importer.flag.deadline_from_plan": {"vi": "hạn lấy từ ngày chung của kế hoạch",
                                         "en": "deadline from the plan's overall date"},
    "importer.flag.deadline_from_period": {"vi": "hạn suy từ tháng/quý/năm", "en": "deadline from a period"},
    "importer.flag.deadline_last_of_several": {"vi": "nhiều mốc, hạn lấy mốc cuối",
                                               "en": "several dates, due at the last"},
    "importer.flag.text_maybe_cut": {"vi": "nội dung có thể bị cắt", "en": "text may be cut"},
    "importer.preview.flagged": {
        "vi": "Cần kiểm tra {count} nhiệm vụ (đánh dấu ⚑, xếp trước):",
        "en": "{count} tasks to check (marked ⚑, listed first):",
    },
    "importer.preview.undated": {
        "vi": "⏳ {count} nhiệm vụ chưa có hạn ({refs}): sẽ không được nhắc cho đến khi Văn phòng ấn định hạn.",
        "en": "⏳ {count} tasks have no deadline ({refs}): no reminders until the office sets one.",
    },
    "importer.preview.moved": {
        "vi": "📅 Hạn rơi vào ngày nghỉ được tính sang ngày làm việc kế tiếp (Điều 148 Bộ luật Dân sự): {moves}.",
        "en": "📅 Deadlines on a day off move to the next working day (Civil Code art. 148): {moves}.",
    },
    "importer.preview.revision": {
        "vi": "🔁 Đây là bản sửa của kế hoạch #{plan_id}: lưu sẽ cập nhật kế hoạch đó, không tạo kế hoạch mới.",
        "en": "🔁 A revision of plan #{plan_id}: saving updates that plan, it does not create a new one.",
    },
    "importer.preview.review_offer": {
        "vi": "Muốn sửa đơn vị, hạn hay nội dung: lấy bảng rà soát (Excel), sửa rồi gửi lại.",
        "en": "To correct units, deadlines or text: get the review sheet (Excel), edit it and send it back.",
    },
    "importer.done.undated": {
        "vi": "⏳ {count} nhiệm vụ chưa có hạn ({ids}): Văn phòng cần ấn định hạn để được nhắc; "
              "báo cáo tuần đếm các nhiệm vụ này.",
        "en": "⏳ {count} tasks have no deadline ({ids}): the office must set one for reminders; "
              "the weekly digest counts them.",
    },
    "importer.cli.review_written": {
        "vi": "Đã ghi bảng rà soát vào {path} (chưa lưu gì). Sửa trong Excel rồi nhập lại: "
              "nhacviec import {path} --org ORG",
        "en": "Wrote the review sheet to {path} (nothing stored). Correct it in Excel, then import it: "
              "nhacviec import {path} --org ORG",
    },
    "importer.cli.review_path": {"vi": "Bảng rà soát phải là tệp .xlsx: “{path}”.",
                                 "en": "The review sheet must be an .xlsx file: “{path}”."},
    "importer.cli.review_write": {"vi": "Không ghi được “{path}”: {error}.", "en": "Cannot write “{path}”: {error}."},
    "importer.err.review_path": {"vi": "Bảng rà soát phải là tệp .xlsx: “{path}”.",
                                 "en": "The review sheet must be an .xlsx file: “{path}”."},
    "importer.col.flags": {"vi": "Cần kiểm tra", "en": "Check"},
    # The review sheet.
    "importer.sheet.title": {"vi": "Rà soát", "en": "Review"},
    "importer.sheet.plan": {"vi": "Kế hoạch", "en": "Plan"},
    "importer.sheet.file": {"vi": "Tệp gốc", "en": "Source file"},
    "importer.sheet.help": {
        "vi": "Sửa trực tiếp các cột; đơn vị chọn trong danh sách (nhiều đơn vị cách nhau bằng “;”); "
              "hạn ghi dd/mm/yyyy. Xóa dòng để bỏ nhiệm vụ, thêm dòng để thêm nhiệm vụ. "
              "Gửi lại tệp này để lưu kế hoạch.",
        "en": "Edit the columns; pick units from the list (several separated by “;”); deadlines as "
              "dd/mm/yyyy. Delete a row to drop a task, add a row to add one. Send this file back to save the plan.",
    },
    "importer.sheet.col.ref": {"vi": "STT", "en": "No."},
    "importer.sheet.col.text": {"vi": "Nội dung nhiệm vụ", "en": "Task"},
    "importer.sheet.col.lead": {"vi": "Đơn vị chủ trì", "en": "Lead"},
    "importer.sheet.col.coordinate": {"vi": "Đơn vị phối hợp", "en": "Coordinate"},
    "importer.sheet.col.monitor": {"vi": "Đơn vị theo dõi", "en": "Monitor"},
    "importer.sheet.col.timing": {"vi": "Thời gian (như kế hoạch ghi)", "en": "Timing as written"},
    "importer.sheet.col.deadline": {"vi": "Hạn (dd/mm/yyyy)", "en": "Deadline (dd/mm/yyyy)"},
    "importer.sheet.col.flags": {"vi": "Cần kiểm tra", "en": "To check"},
    "importer.sheet.col.section": {"vi": "Mục", "en": "Section"},
    "importer.err.review_sheet": {
        "vi": "Bảng rà soát có chỗ chưa đúng, chưa lưu gì: {rows}. Sửa các dòng này rồi gửi lại.",
        "en": "The review sheet has errors, nothing was saved: {rows}. Correct these rows and send it again.",
    },
    "importer.sheet.bad_unit": {"vi": "dòng {row}: đơn vị “{name}” không có trong danh mục",
                                "en": "row {row}: unit “{name}” is not in the directory"},
    "importer.sheet.bad_date": {"vi": "dòng {row}: không đọc được hạn “{value}” (ghi dd/mm/yyyy)",
                                "en": "row {row}: cannot read the deadline “{value}” (write dd/mm/yyyy)"},
    "importer.sheet.no_text": {"vi": "dòng {row}: thiếu nội dung nhiệm vụ",
                               "en": "row {row}: the task text is missing"},
    "importer.err.review_broken": {
        "vi": "Tệp này không còn là bảng rà soát của nhacviec (thiếu trang thông tin hoặc dòng tiêu đề).",
        "en": "This file is no longer an nhacviec review sheet (its info sheet or header row is missing).",
    },
}
