"""The validity study: simulated respondents scored through the public scoring API.

`make validity` runs it (`python -m validity`); docs/validity.md gives the method and the
latest figures. Tests run the same functions at a smaller size.
"""
