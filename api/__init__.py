"""Every way in: scenario files, the pipeline joining ``mcda`` to ``optimizer``,
the command line, the HTTP service and storage."""
