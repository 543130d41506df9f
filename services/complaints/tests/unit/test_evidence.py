"""CMP-08 evidence: size, type from the file's own bytes, site photos before an engineering
or design dispute is resolved; and a record only from the store's matching confirmation."""

from __future__ import annotations

import hashlib
import struct
import zlib
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from complaints.domain.states import Status
from complaints.domain.values import Category, Nature
from complaints.evidence.domain import rules as r
from complaints.evidence.domain.model import (
    CheckedUpload,
    EvidenceCase,
    EvidenceKind,
    StoreConfirmation,
    evidence_key,
)
from complaints.evidence.domain.policy import (
    DEFAULT_EVIDENCE_POLICY,
    HARD_MAX_BYTES,
    MIB,
    EvidencePolicy,
    evidence_policy_for,
)
from complaints.intake.domain import rules
from cskit.domain import Actor, InvalidInput, RuleViolation, Unavailable

NOW = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
AGENT = Actor(subject="agent-1", branch_id="b1", roles=frozenset({"agent"}))


def png(width: int = 2, height: int = 2) -> bytes:
    """A real, valid PNG (RGB, no filter), made here so no file is checked in."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
GIF = b"GIF89a" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def check(content: bytes, **changes: object) -> CheckedUpload:
    args: dict[str, object] = {
        "kind": EvidenceKind.SITE_PHOTO,
        "filename": "photo.png",
        "declared_type": "image/png",
        "content": content,
        "note": "",
        "policy": DEFAULT_EVIDENCE_POLICY,
    }
    args.update(changes)
    return r.check_upload(**args)  # type: ignore[arg-type]


def refused(code: str, content: bytes, **changes: object) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        check(content, **changes)
    assert caught.value.code == code, caught.value.message
    assert caught.value.rule_id == "CMP-08"
    return caught.value


# ---- the file: size ------------------------------------------------------------------------


def test_cmp_08_size_up_to_the_limit_is_kept_one_byte_more_is_refused() -> None:
    policy = replace(DEFAULT_EVIDENCE_POLICY, max_bytes=1000)
    at_limit = png() + b"\x00" * (1000 - len(png()))
    assert check(at_limit, policy=policy).size == 1000
    error = refused("evidence_too_large", at_limit + b"\x00", policy=policy)
    assert error.violations[0].field == "content"


def test_cmp_08_default_limit_is_10_mib_and_no_branch_may_exceed_the_grpc_message() -> None:
    assert DEFAULT_EVIDENCE_POLICY.max_bytes == 10 * MIB
    assert HARD_MAX_BYTES < 16 * MIB
    with pytest.raises(InvalidInput):
        evidence_policy_for("b2", {"b2": {"max_bytes": 16 * MIB}})


def test_cmp_08_an_empty_file_is_refused() -> None:
    refused("evidence_empty", b"")


# ---- the file: type from its own bytes -----------------------------------------------------


@pytest.mark.parametrize(
    ("content", "declared", "name", "expected"),
    [
        (png(), "image/png", "site.png", "image/png"),
        (JPEG, "image/jpeg", "site.JPG", "image/jpeg"),
        (JPEG, "image/jpg", "site.jpeg", "image/jpeg"),
        (WEBP, "image/webp", "site.webp", "image/webp"),
        (PDF, "application/pdf", "scan.pdf", "application/pdf"),
        (png(), "application/octet-stream", "from-a-phone", "image/png"),
        (png(), "", "no-type", "image/png"),
        (png(), "image/png; charset=binary", "site.png", "image/png"),
    ],
)
def test_cmp_08_type_is_sniffed_from_the_bytes(content: bytes, declared: str, name: str, expected: str) -> None:
    kind = EvidenceKind.DOCUMENT if expected == "application/pdf" else EvidenceKind.SITE_PHOTO
    assert check(content, declared_type=declared, filename=name, kind=kind).content_type == expected


def test_cmp_08_a_renamed_program_cannot_pass_for_a_photo() -> None:
    error = refused("unsupported_evidence_type", EXE, declared_type="image/jpeg", filename="holiday.jpg")
    assert "not a recognised file type" in error.message


def test_cmp_08_a_declared_type_that_disagrees_with_the_bytes_is_refused() -> None:
    refused("evidence_type_mismatch", png(), declared_type="image/jpeg", filename="photo")


def test_cmp_08_an_extension_that_disagrees_with_the_bytes_is_refused() -> None:
    refused("evidence_type_mismatch", png(), declared_type="", filename="contract.pdf", kind=EvidenceKind.DOCUMENT)


def test_cmp_08_a_known_but_disallowed_type_is_refused_unless_the_branch_allows_it() -> None:
    refused("unsupported_evidence_type", GIF, declared_type="image/gif", filename="a.gif")
    policy = evidence_policy_for("b2", {"b2": {"content_types": ["image/gif", "image/png"]}})
    assert check(GIF, declared_type="image/gif", filename="a.gif", policy=policy).content_type == "image/gif"


def test_cmp_08_a_site_photo_must_be_an_image() -> None:
    refused("site_photo_not_image", PDF, declared_type="application/pdf", filename="site.pdf")
    assert check(PDF, declared_type="application/pdf", filename="site.pdf", kind=EvidenceKind.DOCUMENT)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (png(), "image/png"),
        (JPEG, "image/jpeg"),
        (WEBP, "image/webp"),
        (PDF, "application/pdf"),
        (GIF, "image/gif"),
        (b"II*\x00" + b"\x00" * 8, "image/tiff"),
        (b"\x00\x00\x00\x18ftypheic" + b"\x00" * 8, "image/heic"),
        (EXE, None),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", None),
        (b"RIFF\x00\x00\x00\x00WAVE", None),
        (b"\xff\xd8", None),
    ],
)
def test_cmp_08_sniffing_knows_the_magic_numbers(content: bytes, expected: str | None) -> None:
    assert r.sniff_content_type(content) == expected


# ---- the rest of the upload ----------------------------------------------------------------


def test_cmp_08_kind_is_required_and_a_note_has_a_limit() -> None:
    refused("invalid_input", png(), kind=EvidenceKind.UNSPECIFIED)
    refused("invalid_input", png(), note="x" * 2001)
    assert check(png(), note="  taken at the lift shaft  ").note == "taken at the lift shaft"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("C:\\Users\\li\\Desktop\\site.png", "site.png"),
        ("../../etc/passwd.png", "passwd.png"),
        ("photo\u202egnp.exe.png", "photognp.exe.png"),
        ("tab\tand\nnewline.png", "tabandnewline.png"),
        ("", "evidence"),
        ("..", "evidence"),
        ("现场照片.png", "现场照片.png"),
        ("a" * 300 + ".png", "a" * 251 + ".png"),
    ],
)
def test_cmp_08_the_file_name_is_only_for_display_and_is_cleaned(raw: str, expected: str) -> None:
    assert r.display_filename(raw) == expected


def test_cmp_08_the_checked_upload_carries_size_and_sha256() -> None:
    data = png()
    checked = check(data)
    assert (checked.size, checked.sha256) == (len(data), hashlib.sha256(data).hexdigest())


# ---- the record ----------------------------------------------------------------------------


CASE = EvidenceCase(complaint_id="c-1", branch_id="b1", status=Status.IN_PROGRESS, category=Category.ENGINEERING)


def test_cmp_08_the_record_is_made_from_the_store_confirmation_and_belongs_to_the_case_branch() -> None:
    data = png()
    checked = check(data)
    key = evidence_key("c-1", "e-1")
    evidence, event = r.attach(
        CASE,
        checked,
        StoreConfirmation(key=key, size=len(data), sha256=hashlib.sha256(data).hexdigest()),
        evidence_id="e-1",
        actor=AGENT,
        now=NOW,
    )
    assert (evidence.id, evidence.complaint_id, evidence.branch_id, evidence.file_key) == ("e-1", "c-1", "b1", key)
    assert evidence.is_site_photo and evidence.attached_by == "agent-1" and evidence.attached_at == NOW
    assert (event.complaint_id, event.evidence_id, event.sha256, event.size, event.file_key) == (
        "c-1",
        "e-1",
        checked.sha256,
        len(data),
        key,
    )


def test_cmp_08_a_confirmation_of_other_bytes_records_nothing() -> None:
    checked = check(png())
    with pytest.raises(Unavailable) as caught:
        r.attach(
            CASE,
            checked,
            StoreConfirmation(key="k", size=checked.size, sha256="0" * 64),
            evidence_id="e-1",
            actor=AGENT,
            now=NOW,
        )
    assert caught.value.rule_id == "CMP-08"


def test_cmp_08_a_closed_case_takes_no_more_evidence() -> None:
    with pytest.raises(RuleViolation) as caught:
        r.require_open_case(Status.CLOSED)
    assert caught.value.code == "case_closed"
    for status in (Status.RECEIVED, Status.ACCEPTED, Status.IN_PROGRESS, Status.RESOLVED, Status.REJECTED):
        r.require_open_case(status)


def test_cmp_08_the_store_key_holds_only_ids() -> None:
    assert evidence_key("c-1", "e-2") == "complaints/c-1/evidence/e-2"


# ---- resolution needs site photos ----------------------------------------------------------


@pytest.mark.parametrize("category", [Category.ENGINEERING, Category.DESIGN])
def test_cmp_08_engineering_or_design_dispute_is_not_resolved_without_a_site_photo(category: Category) -> None:
    with pytest.raises(RuleViolation) as caught:
        r.require_site_photos(category, 0, DEFAULT_EVIDENCE_POLICY)
    assert (caught.value.code, caught.value.rule_id) == ("site_photo_required", "CMP-08")
    r.require_site_photos(category, 1, DEFAULT_EVIDENCE_POLICY)


@pytest.mark.parametrize("category", [c for c in Category if c not in (Category.ENGINEERING, Category.DESIGN)])
def test_cmp_08_other_categories_resolve_without_photos(category: Category) -> None:
    r.require_site_photos(category, 0, DEFAULT_EVIDENCE_POLICY)


def test_cmp_08_a_branch_may_ask_for_more_photos_or_for_none() -> None:
    two = evidence_policy_for("b2", {"b2": {"site_photos_to_resolve": 2}})
    with pytest.raises(RuleViolation):
        r.require_site_photos(Category.DESIGN, 1, two)
    off = evidence_policy_for("b3", {"b3": {"site_photos_to_resolve": 0}})
    r.require_site_photos(Category.DESIGN, 0, off)
    wider = evidence_policy_for("b4", {"b4": {"site_photo_categories": ["maintenance"]}})
    with pytest.raises(RuleViolation):
        r.require_site_photos(Category.MAINTENANCE, 0, wider)


def test_cmp_02_engineering_and_design_disputes_are_valid_complaints() -> None:
    assert rules.nature_of(Category.ENGINEERING) is Nature.VALID
    assert rules.nature_of(Category.DESIGN) is Nature.VALID


# ---- policy overrides ----------------------------------------------------------------------


def test_cmp_08_policy_overrides_are_checked_all_at_once() -> None:
    with pytest.raises(InvalidInput) as caught:
        evidence_policy_for(
            "b9",
            {
                "b9": {
                    "max_bytes": 0,
                    "content_types": ["image/svg+xml"],
                    "site_photo_categories": ["nonsense"],
                    "site_photos_to_resolve": -1,
                    "colour": "red",
                }
            },
        )
    assert caught.value.rule_id == "CMP-08"
    assert len(caught.value.violations) == 5


def test_cmp_08_a_branch_without_overrides_keeps_the_defaults() -> None:
    assert evidence_policy_for("b1", {"b2": {"max_bytes": 1}}) == EvidencePolicy()


def test_cmp_08_a_png_named_exe_is_kept_under_a_name_ending_in_png() -> None:
    """The stored name's extension matches the type sniffed from the bytes, never the client's."""
    from complaints.evidence.domain.rules import safe_stored_name

    assert safe_stored_name("photo.exe", "image/png") == "photo.exe.png"
    assert safe_stored_name("photo", "application/pdf") == "photo.pdf"
    assert safe_stored_name("scan.JPG", "image/jpeg") == "scan.JPG"
    assert len(safe_stored_name("x" * 255, "image/png")) == 255
