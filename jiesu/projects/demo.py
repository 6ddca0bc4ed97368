"""Placeholder, replaced below."""


def projects_demo_seed(context) -> str:
    return "主动治理：未生成"
