"""The three catalogues of ARC-03 as plain rows, and their files: CSV (UTF-8 with a byte-order
mark, so Excel opens the Chinese as Chinese; Chinese headers) and HTML for printing (a print
stylesheet, every cell escaped).

- general catalogue (案卷总目录): every volume of the branch in shelving order - by category,
  then unit, then year and number: the order they stand on the shelves, left to right, top
  to bottom;
- volume catalogue (案卷目录 / cover): one volume's cover data;
- in-volume catalogue (卷内目录): the volume's items in date order.

Only what the reader may see is ever given to these functions (ARC-05: the reads filter)."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from archives.domain.categories import Category
from cskit.domain import InvalidInput
from cskit.domain.spreadsheet import csv_text

CATEGORY_NAMES = {
    Category.GOVERNMENT_POLICY: "政策法规",
    Category.GOVERNMENT_OR_GROUP_APPROVAL: "上级批复",
    Category.COMPANY_DOCUMENT: "公司文件",
    Category.PROPERTY_RECORD: "产权档案",
    Category.SAFETY_RECORD: "安全档案",
    Category.LEADERSHIP_SPEECH: "领导讲话",
    Category.CONTRACT: "合同",
    Category.MEDIA: "声像档案",
    Category.OWNER_FILE: "业主档案",
    Category.QUALITY_RECORD: "质量记录",
    Category.DUTY_LOG: "值班记录",
    Category.COMPLAINT_RECORD: "投诉档案",
    Category.WORK_ORDER: "工单",
}
LEVEL_NAMES = {"public": "公开", "internal": "内部", "confidential": "秘密", "secret": "机密"}
STATE_NAMES = {
    "awaiting_original": "待交原件",
    "on_shelf": "在架",
    "lent": "借出",
    "missing": "缺失",
    "destroyed": "已销毁",
}


class CatalogueKind(StrEnum):
    GENERAL = "general"
    VOLUME = "volume"
    ITEMS = "items"


class ExportFormat(StrEnum):
    CSV = "csv"
    HTML = "html"


def kind_of(value: str) -> CatalogueKind:
    try:
        return CatalogueKind(value)
    except ValueError:
        raise InvalidInput.on("catalogue", "must be general, volume or items", rule_id="ARC-03") from None


def format_of(value: str) -> ExportFormat:
    try:
        return ExportFormat(value or ExportFormat.CSV.value)
    except ValueError:
        raise InvalidInput.on("format", "must be csv or html") from None


@dataclass(frozen=True, slots=True, kw_only=True)
class VolumeLine:
    """One volume as the general catalogue and its cover show it."""

    volume_id: str
    volume_no: str
    title: str
    category: str
    year: int
    department: str
    external: bool
    counterparty: str
    confidentiality: str
    shelf: str
    items: int
    first_date: date | None
    last_date: date | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemLine:
    """One item of the in-volume catalogue."""

    position: int
    item_no: str
    archive_no: str
    record_id: str
    document_date: date
    title: str
    confidentiality: str
    medium: str
    state: str
    notes: str


def _category(value: str) -> str:
    try:
        return CATEGORY_NAMES.get(Category(value), value)
    except ValueError:
        return value


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _span(v: VolumeLine) -> str:
    return f"{_day(v.first_date)} 至 {_day(v.last_date)}" if v.first_date else ""


VOLUME_COLUMNS: tuple[tuple[str, Callable[[VolumeLine], object]], ...] = (
    ("案卷号", lambda v: v.volume_no),
    ("案卷题名", lambda v: v.title),
    ("类别", lambda v: _category(v.category)),
    ("年度", lambda v: v.year),
    ("立卷单位", lambda v: v.department),
    ("内部/外部", lambda v: "外部" if v.external else "内部"),
    ("外部单位", lambda v: v.counterparty),
    ("密级", lambda v: LEVEL_NAMES.get(v.confidentiality, v.confidentiality)),
    ("件数", lambda v: v.items),
    ("起止日期", _span),
    ("存放位置", lambda v: v.shelf),
)
ITEM_COLUMNS: tuple[tuple[str, Callable[[ItemLine], object]], ...] = (
    ("顺序号", lambda i: i.position),
    ("件号", lambda i: i.item_no),
    ("档号", lambda i: i.archive_no),
    ("文件日期", lambda i: i.document_date.isoformat()),
    ("题名", lambda i: i.title),
    ("密级", lambda i: LEVEL_NAMES.get(i.confidentiality, i.confidentiality)),
    ("载体", lambda i: {"paper": "纸质", "electronic": "电子"}.get(i.medium, i.medium)),
    ("状态", lambda i: STATE_NAMES.get(i.state, i.state)),
    ("备注", lambda i: i.notes),
)
TITLES = {CatalogueKind.GENERAL: "案卷总目录", CatalogueKind.VOLUME: "案卷目录", CatalogueKind.ITEMS: "卷内目录"}


@dataclass(frozen=True, slots=True, kw_only=True)
class CatalogueFile:
    content: bytes
    content_type: str
    filename: str
    rows: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Table:
    title: str
    subtitle: str
    headers: tuple[str, ...]
    rows: list[tuple[object, ...]]


def general_table(branch_id: str, volumes: Sequence[VolumeLine]) -> Table:
    return Table(
        title=TITLES[CatalogueKind.GENERAL],
        subtitle=f"分支 {branch_id}",
        headers=("序号", *(h for h, _ in VOLUME_COLUMNS)),
        rows=[(n, *(f(v) for _, f in VOLUME_COLUMNS)) for n, v in enumerate(volumes, 1)],
    )


def volume_table(volume: VolumeLine) -> Table:
    return Table(
        title=TITLES[CatalogueKind.VOLUME],
        subtitle=f"{volume.volume_no} {volume.title}",
        headers=tuple(h for h, _ in VOLUME_COLUMNS),
        rows=[tuple(f(volume) for _, f in VOLUME_COLUMNS)],
    )


def items_table(volume: VolumeLine, items: Sequence[ItemLine]) -> Table:
    return Table(
        title=TITLES[CatalogueKind.ITEMS],
        subtitle=f"{volume.volume_no} {volume.title}",
        headers=tuple(h for h, _ in ITEM_COLUMNS),
        rows=[tuple(f(i) for _, f in ITEM_COLUMNS) for i in items],
    )


BOM = "\ufeff"


def csv_file(table: Table) -> bytes:
    """UTF-8 with a BOM (Excel reads it as UTF-8); formula-like cells neutralised by the kit."""
    rows: Iterable[Iterable[object]] = [table.headers, *table.rows]
    return (BOM + csv_text(rows)).encode("utf-8")


_PRINT_CSS = """
body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; margin: 1.5em; }
h1 { font-size: 18pt; text-align: center; margin: 0 0 .2em; }
p.sub { text-align: center; margin: 0 0 1em; }
table { border-collapse: collapse; width: 100%; font-size: 10.5pt; }
th, td { border: 1px solid #000; padding: 3px 5px; vertical-align: top; }
th { background: #eee; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
p.foot { font-size: 9pt; margin-top: 1em; }
@page { size: A4 landscape; margin: 12mm; }
@media print { body { margin: 0; } th { background: none; } }
""".strip()


def _cell(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True).replace("\n", "<br>")


def html_file(table: Table, generated_at: datetime) -> bytes:
    """A printable page: one table, headers repeated on every printed page, every cell escaped."""
    head = "".join(f"<th>{_cell(h)}</th>" for h in table.headers)
    body = "\n".join("<tr>" + "".join(f"<td>{_cell(c)}</td>" for c in row) + "</tr>" for row in table.rows)
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{_cell(table.title)} {_cell(table.subtitle)}</title>
<style>
{_PRINT_CSS}
</style>
</head>
<body>
<h1>{_cell(table.title)}</h1>
<p class="sub">{_cell(table.subtitle)}</p>
<table>
<thead><tr>{head}</tr></thead>
<tbody>
{body}
</tbody>
</table>
<p class="foot">共 {len(table.rows)} 条 · 生成于 {_cell(generated_at.strftime("%Y-%m-%d %H:%M"))}</p>
</body>
</html>
"""
    return page.encode("utf-8")


def catalogue_file(fmt: ExportFormat, table: Table, name: str, generated_at: datetime) -> CatalogueFile:
    if fmt is ExportFormat.CSV:
        return CatalogueFile(
            content=csv_file(table),
            content_type="text/csv; charset=utf-8",
            filename=f"{name}.csv",
            rows=len(table.rows),
        )
    return CatalogueFile(
        content=html_file(table, generated_at),
        content_type="text/html; charset=utf-8",
        filename=f"{name}.html",
        rows=len(table.rows),
    )
