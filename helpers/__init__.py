"""Pairwise accuracy of a scikit-learn digit classifier, as a papermill report.

The notebooks in ``notebooks/`` orchestrate and display; the logic lives here, one
concern a module:

- ``params``       the parameter schema (pydantic) and presets
- ``datasets``     the sources: bundled digits, MNIST (OpenML), .npz files, IDX files
- ``data``         choosing digits, degrading them with noise, the stratified split
- ``classifiers``  the registry of classifiers and their hyper-parameters
- ``training``     fitting, scoring and the one-vs-one variant
- ``matrices``     pairwise accuracy and confusion matrices
- ``stats``        intervals, rank correlation and pair comparisons (scipy)
- ``compute``      the computation as plain Python: repeats, robustness, one call per run
- ``plotting``     the heatmaps, image grids and curves (seaborn, matplotlib)
- ``narrative``    the interpretation, written from the run's numbers
- ``reference``    the reference figure's claims, checked against a run
- ``artifacts``    what one notebook hands to the next, and the run's output files
- ``provenance``   code, data and library fingerprints; the cache key of a run
- ``atomic``       output folders replaced whole or not at all
- ``execute``      running the notebooks with papermill
- ``render``       the HTML report (nbconvert)
- ``index``        reports/index.html, every run at a glance
- ``sweep``        many configurations in parallel or on Dask, compared
- ``explore``      the widgets of notebooks/explore.ipynb
- ``cli``          ``python -m helpers ...``
"""

__version__ = "0.1.0"
