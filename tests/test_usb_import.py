"""USB sticks (U盘): a real vfat filesystem image, mounted read-only where the machine allows;
only PDF/JPEG/PNG offered, every file re-rendered in a limited child; hostile files (a
truncated PDF, a PDF with JavaScript, a zip bomb named .png, a PNG decompression bomb, a
symlink out of the mount, 10,000 files) each give one clear problem and nothing else."""
from __future__ import annotations

import io
import os
import subprocess
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from drivers.core.status import DeviceState
from drivers.kinds.usb_storage import StickInserted, StickRemoved
from drivers.usbstick.device import MOUNT_OPTIONS, NoMedia, UsbStick
from drivers.usbstick.files import list_stick
from drivers.usbstick.render import render
from drivers.usbstick.simulator import demo_files, make_vfat, present
from kiosk.journeys.steps.usbimport import PROBLEMS


def a_pdf(pages: int = 1) -> bytes:
    import img2pdf

    buf = io.BytesIO()
    Image.new("L", (400, 560), 240).save(buf, "JPEG")
    return img2pdf.convert([buf.getvalue()] * pages, nodate=True)


def a_png(size=(300, 200)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(buf, "PNG")
    return buf.getvalue()


JS_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R/OpenAction 4 0 R>>endobj\n"
          b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
          b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
          b"4 0 obj<</S/JavaScript/JS(app.alert\\('hello'\\))>>endobj\n"
          b"trailer<</Root 1 0 R>>\n%%EOF\n")


@pytest.fixture
def stick(tmp_path):
    """A directory standing in for the mounted stick, and a driver on it (``dir:``)."""
    root = tmp_path / "stick"
    root.mkdir()
    dev = UsbStick("usb", f"dir:{root}", {"max_file_bytes": 5_000_000, "max_entries": 2000,
                                           "render_timeout": 120.0})
    events: list = []
    dev.events.subscribe(events.append)
    dev.open()
    dev.events_seen = events
    yield root, dev
    dev.close()


def test_a_vfat_image_stick(tmp_path):
    image = tmp_path / "stick.img"
    files = demo_files()
    files.update({"扫描件/户口簿.png": a_png(), "notes.txt": b"hello",
                  "big.pdf": b"%PDF-1.4\n" + b"0" * 6_000_000})
    make_vfat(image, files, size_mb=32)
    target = tmp_path / "mnt"
    how = present(image, target)
    if how != "loop":
        # this machine cannot loop-mount vfat (a container without the vfat module, or not
        # root): the image's files were read out of the FAT filesystem by mtools instead
        print(f"vfat not mounted ({how}); read by mtools")
    try:
        listing = list_stick(target, max_bytes=5_000_000)
    finally:
        if how == "loop":
            subprocess.run(["umount", str(target)], check=False)
    assert [(f.name, f.kind) for f in listing.files] == [
        ("扫描件/户口簿.png", "png"), ("申请书.pdf", "pdf"), ("营业执照.jpg", "jpeg")]
    assert dict(listing.skipped) == {"autorun.inf": "not_allowed", "big.pdf": "too_large",
                                     "notes.txt": "not_allowed", "setup.exe": "not_allowed"}


def test_stick_in_list_import_eject_out(stick):
    root, dev = stick
    with pytest.raises(NoMedia):
        dev.list_files()
    (root / "申请书.pdf").write_bytes(a_pdf(2))
    (root / "照片.png").write_bytes(a_png())
    dev.refresh_status()
    assert [e for e in dev.events_seen if isinstance(e, StickInserted)] == [
        StickInserted("usb", "")]
    listing = dev.list_files()
    assert [f.name for f in listing.files] == ["照片.png", "申请书.pdf"]  # by name
    got = dev.import_files(["照片.png", "申请书.pdf"], max_page_bytes=200_000)
    assert [(f.name, f.problem, len(f.pages)) for f in got.files] == [
        ("照片.png", None, 1), ("申请书.pdf", None, 2)]
    for f in got.files:
        for page in f.pages:  # the kiosk's own JPEGs, never the stick's bytes
            assert page[:3] == b"\xff\xd8\xff" and len(page) <= 200_000
    dev.eject()
    assert dev.status.supplies["stick"] == "present" and dev.root is None
    with pytest.raises(NoMedia):
        dev.list_files()
    dev.refresh_status()  # still in the port: not mounted again
    assert dev.root is None
    os.rename(root, root.with_name("gone"))  # pulled out
    dev.refresh_status()
    assert [e for e in dev.events_seen if isinstance(e, StickRemoved)] == [StickRemoved("usb")]
    assert dev.status.supplies["stick"] == "absent"
    assert dev.status.state is DeviceState.ONLINE


