"""scripts/run takes its port from PORT and refuses a busy or malformed one before setting anything up."""

import socket
import subprocess
from pathlib import Path

RUN = Path(__file__).resolve().parent.parent / "scripts" / "run"


def _run(port: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(RUN)], env={"PATH": "/usr/bin:/bin:/usr/local/bin", "PORT": port},
                          capture_output=True, text=True, timeout=30)


def test_a_busy_port_is_refused_before_set_up():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = _run(str(port))
    assert result.returncode == 1
    assert f"Port {port} on 127.0.0.1 is already in use" in result.stderr
    assert "PORT=8080 scripts/run" in result.stderr
    assert "Installing" not in result.stdout + result.stderr  # nothing was set up


def test_a_port_that_is_not_a_number_is_refused():
    result = _run("eighty")
    assert result.returncode == 2
    assert 'PORT must be a number from 1 to 65535 (it is "eighty")' in result.stderr
