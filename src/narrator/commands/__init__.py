"""The commands, one module each: what `narrator COMMAND` runs, and what the Python API
exports (`narrator.build` is `narrator.commands.build.build`)."""
