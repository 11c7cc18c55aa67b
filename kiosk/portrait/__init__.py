"""ID photos (证件照) to the GA 461 rules, from a live camera, offline.

- :mod:`.rules` — what a photo must be and what the live checks accept ([portrait] settings);
- :mod:`.faces` — face and eye detection with the Haar cascades OpenCV 4.x ships;
- :mod:`.checks` — one camera frame → an :class:`~.checks.Assessment` (each check passed or
  failed with its value, and the one guidance the citizen should hear first);
  :class:`~.checks.PortraitAnalyser` is what the camera's worker runs on its newest frame
  (``Camera.analyse``), so no detection ever runs on the Qt thread;
- :mod:`.segment` — the sitter told from the background (GrabCut, seeded from the face);
- :mod:`.photo` — a frame that passed → the photo: background replaced by white, cropped
  and scaled to the head and eye bounds, JPEG under the size limit with its dpi in the JFIF
  header; :class:`~.photo.PhotoMaker` runs it on the worker too.

Nothing here imports Qt; OpenCV and numpy are imported by the modules that need them.
"""
