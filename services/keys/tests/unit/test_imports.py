"""KEY-02 bulk import, pure: the file's bounds (encoding, header, rows, size) answer one clear
InvalidInput; each row goes through the register's own rules and is reported on its row."""

from __future__ import annotations

import itertools

import pytest
from keys.imports.domain.csv import ImportPolicy, read_rows
from keys.imports.domain.report import check_rows
from keys.testing import AGENT, CUSTODIAN, T0

from cskit.domain import Forbidden, InvalidInput

HEADER = "code,unit,kind,key_count,cabinet,hook,custodian,owner_name,owner_phone,note\n"
GOOD = "K-1,3-1-1201,vacant_unit,2,C1,H1,custodian-1,,,\n"
POLICY = ImportPolicy()


def report(text: str, existing: set[str] | None = None, dry_run: bool = False):  # type: ignore[no-untyped-def]
    ids = (f"id-{n}" for n in itertools.count())
    return check_rows(
        read_rows(text, POLICY),
        actor=CUSTODIAN.actor,
        existing=existing or set(),
        new_id=lambda: next(ids),
        dry_run=dry_run,
        now=T0,
    )


def test_KEY_02_import_reports_each_row_created_duplicate_or_invalid_with_its_fields() -> None:
    text = (
        HEADER
        + GOOD
        + "K-2,3-1-1202,owner_entrusted,1,C1,H2,custodian-1,,,\n"  # owner missing (KEY-01)
        + "K-3,3-1-1203,bicycle,0,C1,H3,custodian-1,,,\n"  # bad kind
        + "K-1,3-1-1201,vacant_unit,2,C1,H1,custodian-1,,,\n"  # again in the file
        + "K-9,3-1-1209,repair,2,C1,H9,custodian-1,,,\n"  # already in the register
        + "K-4,3-1-1204,repair,two,C1,H4,custodian-1,,,\n"
        + "K-5,only,three\n"
    )
    result = report(text, existing={"K-9"})
    rows = {r.row: r for r in result.rows}
    assert [(r.row, r.status) for r in result.rows] == [
        (1, "created"),
        (2, "invalid"),
        (3, "invalid"),
        (4, "duplicate"),
        (5, "duplicate"),
        (6, "invalid"),
        (7, "invalid"),
    ]
    assert rows[2].errors[0].field == "owner_name"
    assert rows[3].errors[0].field == "kind"
    assert rows[6].errors[0].field == "key_count"
    assert rows[7].errors[0].field == "row"
    assert (result.created, result.duplicates, result.invalid) == (1, 2, 4)
    assert [k.code for k in result.key_sets] == ["K-1"]
    assert rows[1].key_set_id == result.key_sets[0].id


def test_KEY_02_import_dry_run_registers_nothing() -> None:
    result = report(HEADER + GOOD, dry_run=True)
    assert result.rows[0].status == "created" and result.key_sets == () and result.dry_run


def test_KEY_02_import_takes_the_chinese_headers() -> None:
    text = "编号,房号,类型,数量,钥匙柜,挂钩,保管人,业主姓名,业主电话,备注\nK-1,3-1-1201,vacant_unit,2,C1,H1,custodian-1,,,\n"
    assert report(text).rows[0].status == "created"


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"\xff\xfecode", "not UTF-8"),
        ("name,unit\nx,y\n", "header"),
        ("code,unit,kind\nK,u,repair\n", "missing"),
        (HEADER, "no data rows"),
        (HEADER + GOOD * 2001, "more than 2000 rows"),
        ("x" * (POLICY.max_bytes + 1), "larger than"),
        (HEADER + 'K-1,"unterminated\n', "CSV"),
        ("a\x00b", "NUL"),
    ],
)
def test_KEY_02_import_a_malformed_file_is_one_clear_invalid_input(content: str | bytes, says: str) -> None:
    with pytest.raises(InvalidInput) as err:
        read_rows(content, POLICY)
    assert says in str(err.value) and err.value.violations[0].field == "content"


def test_KEY_02_import_by_someone_who_may_not_register_is_refused_whole() -> None:
    with pytest.raises(Forbidden):
        check_rows(
            read_rows(HEADER + GOOD, POLICY),
            actor=AGENT.actor,
            existing=set(),
            new_id=lambda: "x",
            dry_run=False,
            now=T0,
        )
