def whistles_demo_seed(context) -> str:
    return ""
