"""The catalogue's outputs without a database: the catalogues' CSV and HTML files (ARC-03), the
search's query checks, the volume events as the contract's messages, and the category-code
setting. The volumes themselves are in ``test_catalogue``."""

from __future__ import annotations

from datetime import date

import pytest
from archives.catalogue.domain.catalogues import (
    BOM,
    ExportFormat,
    ItemLine,
    VolumeLine,
    catalogue_file,
    general_table,
    items_table,
)
from archives.catalogue.domain.policy import CataloguePolicy
from archives.catalogue.domain.search import SearchQuery, like_pattern
from archives.domain.categories import Category
from archives.testing import ARCHIVIST, T0, record
from archives.testing import volume as open_volume

from cskit.domain import InvalidInput

# -- the catalogues' files -----------------------------------------------------------------

LINE = VolumeLine(
    volume_id="v-1",
    volume_no="WS-2026-001",
    title="2026年<客服部>公司文件",
    category="company_document",
    year=2026,
    department="customer_service",
    external=False,
    counterparty="",
    confidentiality="internal",
    shelf="A柜-1层-01",
    items=1,
    first_date=date(2026, 3, 1),
    last_date=date(2026, 3, 1),
)
ITEM = ItemLine(
    position=1,
    item_no="1",
    archive_no="WS-2026-001-1",
    record_id="r-1",
    document_date=date(2026, 3, 1),
    title='=HYPERLINK("x") <script>alert(1)</script>',
    confidentiality="internal",
    medium="paper",
    state="on_shelf",
    notes="",
)


def test_arc_03_the_csv_has_a_bom_chinese_headers_and_neutralised_formulas() -> None:
    made = catalogue_file(ExportFormat.CSV, items_table(LINE, [ITEM]), "items", T0)
    text = made.content.decode("utf-8")
    assert text.startswith(BOM + "顺序号,件号,档号,文件日期,题名")
    assert "'=HYPERLINK" in text and made.content_type.startswith("text/csv") and made.filename == "items.csv"
    general = catalogue_file(ExportFormat.CSV, general_table("b1", [LINE]), "general", T0).content.decode("utf-8")
    assert general.splitlines()[1].startswith("1,WS-2026-001,2026年<客服部>公司文件,公司文件,2026")


def test_arc_03_the_printable_html_escapes_every_cell() -> None:
    made = catalogue_file(ExportFormat.HTML, items_table(LINE, [ITEM]), "items", T0)
    page = made.content.decode("utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "&lt;客服部&gt;" in page and "@media print" in page and "<th>题名</th>" in page
    assert made.content_type == "text/html; charset=utf-8" and made.rows == 1


# -- search --------------------------------------------------------------------------------


def test_a_search_takes_the_callers_wildcards_literally() -> None:
    assert like_pattern("50%_off\\") == "%50\\%\\_off\\\\%"


def test_a_search_checks_its_dates_and_references() -> None:
    with pytest.raises(InvalidInput):
        SearchQuery.checked(date_from="2026-03-02", date_to="2026-03-01")
    with pytest.raises(InvalidInput):
        SearchQuery.checked(reference_kind="complaint_number")
    with pytest.raises(InvalidInput):
        SearchQuery.checked(category="nonsense")
    query = SearchQuery.checked(title=" 合同 ", date_from="2026-01-01", category="contract")
    assert query.title == "合同" and query.date_from == date(2026, 1, 1) and query.category == "contract"


def test_the_volume_events_are_the_contracts_messages() -> None:
    from archives.outbound import OUTBOUND

    volume = open_volume(seq=7)
    volume.admit(ARCHIVIST.actor, record(), policy=CataloguePolicy(), now=T0)
    envelopes = [OUTBOUND(volume, event) for event in volume.pending]
    assert [e.type.rsplit(".", 1)[-1] for _, e in envelopes] == ["VolumeOpened", "VolumeItemAdded"]
    assert {topic for topic, _ in envelopes} == {"cs.archives.v1"}


def test_a_category_code_setting_is_capital_letters_and_digits() -> None:
    from archives.settings import ArchivesSettings
    from pydantic import ValidationError

    assert ArchivesSettings(catalogue_category_codes={"contract": "HT2"}).catalogue_category_codes == {
        Category.CONTRACT: "HT2"
    }
    with pytest.raises(ValidationError):
        ArchivesSettings(catalogue_category_codes={"contract": "ht"})
    with pytest.raises(ValidationError):
        ArchivesSettings(catalogue_category_codes={"unspecified": "XX"})
