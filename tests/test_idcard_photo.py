"""The pluggable WLT adapter: no library → photo unavailable (not an error); a library with
the vendor's C signature is called through ctypes (a stand-in built with the C compiler)."""
import shutil
import subprocess

import pytest

from drivers.idcard.device import IdCardDevice
from drivers.idcard.photo import BMP_SIZE, NoDecoder, VendorWltDecoder, decoder_from_options
from drivers.idcard.simulator import IdCardSimulator, fictitious_cards

FAKE_VENDOR_LIB = r"""
#include <string.h>
/* same signature as the vendors' unpack(): WLT in, BMP out, flags; 1 = success */
int unpack(const char *wlt, char *bmp, int flags) {
    if ((unsigned char)wlt[0] == 0xFF) return -1;   /* "not a WLT" */
    memset(bmp, 0, %(size)d);
    bmp[0] = 'B'; bmp[1] = 'M';
    bmp[54] = wlt[0]; bmp[55] = (char)flags;
    return 1;
}
"""


@pytest.fixture(scope="module")
def fake_lib(tmp_path_factory):
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        pytest.skip("no C compiler to build a stand-in vendor library")
    d = tmp_path_factory.mktemp("wlt")
    (d / "fake.c").write_text(FAKE_VENDOR_LIB % {"size": BMP_SIZE})
    lib = d / "libfakewlt.so"
    subprocess.run([cc, "-shared", "-fPIC", "-o", str(lib), str(d / "fake.c")], check=True)
    return lib


def test_no_library_means_unavailable():
    result = decoder_from_options({}).decode(bytes(1024))
    assert isinstance(decoder_from_options({"wlt_library": ""}), NoDecoder)
    assert not result.available and "wlt_library" in result.reason


def test_missing_library_is_unavailable_not_an_error(tmp_path):
    dec = VendorWltDecoder(str(tmp_path / "libnope.so"))
    result = dec.decode(bytes(1024))
    assert not result.available and "libnope.so" in result.reason
    assert not dec.decode(b"short").available


def test_vendor_library_through_ctypes(fake_lib):
    dec = decoder_from_options({"wlt_library": str(fake_lib)})
    card = fictitious_cards()["resident"]
    result = dec.decode(card.photo_wlt)
    assert result.available and len(result.bmp) == BMP_SIZE
    assert result.bmp[:2] == b"BM" and result.bmp[54] == card.photo_wlt[0]
    assert result.bmp[55] == 1  # flags passed through
    bad = dec.decode(b"\xff" + bytes(1023))
    assert not bad.available and "returned -1" in bad.reason


def test_wrong_entry_point_is_unavailable(fake_lib):
    dec = VendorWltDecoder(str(fake_lib), function="no_such_function")
    assert not dec.decode(bytes(1024)).available


def test_device_decodes_the_photo_of_a_read_card(settings_env, fake_lib):
    with IdCardSimulator("idcard", card="hmt") as sim:
        dev = IdCardDevice("idcard", sim.port, {"wlt_library": str(fake_lib)}, timeout=0.5)
        dev.open()
        try:
            card = dev.read_card()
            assert len(card.photo_wlt) == 1024
            assert dev.decode_photo(card).available
        finally:
            dev.close()
