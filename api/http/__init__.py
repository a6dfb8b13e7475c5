"""The HTTP service for planners: stateless compute endpoints, stored scenarios and runs,
API keys with roles and workspaces. Start it with ``cluster-mcda serve``."""
