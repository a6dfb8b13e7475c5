"""Request and response models of the HTTP API (pydantic v2). Request models forbid unknown
fields and non-finite numbers; every model carries an example for the OpenAPI document."""
