"""The supervisor's window (效能监察): its pages (``pages.PAGES``) and the dashboard."""
