"""Between analysts and tools: merge, diff, agreement, re-anchoring, REFI-QDA, W3C."""
