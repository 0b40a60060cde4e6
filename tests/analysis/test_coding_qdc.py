"""Codebooks through REFI-QDA (.qdc) and JSON: round trips, foreign files, clear errors."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from analysis.coding.qdc import (
    QDC_NS,
    QdcError,
    codebook_from_qdc,
    codebook_to_qdc,
    find_codebook,
    list_codebooks,
    read_codebook,
    save_user_codebook,
    write_codebook,
)
from analysis.framing.codebook import CodebookError, codebook_from_dict, load_codebook
from analysis.resources import resource_path


@pytest.mark.parametrize("name", ["policy_frames", "semetko_valkenburg"])
def test_shipped_codebooks_round_trip_through_qdc_unchanged(tmp_path, name):
    cb = load_codebook(resource_path("codebooks", f"{name}.json"))
    path = write_codebook(cb, tmp_path / f"{name}.qdc")
    back = read_codebook(path)
    assert back == cb
    assert back.frame("security_defense" if name == "policy_frames" else "conflict").name_hi  # Hindi survives
    # and once more: export of the import is byte-identical (stable guids, order, colours)
    assert codebook_to_qdc(back) == path.read_bytes()


def test_qdc_is_refi_qda_shaped_xml(tmp_path):
    cb = load_codebook(resource_path("codebooks", "semetko_valkenburg.json"))
    root = ET.fromstring(codebook_to_qdc(cb))
    ns = {"q": QDC_NS}
    assert root.tag == f"{{{QDC_NS}}}CodeBook"
    codes = root.findall("q:Codes/q:Code", ns)
    assert [c.get("name") for c in codes] == [f.name_en for f in cb.frames]
    assert all(c.get("isCodable") == "true" and len(c.get("guid")) == 36 for c in codes)
    assert all(c.get("color", "").startswith("#") and len(c.get("color")) == 7 for c in codes)
    # a QDA tool shows the English definition first
    first = codes[0].find("q:Description", ns).text
    assert first.startswith(cb.frames[0].definition_en)
    members = root.findall("q:Sets/q:Set/q:MemberCode", ns)
    assert {m.get("guid") for m in members} == {c.get("guid") for c in codes}


def test_json_round_trip_hindi_only_fields(tmp_path):
    cb = codebook_from_dict(
        {
            "id": "my_frames",
            "name": "मेरी कोडबुक",
            "frames": [
                {"id": "sangharsh", "name_en": "Conflict", "name_hi": "संघर्ष", "cues_hi": ["टकराव", "विवाद"]},
                {
                    "id": "manav",
                    "name_en": "Human interest",
                    "name_hi": "मानवीय पक्ष",
                    "definition_hi": "लोगों की कहानी।",
                },
            ],
        }
    )
    for suffix in (".json", ".qdc"):
        assert read_codebook(write_codebook(cb, tmp_path / f"mine{suffix}")) == cb


FOREIGN = """<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Some QDA tool 23.4">
  <Codes>
    <Code guid="1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294" name="Themes" isCodable="false">
      <Code guid="2FF58B12-6F6F-4B0C-8BE5-BBDC91F55294" name="Blame" isCodable="true" color="#46AA00">
        <Description>Someone is held responsible.</Description>
      </Code>
      <Code guid="3FF58B12-6F6F-4B0C-8BE5-BBDC91F55294" name="आर्थिक असर" isCodable="true"/>
    </Code>
    <Code guid="4FF58B12-6F6F-4B0C-8BE5-BBDC91F55294" name="Blame" isCodable="true"/>
  </Codes>
</CodeBook>
"""


def test_a_codebook_from_another_tool_imports(tmp_path):
    p = tmp_path / "Team codes.qdc"
    p.write_text(FOREIGN, encoding="utf-8")
    cb = read_codebook(p)
    assert cb.id == "team_codes"
    assert [f.name_en for f in cb.frames] == ["Themes / Blame", "Themes / आर्थिक असर", "Blame"]
    assert len(set(cb.frame_ids)) == 3  # ids made unique, ASCII snake_case
    assert cb.frames[0].definition_en == "Someone is held responsible."
    assert "Some QDA tool" in cb.citation


@pytest.mark.parametrize(
    "content, message",
    [
        (b"<CodeBook><Codes><Code", r"not well-formed XML \(line 1"),
        (b'<Project xmlns="urn:QDA-XML:project:1.0"/>', "project without a CodeBook"),
        (b"<Codebook/>", "root element is <Codebook>"),
        (b'<CodeBook xmlns="urn:other"><Codes/></CodeBook>', "unknown namespace"),
        (b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>', "no <Codes>"),
        (
            b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294"/></Codes></CodeBook>',
            "code 1 has no name",
        ),
        (
            b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="x" name="A"/></Codes></CodeBook>',
            "no valid guid",
        ),
        (
            b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294" name="A"/></Codes></CodeBook>',
            "at least two frames",
        ),
        (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><CodeBook/>', "DOCTYPE"),
        ("<CodeBook>संघर्ष".encode("utf-16"), "not well-formed XML"),
    ],
)
def test_malformed_qdc_gets_a_clear_error(tmp_path, content, message):
    p = tmp_path / "bad.qdc"
    p.write_bytes(content)
    with pytest.raises(QdcError, match=message) as err:
        read_codebook(p)
    assert str(p) in str(err.value)  # the message names the file


def test_tampered_parallax_data_is_reported_not_swallowed(tmp_path):
    cb = load_codebook(resource_path("codebooks", "semetko_valkenburg.json"))
    xml = codebook_to_qdc(cb).replace(b'"id": "conflict"', b'"id": "Conflict Frame"')
    with pytest.raises(QdcError, match="lower-case"):
        codebook_from_qdc(xml, "edited.qdc")


def test_other_suffixes_and_missing_files(tmp_path):
    with pytest.raises(CodebookError, match=r"\.json or \.qdc"):
        read_codebook(tmp_path / "codes.txt")
    with pytest.raises(QdcError, match="no such codebook file"):
        read_codebook(tmp_path / "missing.qdc")


def test_user_codebooks_live_in_the_data_dir(tmp_path):
    cb = codebook_from_dict(
        {
            "id": "policy_frames",
            "name": "My edit of the policy frames",
            "frames": [{"id": "economic", "name_en": "Economic"}, {"id": "political", "name_en": "Political"}],
        }
    )
    path = save_user_codebook(cb, tmp_path)
    assert path.parent == tmp_path and "resources" not in path.parts
    ids = [(cid, shipped) for cid, _, _, shipped in list_codebooks(tmp_path)]
    assert ("policy_frames", True) in ids and ("policy_frames", False) in ids
    # the researcher's own version wins when looked up by id
    assert find_codebook("policy_frames", tmp_path).name == "My edit of the policy frames"
    with pytest.raises(CodebookError, match="no codebook with id"):
        find_codebook("nope", tmp_path)
