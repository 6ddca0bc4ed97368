def registers_demo_seed(context) -> str:
    return ""
