"""The AgenticSystem API: agents, sessions and turns that loop over inference, tools, memory and shields."""
