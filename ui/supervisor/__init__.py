"""The hall supervisor's station (效能监察): its pages."""
