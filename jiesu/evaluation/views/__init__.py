"""Pages of the property evaluation: thin views that parse, call one service or selector, render."""
