"""Personal data is masked in every log record, whatever the code that logged it."""
import logging

from kiosk.privacy import RedactingFilter, mask_id, mask_mobile, redact


def test_mask_id_keeps_four_and_four():
    assert mask_id("11010519491231002X") == "1101**********002X"
    assert mask_id("") == ""


def test_mask_mobile():
    assert mask_mobile("13812345678") == "138****5678"


def test_redact_finds_ids_and_mobiles_in_free_text():
    text = "read 11010519491231002X ok, sms to 13812345678, order 1234567890123456789012"
    out = redact(text)
    assert "11010519491231002X" not in out and "1101**********002X" in out
    assert "13812345678" not in out and "138****5678" in out
    assert "1234567890123456789012" in out  # longer digit runs are not ID numbers


def test_filter_rewrites_records_with_args(caplog):
    logger = logging.getLogger("test.privacy")
    logger.addFilter(RedactingFilter())
    with caplog.at_level(logging.INFO, logger="test.privacy"):
        logger.info("citizen %s phone %s", "11010519491231002X", "13812345678")
    assert caplog.records
    msg = caplog.records[-1].getMessage()
    assert "11010519491231002X" not in msg and "13812345678" not in msg
