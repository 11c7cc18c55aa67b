"""文件柜管理 (staff): collect drop-offs, load finished certificates for named cases, look
into flagged compartments — behind the staff PIN."""
from kiosk.journeys.base import JourneySpec, N_, Tile

JOURNEY = JourneySpec(
    name="locker_staff",
    tile=Tile(N_("文件柜管理"), N_("收取投递材料、放入办结证件、处理异常柜格"), order=20),
    flow="kiosk.journeys.lockers.staff.flow:StaffLockerJourney",
    screens="kiosk.journeys.lockers.staff.screens",
    needs=("locker",),
    hours24=True,
    description="staff: collect drop-offs, load certificates for cases, resolve flagged "
                "compartments",
    audience="staff",
)
