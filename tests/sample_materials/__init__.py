"""A test journey composing the two material sources (kiosk.journeys.steps.docscan and
.usbimport) the way a case-submission journey does: choose scan or USB stick → the shared
step → the Material shown. Used by tests/test_ui_materials.py."""
from kiosk.journeys.base import N_, JourneySpec, Tile

JOURNEY = JourneySpec(
    name="sample_materials",
    tile=Tile(N_("材料测试"), N_("扫描或U盘"), icon="", order=60),
    flow="tests.sample_materials.flow:MaterialsJourney",
    screens="tests.sample_materials.screens",
    needs=(),
    optional=("document_camera", "usb_storage"),
    hours24=True,
    description="test journey: one material by scan or from a USB stick",
)
