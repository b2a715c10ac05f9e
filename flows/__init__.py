"""Prefect flows: thin orchestration over `policy_records`."""
