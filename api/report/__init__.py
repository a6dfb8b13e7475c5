"""Reports a decision maker reads: one self-contained HTML file and an Excel workbook, in English
or Russian, built from a run's stored result (``RunResult.to_dict()``) so that a stored run can
be reported without running it again.

Entry points: :func:`api.report.html.render_html`, :func:`api.report.excel.render_xlsx`, and
:func:`api.report.model.build_report` for the language-neutral content both render.
"""
