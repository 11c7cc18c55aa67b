"""The sitter told from the background, offline: OpenCV's GrabCut seeded from the face.

No model and no download: GrabCut fits colour models (Gaussian mixtures) to what is surely
the person and surely the wall, and cuts the picture along the strongest edges between them.
The seeds come from the face box:

- surely the person: the middle of the face and the neck below it;
- probably the person: the head (an ellipse over the face box, reaching 0.65 face heights
  above it: the crown of an adult is 0.45–0.6 above the box) and
  the shoulders and chest (widening towards the bottom edge);
- surely background: the top band above the head and the two upper side bands beside it;
- everything else: probably background.

It runs on a copy scaled so the face is :data:`WORK_FACE` px wide (a fixed cost whatever
the camera's resolution, ~60–150 ms here), then the mask is smoothed into an alpha matte at
the caller's resolution, so the edge to the white background is soft rather than stepped.
"""
from __future__ import annotations

from drivers.core.frames import load_cv2
from kiosk.portrait.faces import Box

#: the face is this wide in the working copy GrabCut runs on
WORK_FACE = 70
ITERATIONS = 4


def person_alpha(image, face: Box):
    """Alpha (float32 0..1, the image's height × width) of the person whose face is ``face``
    (in ``image`` pixels)."""
    import numpy as np

    cv2 = load_cv2()
    height, width = image.shape[:2]
    s = min(1.0, WORK_FACE / max(1, face.w))
    small = cv2.resize(image, (max(8, round(width * s)), max(8, round(height * s))),
                       interpolation=cv2.INTER_AREA) if s < 1 else image.copy()
    sh, sw = small.shape[:2]
    f = face.scaled(s)
    mask = np.full((sh, sw), cv2.GC_PR_BGD, np.uint8)

    # surely background: above the head, and beside it down to the chin
    top = max(0, round(f.y - 0.95 * f.w))
    mask[:top] = cv2.GC_BGD
    side = round(1.05 * f.w)
    chin = min(sh, round(f.y + 1.15 * f.h))
    mask[:chin, :max(0, round(f.cx - side))] = cv2.GC_BGD
    mask[:chin, min(sw, round(f.cx + side)):] = cv2.GC_BGD

    # probably the person: head and hair, shoulders and chest
    cv2.ellipse(mask, (round(f.cx), round(f.cy - 0.2 * f.h)),
                (round(0.64 * f.w), round(0.95 * f.h)), 0, 0, 360, int(cv2.GC_PR_FGD), -1)
    shoulders = np.array([[f.cx - 0.45 * f.w, f.y + 0.95 * f.h],
                          [f.cx + 0.45 * f.w, f.y + 0.95 * f.h],
                          [f.cx + 1.6 * f.w, sh], [f.cx - 1.6 * f.w, sh]], np.int32)
    cv2.fillPoly(mask, [shoulders], int(cv2.GC_PR_FGD))

    # surely the person: the middle of the face, the neck
    cv2.ellipse(mask, (round(f.cx), round(f.cy + 0.05 * f.h)),
                (max(1, round(0.3 * f.w)), max(1, round(0.4 * f.h))), 0, 0, 360,
                int(cv2.GC_FGD), -1)
    neck = (round(f.cx - 0.18 * f.w), round(f.y + f.h), round(f.cx + 0.18 * f.w),
            min(sh, round(f.y + 1.5 * f.h)))
    mask[neck[1]:neck[3], max(0, neck[0]):max(0, neck[2])] = cv2.GC_FGD

    bgd, fgd = np.zeros((1, 65), np.float64), np.zeros((1, 65), np.float64)
    cv2.grabCut(small, mask, None, bgd, fgd, ITERATIONS, cv2.GC_INIT_WITH_MASK)
    person = ((mask == cv2.GC_FGD) | (mask == cv2.GC_PR_FGD)).astype(np.uint8)
    person = _keep_face_component(person, f)
    alpha = cv2.GaussianBlur(person.astype(np.float32), (0, 0), 0.8)
    if s < 1:
        alpha = cv2.resize(alpha, (width, height), interpolation=cv2.INTER_LINEAR)
    return np.clip(alpha, 0.0, 1.0)


def _keep_face_component(person, face: Box):
    """Only the part connected to the face, with its holes filled (a patch of wall the same
    colour as the suit is not the person; a shadow inside the collar is)."""
    import numpy as np

    cv2 = load_cv2()
    count, labels = cv2.connectedComponents(person, connectivity=8)
    if count > 2:
        cy = min(person.shape[0] - 1, max(0, round(face.cy)))
        cx = min(person.shape[1] - 1, max(0, round(face.cx)))
        keep = labels[cy, cx]
        if keep:
            person = (labels == keep).astype(np.uint8)
    # holes: background the picture's border cannot reach is inside the person (a ring of
    # background around the picture joins every part of the border into one flood)
    h, w = person.shape
    ring = np.zeros((h + 2, w + 2), np.uint8)
    ring[1:-1, 1:-1] = person
    cv2.floodFill(ring, np.zeros((h + 4, w + 4), np.uint8), (0, 0), 2)
    return (ring[1:-1, 1:-1] != 2).astype(np.uint8)
