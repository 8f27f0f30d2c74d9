"""The hall's calling display (``[station] kind = "display"``): the current calls in huge type,
the last few calls, the waiting counts per queue, a chime and a Chinese voice announcement."""
