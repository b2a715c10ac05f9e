"""policy_records: turn UK anti-trafficking policy texts into a validated open dataset.

Pure logic lives here (no Prefect import); `flows/` orchestrates it.
"""

__version__ = "0.1.0"
