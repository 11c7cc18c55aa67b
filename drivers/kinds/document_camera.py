"""The document camera (高拍仪): a camera over the desk that photographs paper.

It is a camera (preview, analyse on its worker, stills), addressed as its own kind so a
journey asks for the document camera and never gets the portrait camera (or the other way
round) on a kiosk with both. Its stills are much larger than its preview (5–12 MP against
800×600): ``analyse_still(fn)`` takes one and runs ``fn`` on it on the camera's worker, so
finding and straightening a page in 12 MP never runs on the screen's thread.
"""
from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable
from typing import Any

from drivers.kinds.camera import Analysed, Camera


class DocumentCamera(Camera):
    kind = "document_camera"
    OPERATIONS = ("capture_still", "preview", "analyse", "analyse_still")

    @abstractmethod
    def analyse_still(self, fn: Callable[[Any], Any]) -> Analysed:
        """``fn(still)`` on a full-resolution still taken now (a BGR array ``fn`` may keep);
        ``Analysed.width/height`` are the still's."""
