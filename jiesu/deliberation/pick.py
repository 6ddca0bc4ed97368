"""The month's candidate topics: residents' proposals and the community's orders, grouped by what
they are about and ranked. Pure (no Django): the selector feeds it, the tests call it directly.

Similarity is the duplicate finder's text similarity (`triage.core.DuplicateFinder.similarities`:
rjieba word TF-IDF cosine blended with character uni/bigram TF-IDF cosine, IDF from the month's
items themselves). Items are grouped greedily, oldest first: an item joins the group whose members
it resembles most on average when that mean reaches `threshold`, else it starts a new group.

A group's score = `SUBMISSION_WEIGHT` × proposals + orders: a resident who writes to the
programme weighs more than a call to 12345 on the same matter (the programme exists to hear them).
Ties: more distinct sources, then the most recent item. The group's title is its most central
item (highest mean similarity to the others), cut to 40 characters.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from jiesu.triage.core.duplicates import DuplicateFinder, DuplicateParams, OrderText

SUBMISSION_WEIGHT = 2.0
THRESHOLD = 0.12
# words every proposal and order uses, whatever it is about: left out before comparing
FILLER = re.compile(
    r"小区|社区|居民|希望|建议|能不能|能否|是否|问题|反映|我们|咨询|请问|市民|来电|议事会|代表|提出|收集"
)
TITLE_LENGTH = 40


@dataclass(frozen=True)
class Item:
    key: str  # "s<id>" a submission, "o<id>" an order
    text: str
    at: datetime

    @property
    def is_submission(self) -> bool:
        return self.key.startswith("s")


@dataclass
class Candidate:
    items: list[Item]
    title: str = ""
    score: float = 0.0
    submissions: int = 0
    orders: int = 0
    keys: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        """The group's identity in a form: its item keys, sorted, joined by dots."""
        return ".".join(sorted(self.keys))


def _title(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TITLE_LENGTH else text[: TITLE_LENGTH - 1] + "…"


def similarity_matrix(texts: list[str]) -> np.ndarray:
    """Pairwise text similarity (symmetric, 1 on the diagonal) of `texts`."""
    n = len(texts)
    if n == 0:
        return np.zeros((0, 0))
    finder = DuplicateFinder(DuplicateParams(hash_bits=16, idf_power=1.0, word_weight=0.5))
    epoch = datetime(2000, 1, 1)
    texts = [FILLER.sub(" ", text) for text in texts]
    finder.add(OrderText(id=i, text=text, received_at=epoch) for i, text in enumerate(texts))
    finder.refresh()
    matrix = np.vstack([finder.similarities(text) for text in texts])
    matrix = (matrix + matrix.T) / 2
    np.fill_diagonal(matrix, 1.0)
    return matrix


def candidates_rank(items: list[Item], *, threshold: float = THRESHOLD) -> list[Candidate]:
    """Group `items` by similarity and rank the groups, best first."""
    items = sorted(items, key=lambda item: (item.at, item.key))
    similar = similarity_matrix([item.text for item in items])
    groups: list[list[int]] = []
    for i in range(len(items)):
        best, best_mean = None, threshold
        for g, members in enumerate(groups):
            mean = float(similar[i, members].mean())
            if mean >= best_mean:
                best, best_mean = g, mean
        if best is None:
            groups.append([i])
        else:
            groups[best].append(i)
    found = []
    for members in groups:
        group_items = [items[i] for i in members]
        centre = max(members, key=lambda i: (float(similar[i, members].mean()), items[i].is_submission))
        submissions = sum(item.is_submission for item in group_items)
        orders = len(group_items) - submissions
        found.append(
            Candidate(
                items=group_items,
                title=_title(items[centre].text),
                score=SUBMISSION_WEIGHT * submissions + orders,
                submissions=submissions,
                orders=orders,
                keys=[item.key for item in group_items],
            )
        )
    found.sort(
        key=lambda c: (
            -c.score,
            -(c.submissions > 0) - (c.orders > 0),
            -max(i.at for i in c.items).timestamp(),
        )
    )
    return found


def keys_parse(key: str) -> tuple[list[int], list[int]]:
    """A group key ("s3.s9.o12") as (submission ids, order ids); ValueError when malformed."""
    submissions, orders = [], []
    for part in key.split("."):
        if len(part) < 2 or part[0] not in "so" or not part[1:].isdigit() or len(part) > 20:
            raise ValueError(part)
        (submissions if part[0] == "s" else orders).append(int(part[1:]))
    return submissions, orders
