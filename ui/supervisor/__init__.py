"""The supervisor's window (效能监察): its pages (``pages.PAGES``, hosted by the station in
``ui/stations/supervisor.py``), the dashboard and the rating follow-ups."""
