"""The grid's part of the demo street."""


def grid_demo_seed(context) -> str:
    return ""
