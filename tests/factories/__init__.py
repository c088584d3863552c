from tests.factories.portal import (
    HomePageFactory,
    ProgrammeIndexPageFactory,
    ProgrammePageFactory,
    StandardPageFactory,
    UserFactory,
)

__all__ = [
    "HomePageFactory",
    "ProgrammeIndexPageFactory",
    "ProgrammePageFactory",
    "StandardPageFactory",
    "UserFactory",
]
