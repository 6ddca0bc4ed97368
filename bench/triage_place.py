"""Place extraction accuracy on noisy addresses of the demo street; prints JSON.

The extractor (jiesu/places/gazetteer.py) is built from the gazetteer only — the demo street's
compound names, aliases and building numbers (jiesu/demo/street.py) — and never sees the test
addresses. The addresses are generated here with a fixed seed, varying: with/without 小区, alias
names, 5号楼 / 五号楼 / 5#楼 / 5# / 5栋 / 五栋 / 5幢 / 5号 / 5-2-301, full-width digits, spaces, one
mistyped character in the compound name (25 %; a homophone by default, any character with --typo random), a prefix such as 北京市朝阳区槐林街道, unit and room,
and the place inside the content instead of the address field (15 %).

Scored: exact compound + building (both must be right). Target ≥ 0.97.

    .venv/bin/python bench/triage_place.py --n 5000 --seed 7
"""

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jiesu.demo.street import build_street  # noqa: E402
from jiesu.places.gazetteer import HOMOPHONES, CommunityEntry, CompoundEntry, PlaceExtractor  # noqa: E402

CN = "零一二三四五六七八九"
TYPO_POOL = "园元圆苑远院源里理丽力家佳嘉华花化新心欣星兴东冬西溪希南楠北贝湖胡和河平萍春纯光广景井林霖"
PREFIXES = ("", "", "北京市朝阳区槐林街道", "槐林街道", "朝阳区", "北京市")
FULL = str.maketrans("0123456789#", "０１２３４５６７８９＃")


def cn(n: int) -> str:
    if n < 10:
        return CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN[tens]) + "十" + (CN[ones] if ones else "")


def gazetteer(plan) -> tuple[PlaceExtractor, dict, list]:
    community_ids = {c.name: i + 1 for i, c in enumerate(plan.communities)}
    compounds, targets, next_building = [], [], 0
    for index, spec in enumerate(plan.compounds, start=1):
        numbers = {}
        for number, _ in spec.buildings:
            next_building += 1
            numbers[number] = next_building
        compounds.append(
            CompoundEntry(index, community_ids[spec.community], (spec.name, *spec.aliases), numbers)
        )
        if spec.kind == "apartment" and numbers:
            targets.append((index, spec, numbers))
    communities = [CommunityEntry(community_ids[c.name], (c.name, *c.aliases)) for c in plan.communities]
    return PlaceExtractor(compounds=compounds, communities=communities), community_ids, targets


def typo(name: str, rng: random.Random, mode: str) -> str:
    """One character replaced: by a homophone (a pinyin input slip, the usual typo), or in
    --typo random mode by any character (a harsher stress test)."""
    positions = [i for i, ch in enumerate(name) if ch not in CN and ch not in "小区十"]
    i = rng.choice(positions)
    pool = TYPO_POOL
    if mode == "homophone":
        pool = next((group for group in HOMOPHONES if name[i] in group), TYPO_POOL)
    return name[:i] + rng.choice([c for c in pool if c != name[i]]) + name[i + 1 :]


def noisy(spec, number: str, rng: random.Random, mode: str) -> tuple[str, str, set[str]]:
    """(address, content, the variants used)."""
    used = set()
    name = spec.name
    roll = rng.random()
    if roll < 0.3 and spec.aliases:
        name, _ = rng.choice(spec.aliases), used.add("alias")
    elif roll < 0.5 and not name.endswith("小区"):
        name, _ = f"{name}小区", used.add("+小区")
    elif roll < 0.6 and name.endswith("小区"):
        name, _ = name.removesuffix("小区"), used.add("-小区")
    if rng.random() < 0.25:
        name, _ = typo(name, rng, mode), used.add("typo")
    n, entrance, room = int(number), rng.randint(1, 4), f"{rng.randint(1, 18)}0{rng.randint(1, 4)}"
    style = rng.choice(("号楼", "cn号楼", "#楼", "#", "栋", "cn栋", "幢", "号", "dash", "号院"))
    used.add(f"style:{style}")
    if style == "dash":
        building = f"{n}-{entrance}-{room}"
    elif style.startswith("cn"):
        building = f"{cn(n)}{style[2:]}"
    else:
        building = f"{n}{style}"
    tail = rng.choice(
        ("", "", f"{entrance}单元", f"{entrance}单元{room}", f"{entrance}单元{room}室", "门口", "楼下")
    )
    if style == "dash":
        tail = ""
    address = f"{rng.choice(PREFIXES)}{name}{building}{tail}"
    if rng.random() < 0.1:
        address, _ = address.translate(FULL), used.add("fullwidth")
    if rng.random() < 0.1:
        address, _ = address.replace(name, f"{name} ", 1), used.add("space")
    if rng.random() < 0.15:
        used.add("in-content")
        return (
            rng.choice(("", "家附近")),
            f"您好，我是{address}的居民，楼道灯坏了很久了，希望尽快处理。",
            used,
        )
    return address, "楼道灯坏了很久了，希望尽快处理。", used


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--show-misses", type=int, default=0)
    parser.add_argument("--typo", choices=("homophone", "random"), default="homophone")
    args = parser.parse_args()
    extractor, _, targets = gazetteer(build_street())
    rng = random.Random(args.seed)
    right, by_variant, seen, misses, elapsed = 0, Counter(), Counter(), [], 0.0
    for _ in range(args.n):
        compound_id, spec, numbers = rng.choice(targets)
        number = rng.choice(list(numbers))
        address, content, used = noisy(spec, number, rng, args.typo)
        started = time.perf_counter()
        match = extractor.extract(address, content)
        elapsed += time.perf_counter() - started
        ok = (match.compound_id, match.building_id) == (compound_id, numbers[number])
        right += ok
        for variant in used:
            seen[variant] += 1
            by_variant[variant] += ok
        if not ok and len(misses) < args.show_misses:
            misses.append({"address": address, "content": content, "want": f"{spec.name}{number}"})
    print(
        json.dumps(
            {
                "n": args.n,
                "seed": args.seed,
                "typo": args.typo,
                "compound_building_accuracy": round(right / args.n, 4),
                "target": 0.97,
                "by_variant": {
                    k: {"n": seen[k], "accuracy": round(by_variant[k] / seen[k], 4)} for k in sorted(seen)
                },
                "mean_extract_ms": round(elapsed / args.n * 1000, 4),
                "misses": misses,
            },
            ensure_ascii=False,
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
