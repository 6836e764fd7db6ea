"""`python -m bpo_assess` runs the same program as the `bpo-assess` command."""

from bpo_assess.entry import main

main()
