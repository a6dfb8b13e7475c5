"""A real server process for tests: ``python -m tests.api.http_server DATA_DIR PORT`` serves the
app with uvicorn on 127.0.0.1, computing runs with the stand-in pipeline."""

from __future__ import annotations

import sys

if __name__ == "__main__":
    import uvicorn

    from api.http.app import create_app
    from api.http.settings import Settings
    from tests.api.http_standins import fake_pipeline

    data, port = sys.argv[1], int(sys.argv[2])
    uvicorn.run(create_app(Settings(data_dir=data, workers=1), job=fake_pipeline), host="127.0.0.1", port=port, log_level="warning")
