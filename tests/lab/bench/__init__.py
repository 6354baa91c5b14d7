"""The benchmark: Fuel's default and the plugin side by side in one run. plan (what to
measure and the results' records), run (the entry point: brings labs up, injects the
faults, measures), measure (pure functions of the resource API's request log), report
(tables, plots, the results folder) and publish (into the guide and the README)."""