def _one(dev, name: str):
    dev.refresh_status()
    listing = dev.list_files()
    return listing, dev.import_files([name])


def test_truncated_pdf(stick):
    root, dev = stick
    whole = a_pdf(2)
    (root / "cut.pdf").write_bytes(whole[:len(whole) // 2])
    listing, got = _one(dev, "cut.pdf")
    assert [f.name for f in listing.files] == ["cut.pdf"]  # looks like a PDF: offered
    f = got.files[0]
    assert (f.problem, f.pages) == ("damaged", ())
    assert PROBLEMS[f.problem] == "文件已损坏，打不开"


def test_pdf_with_javascript(stick):
    root, dev = stick
    (root / "form.pdf").write_bytes(JS_PDF)
    _, got = _one(dev, "form.pdf")
    f = got.files[0]
    assert (f.problem, f.pages) == ("pdf_script", ())
    assert "\n" not in PROBLEMS[f.problem]


def test_javascript_hidden_in_a_compressed_object_stream(tmp_path):
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    action = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript,
                                                  JS=pikepdf.String("app.alert(1)")))
    pdf.Root.OpenAction = action
    out = io.BytesIO()
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True)
    data = out.getvalue()
    assert b"/JavaScript" not in data  # only inside a compressed object stream
    assert render("x.pdf", "pdf", data).problem == "pdf_script"


def test_zip_bomb_named_png_is_never_opened(stick):
    root, dev = stick
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("zeros.bin", b"\0" * 50_000_000)
    assert len(buf.getvalue()) < 100_000
    (root / "bomb.png").write_bytes(buf.getvalue())
    listing, got = _one(dev, "bomb.png")
    assert listing.files == () and listing.skipped == (("bomb.png", "not_what_it_says"),)
    assert got.files[0].problem == "not_allowed"  # not listed: not opened either


def test_png_decompression_bomb(stick):
    root, dev = stick
    buf = io.BytesIO()
    Image.new("1", (30000, 30000)).save(buf, "PNG")  # 900 MP of nothing, ~100 KB
    (root / "huge.png").write_bytes(buf.getvalue())
    _, got = _one(dev, "huge.png")
    f = got.files[0]
    assert (f.problem, f.pages) == ("picture_too_large", ())


def test_symlink_out_of_the_mount(stick, tmp_path):
    # vfat has no symbolic links: a stick formatted ext4 can carry one, so this runs on a
    # directory (the mount a kernel would give such a stick)
    root, dev = stick
    secret = tmp_path / "secret.png"
    secret.write_bytes(a_png())
    (root / "looks_fine.png").symlink_to(secret)
    (root / "dir_link").symlink_to(tmp_path)
    listing, got = _one(dev, "looks_fine.png")
    assert listing.files == ()
    assert dict(listing.skipped) == {"dir_link": "symlink", "looks_fine.png": "symlink"}
    assert got.files[0].problem == "not_allowed"
    # even a name the kiosk offered that became a link since is not followed (O_NOFOLLOW)
    (root / "real.png").write_bytes(a_png())
    dev.list_files()
    (root / "real.png").unlink()
    (root / "real.png").symlink_to(secret)
    f = dev.import_files(["real.png"]).files[0]
    assert (f.problem, f.pages) == ("unreadable", ())


