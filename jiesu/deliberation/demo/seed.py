from jiesu.core.extensions import DemoContext


def deliberation_demo_seed(context: DemoContext) -> str:
    return ""
