"""The one gazetteer: community, compound, building, unit and room in free text (pure, no Django).

Built from the places' names and aliases (`places.selectors.place_extractor` caches it; intake's
`place_resolve` and triage both read it); tolerant of the ways callers write them: full-width
digits, Chinese numerals (五号楼, 十二栋), building markers (号楼 # 栋 幢 座 号院 and the 5-2-301
dash form), a missing or extra 小区, aliases, and one mistyped character. Roads and landmarks are
places too: a name followed by 路/街/大道/桥/公交站/地铁站/公园/广场/市场 … names the road or the
landmark (枣园路公交站), never the compound 枣园小区.
"""

import re
import unicodedata
from dataclasses import dataclass, field

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN = "零〇一二两三四五六七八九十百"
# a Chinese number is turned into digits only where it counts something in an address
_CN_NUMBER_RE = re.compile(rf"([{_CN}]{{1,4}})(?=号|#|栋|幢|座|单元|门|室|层|楼|区|队|期|排|巷|条)")
_SUFFIXES = ("小区", "社区", "居委会", "村委会")
_ORGS = ("社区", "居委会", "村委会")
MARKER = r"(?:号楼|号院|#楼|#|栋|幢|座|号)"
_BUILDING_RE = re.compile(
    rf"^[^0-9]{{0,6}}?(\d{{1,3}})([a-z]?)\s*(?:{MARKER}|-(?=\d))"
    rf"(?:\s*(?:(\d{{1,2}})\s*(?:单元|门|-))?\s*(\d{{3,4}})?)?"
)
_ENTRANCE_RE = re.compile(r"(\d{1,2})\s*(?:单元|门)\s*(\d{3,4})?")
FUZZY_MIN_LENGTH = 3
# characters a pinyin input method confuses (same syllable), for the words in place names;
# a homophone slip costs less than any other mistyped character
_HOMOPHONE_GROUPS = (
    "园元圆员源远苑院缘原 里理李丽力利立礼 家佳嘉加 华花化画桦 新心欣辛馨 "
    "星兴行形型 东冬董 西溪希息熙 南楠难男 北贝备背 湖胡壶户护 和河禾合荷 "
    "平萍苹凭屏 光广 景井静镜境 林霖琳临邻 槐怀淮 锦金晋进近 绣秀 芳方房坊 "
    "枣早 御玉裕宇雨 泽则择 润闰 水税 春椿 晓小孝 安岸按 风枫丰峰锋 湾弯 "
    "雅亚 居局菊 都督 庭亭廷 阳杨洋扬 公工宫功 坝霸 城成程诚 望旺往 晖辉徽灰 "
    "荫音阴 香乡相湘 悦月越岳 府富副福 "
)
HOMOPHONES = tuple(_HOMOPHONE_GROUPS.split())
_SOUND = {char: group for group in HOMOPHONES for char in group}
_NOT_TYPOS = set("路街道巷桥站门口号#栋幢座楼单元室层期")  # roads and address markers
# after a name, these make it a road or a landmark named after it (枣园路, 星苑公园, 东坝桥)
ROAD_MARKERS = (
    "路",
    "大街",
    "街",
    "大道",
    "胡同",
    "巷",
    "桥",
    "公交站",
    "地铁站",
    "车站",
    "公园",
    "广场",
    "市场",
    "商场",
)
_LANDMARK_TAIL_RE = re.compile(
    r"(?:路|大街|街|大道|胡同|巷|桥|公园|广场|市场|商场)?(?:口|公交站|地铁站|车站|站|东|西|南|北)?"
)
_BUILDING_AFTER_RE = re.compile(r"(?:小区)?\d{1,3}(?:号楼|#|栋|幢|座|-\d)")
_NUMBER_AFTER_RE = re.compile(r"(?:小区)?\d{1,3}号")