def test_ten_thousand_files(stick):
    # on a directory: filling a vfat image with 10,000 files through mtools takes minutes
    root, dev = stick
    folder = root / "many"
    folder.mkdir()
    for i in range(10_000):
        (folder / f"{i:05d}.txt").write_bytes(b"x")
    (root / "a.png").write_bytes(a_png())
    dev.refresh_status()
    listing = dev.list_files()
    assert [f.name for f in listing.files] == ["a.png"]
    assert ("", "too_many_files") in listing.skipped
    assert len(listing.skipped) <= 2001  # stopped after max_entries, never all 10,000


def test_a_name_the_listing_did_not_offer_is_refused(stick):
    root, dev = stick
    (root / "a.png").write_bytes(a_png())
    dev.refresh_status()
    dev.list_files()
    got = dev.import_files(["../../etc/passwd", "a.png"])
    assert [(f.name, f.problem) for f in got.files] == [("../../etc/passwd", "not_allowed"),
                                                        ("a.png", None)]


def test_a_file_that_exhausts_the_childs_memory(tmp_path):
    # 20,000 × 1,900 is under the pixel limit but not under 64 MB of address space
    buf = io.BytesIO()
    Image.new("RGB", (20000, 1900), (1, 2, 3)).save(buf, "PNG")
    f = render("wide.png", "png", buf.getvalue(), memory=64 * 1024 * 1024)
    assert f.problem in ("too_complex", "damaged") and f.pages == ()


def test_mount_command_is_read_only_noexec_nosuid_nodev(tmp_path, monkeypatch):
    from drivers.usbstick import device

    calls = []

    def run(argv, **kw):
        calls.append(argv)
        return subprocess.CompletedProcess(argv, 0, "", "")

    monkeypatch.setattr(device.subprocess, "run", run)
    monkeypatch.setattr(device, "_fstype", lambda node: "vfat")
    monkeypatch.setattr(device, "_label", lambda node: "KINGSTON")
    dev = UsbStick("usb", "/dev/disk/by-path/usb-0:2:1.0-part1",
                   {"mount_dir": str(tmp_path / "m")})
    monkeypatch.setattr(dev, "_present", lambda: "/dev/sdz1")
    events: list = []
    dev.events.subscribe(events.append)
    dev.poll_status()
    options = "ro,nosuid,nodev,noexec,noatime,uid=65534,gid=65534,fmask=0333,dmask=0222"
    assert calls == [["mount", "-o", options, "/dev/sdz1", str(tmp_path / "m")]]
    assert MOUNT_OPTIONS.split(",")[:4] == ["ro", "nosuid", "nodev", "noexec"]
    assert events == [StickInserted("usb", "KINGSTON")]
    dev.eject()
    assert calls[-1] == ["umount", str(tmp_path / "m")]
    monkeypatch.setattr(dev, "_present", lambda: None)
    dev.poll_status()
    assert events[-1] == StickRemoved("usb")


def test_simulated_stick_through_the_manager(settings_env):
    from drivers.config import parse_devices
    from drivers.manager import DeviceManager
    from tests.waiting import wait_for

    m = DeviceManager(parse_devices('[usb]\ndriver = "usb_stick"\nmock = true\n'
                                    'poll_interval = 0.1\n', "devices.toml"),
                      data_dir=settings_env / "data", poll_interval=0.2, backoff_max=0.5)
    events: list = []
    m.events.subscribe(events.append)
    with m:
        assert m.wait_ready(60)
        usb = m.get("usb")
        usb.mock.perform("insert")
        assert wait_for(lambda: any(isinstance(e, StickInserted) for e in events), 60)
        listing = usb.client().list_files().result(60)
        assert [f.name for f in listing.files] == ["申请书.pdf", "营业执照.jpg"]
        usb.client().eject().result(60)
        usb.mock.perform("remove")
        assert wait_for(lambda: any(isinstance(e, StickRemoved) for e in events), 60)
        sim_root = Path(usb.device.port[4:])
        assert not sim_root.exists()
