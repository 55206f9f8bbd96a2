"""``corridor serve``: its options are bounded before the server starts."""

from __future__ import annotations

import pytest

from corridor.cli.serve import check_host
from corridor.errors import InputError
from tests.cli.inprocess import corridor_here


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--port", "0"], "error: --port: must be at least 1, got 0"),
        (["--port", "65536"], "error: --port: must be at most 65,535, got 65,536"),
        (["--max-upload-kb", "0"], "error: --max-upload-kb: must be at least 1 kB, got 0"),
        (["--max-upload-kb", str(2**70)],
         "error: --max-upload-kb: must be at most 10,000 kB (an upload is held in memory), "
         "got a number of 22 digits"),
        (["--workers", "1000"], "error: --workers: must be at most 64, got 1,000"),
        (["--host", "bad host"],
         "error: --host: 'bad host' is neither an IP address nor a host name"),
        (["--host", ""], "error: --host: '' is neither an IP address nor a host name"),
        (["--host", "a\nb"], "error: --host: 'a\\nb' is neither an IP address nor a host name"),
        (["--host", "-lead.example"],
         "error: --host: '-lead.example' is neither an IP address nor a host name"),
    ],
)  # fmt: skip
def test_serve_refuses_out_of_range_options_before_starting(args: list[str], message: str) -> None:
    code, out, err = corridor_here("serve", *args)
    assert (code, out, err) == (2, "", message + "\n")


@pytest.mark.parametrize("value", ["nan", "inf", "1e3"])
def test_serve_refuses_a_port_that_is_not_an_integer(value: str) -> None:
    code, out, err = corridor_here("serve", "--port", value)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "--port" in err and "is not a valid int" in err


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "0.0.0.0", "::1", "localhost", "corridor-1.example.org", "db."]
)
def test_addresses_and_host_names_are_accepted(host: str) -> None:
    check_host(host)  # raises for a refused host


def test_a_label_over_63_characters_is_refused() -> None:
    with pytest.raises(InputError) as info:
        check_host("a" * 64 + ".example")
    assert info.value.parameter == "host"
