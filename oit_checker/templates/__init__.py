"""Templates `oit-check init` writes: the agency file (Thai, English) and the official-result file."""
