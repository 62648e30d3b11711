"""User-facing texts of the importer (Vietnamese first, English second)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # Refusals: one clear sentence each.
    "importer.err.empty": {
        "vi": "Tệp trống, không có nội dung để đọc.",
        "en": "The file is empty; there is nothing to read.",
    },
    "importer.err.too_large": {
        "vi": "Tệp quá lớn ({size_mb} MB); chỉ nhận tệp tối đa {limit_mb} MB.",
        "en": "The file is too large ({size_mb} MB); the limit is {limit_mb} MB.",
    },
    "importer.err.zip_bomb": {
        "vi": "Tệp “{name}” khi giải nén lên tới {size_mb} MB (giới hạn {limit_mb} MB), không phải một văn bản kế hoạch thông thường; không đọc tệp này.",
        "en": "“{name}” unpacks to {size_mb} MB (limit {limit_mb} MB), which no ordinary plan does; it was not read.",
    },
    "importer.err.too_slow": {
        "vi": "Đọc tệp “{name}” quá {seconds} giây nên đã dừng. Hãy tách kế hoạch thành các tệp nhỏ hơn hoặc gửi bản .docx/.txt.",
        "en": "Reading “{name}” took over {seconds} seconds and was stopped. Split the plan into smaller files or send it as .docx/.txt.",
    },
    "importer.err.too_complex": {
        "vi": "Tệp “{name}” cần quá nhiều bộ nhớ để đọc nên đã dừng. Hãy gửi bản .docx hoặc .txt của kế hoạch.",
        "en": "“{name}” needs too much memory to read and was stopped. Send the plan as .docx or .txt.",
    },
    "importer.err.unreadable": {
        "vi": "Không đọc được tệp “{name}” do lỗi của chương trình; tệp chưa được lưu. Hãy báo quản trị hệ thống.",
        "en": "“{name}” could not be read because of a program error; nothing was stored. Tell the administrator.",
    },
    "importer.err.unsupported": {
        "vi": "Không đọc được loại tệp “{name}”. Hãy gửi tệp .docx, .pdf, .txt, .md, .xlsx hoặc .csv.",
        "en": "Cannot read “{name}”. Send a .docx, .pdf, .txt, .md, .xlsx or .csv file.",
    },
    "importer.err.old_doc": {
        "vi": "Đây là tệp Word cũ (.doc) hoặc tệp đã đặt mật khẩu; hãy lưu lại thành .docx không mật khẩu rồi gửi lại.",
        "en": "This is an old Word (.doc) or password-protected file; save it as a .docx without a password and send it again.",
    },
    "importer.err.encrypted": {
        "vi": "Tệp đã được đặt mật khẩu nên không đọc được; hãy gỡ mật khẩu rồi gửi lại.",
        "en": "The file is password-protected; remove the password and send it again.",
    },
    "importer.err.corrupt": {
        "vi": "Tệp “{name}” bị hỏng hoặc không đúng định dạng {fmt}.",
        "en": "The file “{name}” is damaged or is not a valid {fmt} file.",
    },
    "importer.err.scanned_pdf": {
        "vi": "Tệp PDF này là bản quét (ảnh), không có lớp chữ nên không đọc được nội dung; hãy gửi bản Word hoặc PDF xuất từ Word.",
        "en": "This PDF is a scan (images only) with no text layer; send the Word file or a PDF exported from Word.",
    },
    "importer.err.not_text": {
        "vi": "Tệp “{name}” không phải văn bản đọc được (có vẻ là tệp nhị phân).",
        "en": "“{name}” is not a readable text document (it looks binary).",
    },
    "importer.err.no_tasks": {
        "vi": "Không tìm thấy nhiệm vụ nào trong tệp “{name}”; hãy kiểm tra đây có phải là kế hoạch có phân công nhiệm vụ không.",
        "en": "No tasks were found in “{name}”; check that it is a plan that assigns tasks.",
    },
    "importer.err.template": {
        "vi": "Bảng tính không theo mẫu: cần một dòng tiêu đề có cột “Nội dung nhiệm vụ” và “Đơn vị chủ trì” (xem mẫu nhập kế hoạch).",
        "en": "The spreadsheet does not follow the template: it needs a header row with “Nội dung nhiệm vụ” and “Đơn vị chủ trì” columns (see the import template).",
    },
    "importer.err.duplicate": {
        "vi": "Kế hoạch này đã được nhập trước đây (kế hoạch #{plan_id}); không có gì thay đổi.",
        "en": "This plan was already imported (plan #{plan_id}); nothing changed.",
    },
    "importer.err.unknown_org": {
        "vi": "Không tìm thấy cơ quan “{org}”.",
        "en": "Organization “{org}” not found.",
    },
    "importer.err.unresolved": {
        "vi": "Có {count} đơn vị chưa có trong danh mục: {names}. Hãy thêm vào danh mục đơn vị (hoặc cho phép tạo mới các đơn vị này) rồi nhập lại.",
        "en": "{count} units are not in the directory: {names}. Add them to the directory (or allow creating them) and import again.",
    },
    # Drafts corrected in the web workspace (services/plan_drafts.py).
    "importer.draft.too_long": {
        "vi": "Bảng có quá {limit} dòng: hãy sửa kế hoạch này bằng bảng rà soát Excel.",
        "en": "More than {limit} rows: correct this plan in the Excel review sheet.",
    },
    "importer.draft.committed": {
        "vi": "Bản nháp này đã được lưu thành kế hoạch #{plan}; hãy sửa các nhiệm vụ của kế hoạch đó.",
        "en": "This draft was already saved as plan #{plan}; edit that plan's tasks instead.",
    },
    # Warnings stored in the result.
    "importer.warn.unreadable_table": {
        "vi": "Có {count} bảng in mất số thứ tự: những dòng không đọc được thành nhiệm vụ đã bị bỏ qua; hãy nhập bản PDF có chữ ký hoặc thêm các nhiệm vụ đó bằng tay.",
        "en": "{count} tables lost their row numbers: rows that could not be read as tasks were left out; import the signed PDF or add those tasks by hand.",
    },
    "importer.warn.no_lead": {
        "vi": "{count} nhiệm vụ chưa xác định được đơn vị chủ trì.",
        "en": "{count} tasks have no lead unit.",
    },
    "importer.warn.no_title": {
        "vi": "Không tìm thấy tên kế hoạch (dòng sau “KẾ HOẠCH”).",
        "en": "No plan title found (the line after “KẾ HOẠCH”).",
    },
    "importer.warn.no_year": {
        "vi": "Không xác định được năm của kế hoạch; các mốc như “trước 10/12” chưa có ngày.",
        "en": "The plan's year is unknown; dates like “trước 10/12” have no year.",
    },
    "importer.warn.unresolved": {
        "vi": "Đơn vị chưa có trong danh mục: {names}.",
        "en": "Units not in the directory: {names}.",
    },
    "importer.warn.plan_timing": {
        "vi": "Thời gian chung của kế hoạch ({timing}) được áp cho {count} nhiệm vụ không ghi thời gian riêng.",
        "en": "The plan's overall timing ({timing}) was applied to {count} tasks without their own.",
    },
    "importer.warn.fallback_org": {
        "vi": "Kế hoạch không có mục nhiệm vụ riêng; các nhiệm vụ được lấy từ phần tổ chức thực hiện.",
        "en": "The plan has no separate task section; tasks were taken from the implementation section.",
    },
    # Preview and CLI.
    "importer.preview.head": {
        "vi": "📄 {title}",
        "en": "📄 {title}",
    },
    "importer.preview.meta": {
        "vi": "Số: {number} · Năm: {year} · Cơ quan: {issuer}",
        "en": "No.: {number} · Year: {year} · Issuer: {issuer}",
    },
    "importer.preview.counts": {
        "vi": "Tìm thấy {tasks} nhiệm vụ, {targets} mục tiêu; {dated} nhiệm vụ có hạn, {recurring} nhiệm vụ thường xuyên/định kỳ.",
        "en": "Found {tasks} tasks, {targets} targets; {dated} with a deadline, {recurring} ongoing or recurring.",
    },
    "importer.preview.more": {
        "vi": "… và {count} nhiệm vụ khác.",
        "en": "… and {count} more tasks.",
    },
    "importer.preview.confirm": {
        "vi": "Kiểm tra danh sách trên rồi xác nhận để lưu kế hoạch.",
        "en": "Check the list above, then confirm to save the plan.",
    },
    "importer.preview.none": {"vi": "—", "en": "—"},
    "importer.preview.all_units": {"vi": "Tất cả phòng, đơn vị", "en": "All units"},
    "importer.col.no": {"vi": "#", "en": "#"},
    "importer.col.task": {"vi": "Nhiệm vụ", "en": "Task"},
    "importer.col.lead": {"vi": "Chủ trì", "en": "Lead"},
    "importer.col.deadline": {"vi": "Hạn", "en": "Deadline"},
    "importer.rec.ongoing": {"vi": "Thường xuyên", "en": "Ongoing"},
    "importer.rec.monthly": {"vi": "Hằng tháng", "en": "Monthly"},
    "importer.rec.quarterly": {"vi": "Hằng quý", "en": "Quarterly"},
    "importer.rec.half-yearly": {"vi": "6 tháng/lần", "en": "Half-yearly"},
    "importer.rec.yearly": {"vi": "Hằng năm", "en": "Yearly"},
    "importer.done.created": {
        "vi": "Đã lưu kế hoạch #{plan_id} với {tasks} nhiệm vụ.",
        "en": "Saved plan #{plan_id} with {tasks} tasks.",
    },
    "importer.done.updated": {
        "vi": "Đã cập nhật kế hoạch #{plan_id}: {new} nhiệm vụ mới, {changed} thay đổi, {removed} bỏ, {same} giữ nguyên.",
        "en": "Updated plan #{plan_id}: {new} new, {changed} changed, {removed} removed, {same} unchanged tasks.",
    },
    "importer.done.unchanged": {
        "vi": "Tệp này đã được nhập (kế hoạch #{plan_id}); không có gì thay đổi.",
        "en": "This file was already imported (plan #{plan_id}); nothing changed.",
    },
    "importer.done.units_created": {
        "vi": "Đã thêm {count} đơn vị mới: {names}.",
        "en": "Added {count} new units: {names}.",
    },
    "importer.cli.create_units_hint": {
        "vi": "Để tạo mới các đơn vị này khi nhập: thêm --create-units.",
        "en": "To create these units while importing: add --create-units.",
    },
    # Decisions the office takes before a plan is stored (importer/checks.py).
    "importer.err.no_lead": {
        "vi": "{count} nhiệm vụ chưa ghi đơn vị chủ trì: {tasks}. Chưa lưu gì.",
        "en": "{count} tasks name no lead unit: {tasks}. Nothing was saved.",
    },
    "importer.err.old_plan": {
        "vi": "Các thời hạn của kế hoạch này đã qua từ lâu (hạn muộn nhất {latest}, cách đây {days} ngày). "
              "Chưa lưu gì.",
        "en": "This plan's deadlines are long past (the latest was {latest}, {days} days ago). Nothing was saved.",
    },
    "importer.err.bad_default_lead": {
        "vi": "Đơn vị được chọn làm chủ trì không thuộc cơ quan này.",
        "en": "The unit chosen as lead is not one of this organization's.",
    },
    "importer.cli.default_lead_hint": {
        "vi": "Bổ sung đơn vị chủ trì vào tệp, hoặc giao các nhiệm vụ này cho một đơn vị: "
              "--default-lead ĐƠN_VỊ (ví dụ --default-lead \"Văn phòng Sở\").",
        "en": "Add the lead units to the file, or give these tasks to one unit: "
              "--default-lead UNIT (e.g. --default-lead \"Văn phòng Sở\").",
    },
    "importer.cli.old_plan_hint": {
        "vi": "Thêm --no-reminders để lưu kế hoạch mà không nhắc các đơn vị (vẫn theo dõi, báo cáo được), "
              "hoặc --remind để vẫn nhắc việc quá hạn.",
        "en": "Add --no-reminders to save the plan without reminding the units (it can still be followed "
              "and reported on), or --remind to chase the overdue tasks anyway.",
    },
    "importer.warn.leadless": {
        "vi": "{count} nhiệm vụ chưa ghi đơn vị chủ trì: {tasks}.",
        "en": "{count} tasks name no lead unit: {tasks}.",
    },
    "importer.warn.old_plan": {
        "vi": "Các thời hạn của kế hoạch đã qua từ lâu: hạn muộn nhất {latest}, cách đây {days} ngày.",
        "en": "The plan's deadlines are long past: the latest was {latest}, {days} days ago.",
    },
    "importer.ask.lead": {
        "vi": "Chọn đơn vị chủ trì cho {count} nhiệm vụ chưa ghi chủ trì:",
        "en": "Choose the lead unit for the {count} tasks that name none:",
    },
    "importer.ask.old": {
        "vi": "Lưu để theo dõi mà không nhắc các đơn vị, hay vẫn nhắc việc quá hạn?",
        "en": "Save it to follow without reminding the units, or chase the overdue tasks anyway?",
    },
    "importer.btn.quiet": {"vi": "Lưu, không nhắc việc", "en": "Save, no reminders"},
    "importer.btn.remind": {"vi": "Lưu và nhắc các đơn vị", "en": "Save and remind the units"},
    "importer.done.default_lead": {
        "vi": "{count} nhiệm vụ chưa ghi chủ trì được giao cho {unit}.",
        "en": "{count} tasks that named no lead were given to {unit}.",
    },
    "importer.done.quiet": {
        "vi": "Kế hoạch được lưu để theo dõi; không nhắc việc các đơn vị.",
        "en": "The plan is saved to be followed; the units are not reminded.",
    },
    "importer.plan.quiet": {
        "vi": "Lưu để theo dõi: không nhắc việc các đơn vị.",
        "en": "Kept to follow: the units are not reminded.",
    },
    "importer.plan.quiet_mark": {"vi": "(không nhắc việc)", "en": "(no reminders)"},
    "importer.plan.none": {"vi": "Chưa có kế hoạch nào.", "en": "No plans yet."},
    "importer.plan.not_found": {"vi": "Không tìm thấy kế hoạch #{plan_id}.", "en": "Plan #{plan_id} not found."},
    "importer.plan.targets": {"vi": "Mục tiêu:", "en": "Targets:"},
    "importer.plan.tasks": {"vi": "Nhiệm vụ:", "en": "Tasks:"},
    "importer.status.open": {"vi": "đang thực hiện", "en": "open"},
    "importer.status.done": {"vi": "hoàn thành", "en": "done"},
    "importer.status.cancelled": {"vi": "đã hủy", "en": "cancelled"},
}


def tr(key: str, lang: str | None = None, /, **params: object) -> str:
    """Local lookup, so the pure parser does not depend on the app's catalog."""
    texts = TEXTS[key]
    template = texts.get(lang or "vi") or texts["vi"]
    return template.format(**params) if params else template


from importer.review_texts import REVIEW_TEXTS  # noqa: E402  (the review step's texts, kept apart)

TEXTS.update(REVIEW_TEXTS)
