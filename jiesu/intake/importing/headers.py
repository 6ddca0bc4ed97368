"""Which column holds which field: default header synonyms and the optional mapping file.

A mapping file is a JSON object that names the file's own headers. The documented form is
``{"our_field": "their header"}`` (a value may also be a list of headers); the reverse form
``{"their header": "our_field"}`` is accepted too, since our field names are never headers.
Mapped headers win over the default synonyms.
"""

import json
import unicodedata
from collections.abc import Sequence

from jiesu.intake.importing.errors import UnusableFile

# our field -> (label used in messages, header synonyms in order of preference)
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "number": ("工单编号", ("工单编号", "工单号", "受理编号", "工单流水号", "诉求编号", "编号")),
    "received_at": ("受理时间", ("受理时间", "来电时间", "登记时间", "诉求时间", "创建时间")),
    "citizen_name": ("诉求人", ("诉求人", "诉求人姓名", "来电人", "来电人姓名", "联系人", "姓名")),
    "citizen_phone": ("联系电话", ("联系电话", "来电号码", "诉求人电话", "联系方式", "电话")),
    "appeal_type": ("诉求类型", ("诉求类型", "诉求性质", "来电类型", "诉求类别")),
    "category": ("问题分类", ("问题分类", "诉求分类", "问题类型", "事项分类", "分类")),
    "title": ("标题", ("标题", "工单标题", "诉求标题", "主题")),
    "content": ("诉求内容", ("诉求内容", "反映内容", "来电内容", "问题描述", "工单内容", "内容")),
    "address": ("问题地址", ("问题地址", "事发地址", "诉求地址", "事发地点", "地址")),
    "community": ("所属社区", ("所属社区", "社区", "所属社区(村)", "社区(村)")),
    "unit": ("承办单位", ("承办单位", "主办单位", "办理单位", "责任单位")),
    "dispatched_at": ("派单时间", ("派单时间", "转派时间", "下派时间")),
    "resolve_due": ("办理时限", ("办理时限", "办结时限", "办理期限", "截止时间")),
    "status": ("工单状态", ("工单状态", "办理状态", "状态")),
    "result": ("办理结果", ("办理结果", "处理结果", "答复内容", "回复内容", "办理情况")),
    "visit_contacted": ("是否联系", ("是否联系", "是否联系诉求人", "是否联系群众")),
    "visit_resolved": ("是否解决", ("是否解决", "解决情况")),
    "visit_satisfaction": ("是否满意", ("是否满意", "满意度", "满意程度")),
    "urgency": ("紧急程度", ("紧急程度", "紧急度", "缓急程度")),
    "channel": ("来源渠道", ("来源渠道", "渠道", "来源")),
    "resolved_at": ("办结时间", ("办结时间", "办理完成时间")),
    "visited_at": ("回访时间", ("回访时间",)),
}
REQUIRED = ("number", "received_at", "content")
HEADER_SEARCH_ROWS = 10


def header_normalize(text) -> str:
    """Full-width to half-width, all whitespace (incl. U+3000) removed, a trailing * dropped."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFKC", str(text))
    return "".join(text.split()).rstrip("*").lower()


def field_label(field: str) -> str:
    return FIELDS[field][0]


MAPPING_MAX_CHARS = 64 * 1024
MAPPING_MAX_DEPTH = 4  # {"field": ["header", …]} is 2 deep


def _json_depth(text: str) -> int:
    """How deep arrays and objects nest, outside strings (checked before json.loads recurses)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def mapping_load(raw: bytes | str) -> dict[str, list[str]]:
    """Parse and check a mapping file; returns {our_field: [their headers]}."""
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as exc:
        raise UnusableFile(f"映射文件不是有效的 JSON：{exc}") from exc
    if len(text) > MAPPING_MAX_CHARS:
        raise UnusableFile("映射文件超过 64 KB，正常的表头映射只有几行。")
    if _json_depth(text) > MAPPING_MAX_DEPTH:
        raise UnusableFile(f'映射文件嵌套过深（最多 {MAPPING_MAX_DEPTH} 层），应为 {{"字段": "表头"}} 形式。')
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise UnusableFile(f"映射文件不是有效的 JSON：{exc}") from exc
    if not isinstance(data, dict):
        raise UnusableFile('映射文件应为 JSON 对象，如 {"number": "平台工单号"}。')
    mapping: dict[str, list[str]] = {}
    for key, value in data.items():
        if key in FIELDS and isinstance(value, str | list):
            field, headers = key, [value] if isinstance(value, str) else value
        elif isinstance(value, str) and value in FIELDS:
            field, headers = value, [key]
        else:
            known = "、".join(FIELDS)
            raise UnusableFile(f"映射文件中的「{key}」无法识别：键或值必须是以下字段名之一：{known}。")
        if not all(isinstance(header, str) and header.strip() for header in headers):
            raise UnusableFile(f"映射文件中字段「{field}」的表头必须是非空文本。")
        mapping.setdefault(field, []).extend(headers)
    return mapping


def headers_match(cells: Sequence, mapping: dict[str, list[str]] | None = None) -> dict[str, int]:
    """{our_field: column index} for one header row; mapped headers first, then synonyms."""
    positions: dict[str, int] = {}
    for index, cell in enumerate(cells):
        positions.setdefault(header_normalize(cell), index)
    positions.pop("", None)
    columns: dict[str, int] = {}
    taken: set[int] = set()
    for field, headers in (mapping or {}).items():
        for header in headers:
            index = positions.get(header_normalize(header))
            if index is not None and index not in taken:
                columns[field] = index
                taken.add(index)
                break
    for field, (_label, synonyms) in FIELDS.items():
        if field in columns:
            continue
        for synonym in synonyms:
            index = positions.get(header_normalize(synonym))
            if index is not None and index not in taken:
                columns[field] = index
                taken.add(index)
                break
    return columns
