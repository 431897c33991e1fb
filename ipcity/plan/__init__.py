"""The plan: what the city set out to do. `model` (plain dataclasses), `lines` and
`yaml_lines` (YAML read with line numbers), `check` (every field validated), `load` (find a
plan folder, read it, or rebuild it from the database), `lint` (the plan's own arithmetic).
The plan layer knows nothing of the database, the engine or any output."""
