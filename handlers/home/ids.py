"""The ids of the Home tab, defined once."""

from enum import StrEnum


class ActionId(StrEnum):
    HOME_OPEN_CASE = "home_open_case"  # a link button: acknowledged, nothing else to do