def cn_to_int(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, 一百零五 → 105; None when it is not a number."""
    if not text:
        return None
    if "百" in text:
        hundreds, _, rest = text.partition("百")
        head = CN_DIGITS.get(hundreds, 1) if hundreds else 1
        rest = rest.lstrip("零〇")
        tail = cn_to_int(rest) if rest else 0
        return None if tail is None else head * 100 + tail
    if "十" in text:
        tens, _, ones = text.partition("十")
        if (tens and tens not in CN_DIGITS) or (ones and ones not in CN_DIGITS):
            return None
        return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)
    if all(char in CN_DIGITS for char in text):
        return int("".join(str(CN_DIGITS[char]) for char in text))
    return None


def _cn_replace(match: re.Match) -> str:
    number = cn_to_int(match.group(1))
    return match.group(1) if number is None else str(number)


def normalise(text: str) -> str:
    """Half-width, lower case, no spaces, Chinese numerals before a marker as digits."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = re.sub(r"\s+", "", text)
    text = text.replace("－", "-").replace("—", "-").replace("–", "-")
    return _CN_NUMBER_RE.sub(_cn_replace, text)


@dataclass(frozen=True)
class CompoundEntry:
    id: int
    community_id: int
    names: tuple[str, ...]  # name and aliases
    buildings: dict[str, int] = field(default_factory=dict)  # number ("5", "5a") -> building id


@dataclass(frozen=True)
class CommunityEntry:
    id: int
    names: tuple[str, ...]


@dataclass(frozen=True)
class PlaceMatch:
    community_id: int | None = None
    compound_id: int | None = None
    building_id: int | None = None
    entrance: str = ""
    room: str = ""
    confidence: float = 0.0
    span: str = ""  # the text that named the place
    landmark: str = ""  # a road or landmark named in the text (when no compound was found)

    @property
    def found(self) -> bool:
        return self.community_id is not None

    @property
    def resolved(self) -> bool:
        return self.compound_id is not None or self.community_id is not None


def _variants(name: str) -> set[str]:
    """The name as callers write it: with and without 小区/社区, numerals normalised."""
    base = normalise(name)
    out = {base}
    for suffix in _SUFFIXES:
        if base.endswith(suffix) and len(base) - len(suffix) >= 2:
            out.add(base[: -len(suffix)])
    out |= {f"{item}小区" for item in list(out) if not item.endswith(("小区", "社区", "村", "队"))}
    return {item for item in out if len(item) >= 2}


def _by_sound(text: str) -> str:
    """Each character replaced by the first of its homophone group (for finding candidates)."""
    return "".join(_SOUND.get(char, char)[0] for char in text)


def _bigrams(text: str) -> list[str]:
    return [text[i : i + 2] for i in range(len(text) - 1)]


class PlaceExtractor:
    """Built once from the gazetteer; `extract` is a pure function of the text afterwards."""

    def __init__(self, *, compounds: list[CompoundEntry], communities: list[CommunityEntry]):
        self.compounds = {entry.id: entry for entry in compounds}
        self.buildings = {
            entry.id: {normalise(k): v for k, v in entry.buildings.items()} for entry in compounds
        }
        self.names: dict[str, set[tuple[str, int]]] = {}  # variant -> {("compound"|"community", id)}
        for entry in compounds:
            for name in entry.names:
                for variant in _variants(name):
                    self.names.setdefault(variant, set()).add(("compound", entry.id))
        for entry in communities:
            for name in entry.names:
                for variant in _variants(name):
                    self.names.setdefault(variant, set()).add(("community", entry.id))
        self.by_bigram: dict[str, list[str]] = {}  # first bigram -> variants (exact search)
        self.fuzzy_index: dict[str, set[str]] = {}  # any bigram -> compound variants (typo search)
        for variant, owners in self.names.items():
            self.by_bigram.setdefault(variant[:2], []).append(variant)
            if len(variant) >= FUZZY_MIN_LENGTH and any(kind == "compound" for kind, _ in owners):
                for gram in _bigrams(_by_sound(variant)):
                    self.fuzzy_index.setdefault(gram, set()).add(variant)
        for variants in self.by_bigram.values():
            variants.sort(key=len, reverse=True)

    # -- public ---------------------------------------------------------------------------
    def extract(self, text: str, *more: str) -> PlaceMatch:
        """The best place named in `text`, then in each of `more` (e.g. address, then content)."""
        best = PlaceMatch()
        for source in (text, *more):
            match = self._extract_one(normalise(source))
            if match.confidence > best.confidence or (
                not best.found and not best.landmark and match.landmark
            ):
                best = match
            if best.building_id is not None:
                break
        return best

    # -- matching -------------------------------------------------------------------------
    def _extract_one(self, text: str) -> PlaceMatch:
        if not text:
            return PlaceMatch()
        landmarks: list[str] = []
        hits = self._exact_hits(text, landmarks)
        compound_hits = [hit for hit in hits if hit[3] == "compound"]
        fuzzy = self._fuzzy_hit(text, compound_hits)
        if fuzzy is not None:
            compound_hits = [fuzzy]
        if compound_hits:
            start, end, variant, _, ids, distance = max(
                compound_hits, key=lambda hit: (len(hit[2]) - 1.5 * hit[5], -hit[0])
            )
            return self._with_building(text, start, end, variant, ids, distance)
        communities = [hit for hit in hits if hit[3] == "community"]
        if communities:
            start, end, variant, _, ids, _ = max(communities, key=lambda hit: (len(hit[2]), -hit[0]))
            confidence = 0.6 if len(ids) == 1 else 0.3
            return PlaceMatch(
                community_id=min(ids),
                confidence=confidence,
                span=text[start:end],
                landmark="".join(landmarks[:1]),
            )
        return PlaceMatch(landmark="".join(landmarks[:1]))

    def _exact_hits(self, text: str, landmarks: list[str]) -> list[tuple]:
        """(start, end, variant, kind, ids, distance 0) for every name found verbatim; a name that
        is the start of a road or landmark's name goes to `landmarks` instead."""
        hits = []
        for i in range(len(text) - 1):
            for variant in self.by_bigram.get(text[i : i + 2], ()):
                if text.startswith(variant, i):
                    owners = self.names[variant]
                    end = i + len(variant)
                    if text.startswith(ROAD_MARKERS, end):
                        tail = _LANDMARK_TAIL_RE.match(text, end)
                        landmarks.append(text[i : tail.end() if tail else end])
                        continue
                    compound_ids = sorted(oid for kind, oid in owners if kind == "compound")
                    community_ids = sorted(oid for kind, oid in owners if kind == "community")
                    # "望春园社区" names the community, even though 望春园 is also a compound
                    if compound_ids and not text.startswith(_ORGS, end):
                        hits.append((i, end, variant, "compound", compound_ids, 0))
                    if community_ids:
                        hits.append((i, end, variant, "community", community_ids, 0))
        return hits

    def _fuzzy_hit(self, text: str, exact: list[tuple]) -> tuple | None:
        """A compound name with one mistyped character, when it beats what matched verbatim."""
        counts: dict[str, int] = {}
        for gram in set(_bigrams(_by_sound(text))):
            for variant in self.fuzzy_index.get(gram, ()):
                counts[variant] = counts.get(variant, 0) + 1
        best_exact = max((len(hit[2]) for hit in exact), default=0)
        found = []
        for variant, shared in counts.items():
            size = len(variant)
            if size - 1.5 <= best_exact or shared < max(1, size - 3):
                continue
            for start in range(len(text) - size + 1):
                window = text[start : start + size]
                cost = None if window in self.names else _typo_cost(window, variant)
                if cost is None or text.startswith(ROAD_MARKERS, start + size):
                    continue
                if size == FUZZY_MIN_LENGTH and not self._short_name_typo_ok(
                    window, variant, cost, text[start + size :]
                ):
                    continue
                ids = sorted(oid for kind, oid in self.names[variant] if kind == "compound")
                found.append((start, start + size, variant, "compound", ids, cost))
        if not found:
            return None
        found.sort(key=lambda hit: (hit[5], -len(hit[2]), hit[0]))
        best = found[0]
        rivals = {oid for hit in found if hit[5] == best[5] and len(hit[2]) == len(best[2]) for oid in hit[4]}
        return best if len(rivals) == 1 else (*best[:4], sorted(rivals), best[5])

    @staticmethod
    def _short_name_typo_ok(window: str, variant: str, cost: float, after: str) -> bool:
        """A three-character name with a slip must be followed by a building number; only a
        homophone may replace its last character (望春力 is 望春里, 望春路 is a road)."""
        if window[-1] != variant[-1] and cost > 0.5:
            return False
        return bool(_BUILDING_AFTER_RE.match(after) or (cost <= 0.5 and _NUMBER_AFTER_RE.match(after)))

    def _with_building(self, text: str, start: int, end: int, variant: str, ids: list, distance: float):
        candidates = [self.compounds[cid] for cid in ids]
        rest = text[end : end + 24]
        building_id, entrance, room = None, "", ""
        compound = candidates[0]
        match = _BUILDING_RE.match(rest)
        if match:
            number = match.group(1) + match.group(2)
            for candidate in candidates:
                found = self.buildings[candidate.id].get(number)
                if found is not None:
                    compound, building_id = candidate, found
                    break
            entrance, room = match.group(3) or "", match.group(4) or ""
            if not entrance:
                after = _ENTRANCE_RE.search(rest[match.end() : match.end() + 8])
                if after:
                    entrance, room = after.group(1), after.group(2) or room
        confidence = 0.99 if building_id else (0.92 if not match else 0.85)
        if distance:
            confidence -= 0.1
        if len(ids) > 1 and (building_id is None or distance):
            confidence = min(confidence, 0.5 if building_id is None else 0.6)
        return PlaceMatch(
            community_id=compound.community_id,
            compound_id=compound.id,
            building_id=building_id,
            entrance=entrance,
            room=room,
            confidence=round(confidence, 2),
            span=text[start : end + (match.end() if match else 0)],
        )


def _typo_cost(window: str, variant: str) -> float | None:
    """None unless exactly one character differs; 0.5 for a homophone slip, 1 otherwise. A digit
    (一区 vs 二区 are two compounds) or a road word (北湖东路 is a road, not 北湖东苑) never counts."""
    diffs = [(a, b) for a, b in zip(window, variant, strict=True) if a != b]
    if len(diffs) != 1:
        return None
    typed, meant = diffs[0]
    if typed.isdigit() or meant.isdigit() or typed in _NOT_TYPOS or meant in _NOT_TYPOS:
        return None
    return 0.5 if _SOUND.get(typed, typed) == _SOUND.get(meant) else 1.0
