"""Pairwise accuracy of a scikit-learn digit classifier, as a papermill report.

The notebooks in ``notebooks/`` orchestrate and display; the logic lives here, one
concern a module:

- ``params``       the parameter schema (pydantic) and presets
- ``data``         loading the digits, degrading them with noise, the stratified split
- ``classifiers``  the registry of classifiers and their hyper-parameters
- ``training``     fitting, scoring and the one-vs-one variant
- ``matrices``     pairwise accuracy and confusion matrices
- ``stats``        intervals, rank correlation and pair comparisons (scipy)
- ``plotting``     the heatmap (seaborn)
- ``narrative``    the interpretation, written from the run's numbers
- ``reference``    the reference figure's claims, checked against a run
- ``artifacts``    what one notebook hands to the next, and the run's output files
- ``execute``      running the notebooks with papermill, atomically
- ``render``       the HTML report (nbconvert)
- ``cli``          ``python -m helpers ...``
"""

__version__ = "0.1.0"
