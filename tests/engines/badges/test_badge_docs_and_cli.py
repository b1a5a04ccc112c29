"""docs/badge-token.md agrees with the code, and the engine's command line works end to end."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pavilion.engines.badges import KeyRing, Reason, Revocations, base45, decode, verify
from pavilion.engines.badges.cli import main
from pavilion.engines.badges.example import EVENT, example_ring, example_token, render
from tests.engines.badges.moments import DURING

DOC = Path(__file__).resolve().parents[3] / "docs" / "badge-token.md"


def doc_text() -> str:
    return DOC.read_text(encoding="utf-8")


def test_the_worked_example_in_the_docs_is_what_the_code_produces():
    section = doc_text().split("<!-- badge-token-example -->")[1].split("<!-- /badge-token-example -->")[0]
    assert section.strip() == render().strip()


def test_the_worked_example_checks_out_independently_of_the_renderer():
    # Rebuild the token from the hex printed in the docs, so the hex and the text cannot disagree.
    lines = [line.strip() for line in doc_text().splitlines()]
    signed = bytes.fromhex(lines[lines.index("Signed bytes (24):") + 2])
    signature = bytes.fromhex(lines[lines.index("Signature (64 bytes):") + 2])
    token = lines[next(n for n, line in enumerate(lines) if line.startswith("Token bytes (")) + 2]
    assert token == "PV1:" + base45.encode(signed + signature) == example_token()
    public = KeyRing.from_json(example_ring().public_json())
    assert public.verifies(1, signature, signed) is True
    assert verify(token, public, event=EVENT, now=DURING, zone=9, revocations=Revocations()).granted


def test_the_docs_name_every_reason_and_the_layout_offsets():
    text = doc_text()
    for reason in Reason:
        assert f"`{reason.value}`" in text
    for row in ("| 0 | 1 | version", "| 21 | 1 | N", "| 22+N | 64 | signature"):
        assert row in text


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_cli_keygen_issue_verify(tmp_path, capsys):
    status, out, _ = run(capsys, "keygen", "--event", "7")
    assert status == 0
    private = tmp_path / "ring.json"
    private.write_text(out)
    status, out, _ = run(capsys, "public", "--keyring", str(private))
    public = tmp_path / "public.json"
    public.write_text(out)
    assert "private_key" not in out
    status, token, _ = run(capsys, "issue", "--keyring", str(private), "--serial", "55", "--generation", "1",
                           "--zones", "1,4", "--not-before", "2024-09-24T09:00+04:00",
                           "--not-after", "2024-09-27T18:00+04:00")
    token = token.strip()
    assert status == 0 and decode(token)[2].serial == 55
    args = ["verify", "--keys", str(public), "--event", "7", "--at", "2024-09-25T10:00+04:00"]
    status, out, _ = run(capsys, *args, "--zone", "4", token)
    assert status == 0 and json.loads(out)["result"] == "granted"
    revocations = tmp_path / "revocations.json"
    revocations.write_text(json.dumps({"revoked": [55]}))
    status, out, _ = run(capsys, *args, "--zone", "4", "--revocations", str(revocations), token)
    assert status == 1 and json.loads(out) == {"result": "denied", "reason": "revoked",
                                               "detail": "serial 55 generation 1", "serial": 55, "generation": 1}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["keygen", "--event", "-3"], "event"),
        (["keygen"], "--event"),
        (["public", "--keyring", "/nonexistent/ring.json"], "--keyring /nonexistent/ring.json"),
        (["verify", "--keys", "KEYS", "--event", "7", "--at", "tomorrow", "PV1:"], "--at"),
        (["verify", "--keys", "KEYS", "--event", "7", "--at", "2024-09-25T10:00", "PV1:"], "UTC offset"),
        (["verify", "--keys", "KEYS", "--event", "8", "--at", "2024-09-25T10:00+04:00", "PV1:"], "event 7"),
        (["issue", "--keyring", "KEYS", "--serial", "1", "--generation", "1", "--zones", "1,x",
          "--not-before", "2024-09-24T09:00+04:00", "--not-after", "2024-09-27T18:00+04:00"], "--zones"),
        (["issue", "--keyring", "KEYS", "--serial", "1", "--generation", "1", "--zones", "200",
          "--not-before", "2024-09-24T09:00+04:00", "--not-after", "2024-09-27T18:00+04:00"], "zone 200"),
    ],
)
def test_cli_bad_input_exits_2_with_one_line(tmp_path, capsys, argv, message):
    keys = tmp_path / "keys.json"
    keys.write_text(json.dumps(KeyRing.generate(7).private_json()))
    argv = [str(keys) if arg == "KEYS" else arg for arg in argv]
    with pytest.raises(SystemExit) as exit_info:
        raise SystemExit(main(argv))
    _, err = capsys.readouterr()
    assert exit_info.value.code == 2
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_cli_runs_as_a_module():
    result = subprocess.run([sys.executable, "-m", "pavilion.engines.badges", "example"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == render().strip()


def test_the_engine_and_its_cli_load_without_django():
    script = ("import sys, pavilion.engines.badges, pavilion.engines.badges.cli\n"
              "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
