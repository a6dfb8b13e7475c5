"""The one exception type the MCDA library raises for bad input."""


class McdaInputError(ValueError):
    """Input the maths cannot take.

    The message names the argument (and the alternative or criterion when there is
    one), the offending value, and what would be valid.
    """
