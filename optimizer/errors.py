"""The exceptions the portfolio optimiser raises."""


class PortfolioInputError(ValueError):
    """A problem, rule or option the optimiser cannot take.

    The message names the argument (and the item, project or rule when there is
    one), the offending value, and what would be valid.
    """


class SolutionCheckError(RuntimeError):
    """A solver returned a portfolio that breaks a rule or is not integral.

    This is a bug in the model or the solver, never a property of the scenario:
    it is raised instead of returning a portfolio that would mislead a planner.
    """
