"""The volunteers' part of the demo street."""


def volunteers_demo_seed(context) -> str:
    return ""
