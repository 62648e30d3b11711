"""Texts of the foundation services and CLI."""


TEXTS = {
    "org.not_found": {"vi": "Không tìm thấy cơ quan “{ref}”.", "en": "Organization “{ref}” not found."},
    "org.slug_taken": {"vi": "Mã cơ quan “{slug}” đã được dùng.", "en": "Slug “{slug}” is already used."},
    "org.bad_slug": {
        "vi": "Mã cơ quan chỉ gồm chữ thường không dấu, số và dấu gạch ngang: “{slug}”.",
        "en": "A slug has lowercase ASCII letters, digits and hyphens only: “{slug}”.",
    },
    "unit.not_found": {
        "vi": "Không tìm thấy đơn vị “{ref}” trong {org}.",
        "en": "Unit “{ref}” not found in {org}.",
    },
    "unit.exists": {"vi": "Đơn vị “{name}” đã có.", "en": "Unit “{name}” already exists."},
    "unit.office_exists": {
        "vi": "{org} đã có Văn phòng là “{name}”; mỗi cơ quan chỉ có một.",
        "en": "{org} already has an office, “{name}”; there is only one.",
    },
    "unit.ambiguous": {
        "vi": "“{ref}” khớp nhiều đơn vị: {names}. Hãy ghi rõ hơn hoặc dùng mã số.",
        "en": "“{ref}” matches several units: {names}. Be more specific or use the id.",
    },
    "name.empty.org": {"vi": "Tên cơ quan đang trống.", "en": "The organization name is empty."},
    "name.empty.unit": {"vi": "Tên đơn vị đang trống.", "en": "The unit name is empty."},
    "name.empty.officer": {"vi": "Họ tên cán bộ đang trống.", "en": "The officer's name is empty."},
    "name.too_long.org": {
        "vi": "Tên cơ quan dài {length} ký tự; tối đa {limit}.",
        "en": "The organization name is {length} characters long; at most {limit}.",
    },
    "name.too_long.unit": {
        "vi": "Tên đơn vị dài {length} ký tự; tối đa {limit}.",
        "en": "The unit name is {length} characters long; at most {limit}.",
    },
    "name.too_long.officer": {
        "vi": "Họ tên cán bộ dài {length} ký tự; tối đa {limit}.",
        "en": "The officer's name is {length} characters long; at most {limit}.",
    },
    "contact.bad.phone": {"vi": "số điện thoại “{value}” không hợp lệ (chỉ chữ số, dấu cách, + - . ( ), ít nhất 8 chữ số).",
                          "en": "phone number “{value}” is not valid (digits, spaces, + - . ( ), at least 8 digits)."},
    "contact.bad.email": {"vi": "email “{value}” không hợp lệ.", "en": "email “{value}” is not valid."},
    "contact.bad.long_phone": {"vi": "số điện thoại dài quá {limit} ký tự.",
                               "en": "the phone number is longer than {limit} characters."},
    "contact.bad.long_email": {"vi": "email dài quá {limit} ký tự.", "en": "the email is longer than {limit} characters."},
    "contact.bad.long_position": {"vi": "chức vụ dài quá {limit} ký tự.",
                                  "en": "the position is longer than {limit} characters."},
    "officer.not_found": {"vi": "Không tìm thấy cán bộ số {ref}.", "en": "Officer {ref} not found."},
    "task.not_found": {"vi": "Không tìm thấy nhiệm vụ số {ref}.", "en": "Task {ref} not found."},
    "task.no_lead": {
        "vi": "Nhiệm vụ cần ít nhất một đơn vị chủ trì.",
        "en": "A task needs at least one lead unit.",
    },
    "task.empty_text": {"vi": "Nội dung nhiệm vụ đang trống.", "en": "The task text is empty."},
    "task.edit_nothing": {
        "vi": "Chưa có gì để sửa: dùng --text, --lead, --coordinate, --monitor, --deadline, --recurrence hoặc --cancel.",
        "en": "Nothing to change: use --text, --lead, --coordinate, --monitor, --deadline, --recurrence or --cancel.",
    },
    "task.bad_deadline": {
        "vi": "Hạn “{value}” không đúng dạng dd/mm/yyyy (ví dụ 15/12/2025).",
        "en": "Deadline “{value}” is not dd/mm/yyyy (e.g. 15/12/2025).",
    },
    "task.deadline_and_recurrence": {
        "vi": "Chọn một trong hai: hạn cụ thể (--deadline) hoặc định kỳ (--recurrence).",
        "en": "Give either a deadline (--deadline) or a recurrence (--recurrence), not both.",
    },
    "task.already_done": {
        "vi": "Nhiệm vụ {ref} đã hoàn thành từ trước.",
        "en": "Task {ref} was already done.",
    },
}

