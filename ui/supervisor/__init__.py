"""The supervisor's pages (the station in ui/stations/supervisor.py hosts them)."""
