"""The place extractor on the ways callers write an address (pure; literal strings)."""

import pytest

from jiesu.places.gazetteer import CommunityEntry, CompoundEntry, PlaceExtractor, cn_to_int, normalise

SUNSHINE, EAST_1, EAST_2, WANGCHUN, WANGCHUN_LI, ZAOYUAN = 1, 2, 3, 4, 5, 6


@pytest.fixture(scope="module")
def extractor():
    def buildings(compound: int, count: int) -> dict[str, int]:
        return {str(n): compound * 100 + n for n in range(1, count + 1)}

    return PlaceExtractor(
        compounds=[
            CompoundEntry(
                SUNSHINE, 10, ("阳光星苑", "阳光星苑小区", "阳光星苑南区"), buildings(SUNSHINE, 20)
            ),
            CompoundEntry(EAST_1, 11, ("槐林东里一区",), buildings(EAST_1, 8)),
            CompoundEntry(EAST_2, 11, ("槐林东里二区",), buildings(EAST_2, 8)),
            CompoundEntry(WANGCHUN, 12, ("望春园", "望春园小区"), buildings(WANGCHUN, 6)),
            CompoundEntry(WANGCHUN_LI, 12, ("望春里", "望春里小区"), buildings(WANGCHUN_LI, 6)),
            CompoundEntry(ZAOYUAN, 13, ("枣园小区",), buildings(ZAOYUAN, 6)),
        ],
        communities=[
            CommunityEntry(10, ("星苑社区", "星苑")),
            CommunityEntry(11, ("槐林东里社区", "槐林东里")),
            CommunityEntry(12, ("望春园社区", "望春园")),
            CommunityEntry(13, ("枣园社区", "枣园")),
        ],
    )


@pytest.mark.parametrize(
    "text",
    [
        "阳光星苑5号楼",
        "阳光星苑小区五号楼",
        "5#楼",  # replaced below: the compound is always named
        "阳光星苑5栋",
        "阳光星苑5幢",
        "阳光星苑5#",
        "阳光星苑5#楼",
        "阳光星苑南区5号楼",
        "阳光星范5号楼",  # one mistyped character
        "阳光新苑小区5号楼",
        "北京市朝阳区槐林街道阳光星苑5号楼",
        "阳光星苑５号楼",  # full-width digit
        "阳光星苑 5 号楼",
    ],
)
def test_every_way_of_writing_building_5_of_sunshine(extractor, text):
    text = "阳光星苑5#楼" if text == "5#楼" else text

    match = extractor.extract(text)

    assert (match.compound_id, match.building_id) == (SUNSHINE, 105)
    assert match.community_id == 10
    assert match.confidence >= 0.85


def test_unit_and_room_are_found_in_both_notations(extractor):
    assert extractor.extract("阳光星苑十二栋3单元502室").building_id == 112
    match = extractor.extract("阳光星苑12号楼3单元502")
    assert (match.entrance, match.room) == ("3", "502")
    dashed = extractor.extract("槐林街道阳光星苑5-2-301")
    assert (dashed.building_id, dashed.entrance, dashed.room) == (105, "2", "301")


def test_a_numeral_in_the_name_is_a_different_compound_not_a_typo(extractor):
    assert extractor.extract("槐林东里二区3号楼").compound_id == EAST_2
    assert extractor.extract("槐林东里2区3号楼").compound_id == EAST_2
    assert extractor.extract("槐林东里一区3号楼").compound_id == EAST_1


def test_missing_xiaoqu_suffix_and_the_address_then_the_content(extractor):
    assert extractor.extract("枣园3号楼").compound_id == ZAOYUAN
    match = extractor.extract("家附近", "我住在阳光星苑小区五号楼，楼道灯坏了")
    assert match.building_id == 105


def test_roads_and_community_names_are_not_compounds(extractor):
    assert extractor.extract("望春路5号附近").compound_id is None
    community = extractor.extract("望春园社区居委会门口")
    assert (community.compound_id, community.community_id) == (None, 12)
    assert extractor.extract("一条没有地址的诉求").found is False


def test_numbers_and_normalisation():
    assert [cn_to_int(t) for t in ("五", "十", "十二", "二十", "二十三", "一百零五")] == [
        5,
        10,
        12,
        20,
        23,
        105,
    ]
    assert normalise("阳光星苑 十二 栋") == "阳光星苑12栋"
