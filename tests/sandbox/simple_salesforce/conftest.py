"""Fixtures for the simple-salesforce suite: a real `synccentral sandbox serve` (binary from
$CLI_BIN) on free loopback ports with a fresh data directory, HTTPS sessions that trust the
certificate it prints, and logins."""

import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests
from requests.adapters import HTTPAdapter
from simple_salesforce import Salesforce

REPO = Path(__file__).resolve().parents[3]
USERNAME = "admin@sandbox.local"
PASSWORD = "sandbox"
CLIENT_ID = "sandbox"
CLIENT_SECRET = "sandbox-secret"
LOOPBACK = ("127.0.0.1", "localhost")

# simple-salesforce builds its login URL as https://{domain}.salesforce.com; this is the host
# it asks for with the default domain ("login").
DEFAULT_LOGIN_HOST = "login.salesforce.com"


def cli_bin():
    target = os.environ.get("CARGO_TARGET_DIR") or str(REPO / "target")
    return os.environ.get("CLI_BIN") or os.path.join(target, "debug", "synccentral")


@dataclass
class Sandbox:
    process: subprocess.Popen
    data_dir: str
    tls_url: str
    certificate: str

    @property
    def netloc(self):
        return urlsplit(self.tls_url).netloc

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.data_dir, ignore_errors=True)


def start_sandbox(*extra_args):
    """Starts the sandbox with HTTPS on free ports and waits for its printed URLs."""
    data_dir = tempfile.mkdtemp(prefix="sandbox-simple-salesforce-")
    process = subprocess.Popen(
        [cli_bin(), "sandbox", "serve", "--port", "0", "--tls-port", "0", "--data", data_dir,
         *extra_args],
        stdout=subprocess.PIPE,
        text=True,
    )
    printed = []
    timer = threading.Timer(20, process.kill)
    timer.start()
    try:
        for line in process.stdout:
            printed.append(line)
            if line.strip().startswith("data "):
                break
    finally:
        timer.cancel()
    text = "".join(printed)
    tls = re.search(r"listening on (https://127\.0\.0\.1:\d+)", text)
    cert = re.search(r"certificate\s+(\S+)", text)
    if not (tls and cert):
        process.kill()
        shutil.rmtree(data_dir, ignore_errors=True)
        raise RuntimeError(f"the sandbox did not print its HTTPS URL and certificate: {text!r}")
    # Keep reading so the server never blocks on a full pipe.
    threading.Thread(target=process.stdout.read, daemon=True).start()
    return Sandbox(process, data_dir, tls.group(1), cert.group(1))


@pytest.fixture(scope="session")
def sandbox():
    org = start_sandbox()
    yield org
    org.stop()


@pytest.fixture(scope="session")
def short_lived_sandbox():
    """A second org whose access tokens expire after two seconds."""
    org = start_sandbox("--token-lifetime", "2")
    yield org
    org.stop()


class LoopbackOnly(HTTPAdapter):
    """Sends simple-salesforce's fixed login host to the sandbox (as a hosts-file entry would)
    and refuses every other host that is not loopback, so no request leaves the machine."""

    def __init__(self, sandbox_netloc):
        super().__init__()
        self.sandbox_netloc = sandbox_netloc

    def send(self, request, **kwargs):
        url = urlsplit(request.url)
        if url.hostname == DEFAULT_LOGIN_HOST:
            request.url = urlunsplit(url._replace(netloc=self.sandbox_netloc))
        elif url.hostname not in LOOPBACK:
            raise requests.ConnectionError(f"refusing a request off loopback: {request.url}")
        return super().send(request, **kwargs)


def https_session(org):
    session = requests.Session()
    # Without this, REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE (and proxy variables) from the
    # environment would override the certificate below.
    session.trust_env = False
    session.verify = org.certificate
    adapter = LoopbackOnly(org.netloc)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


def password_grant_token(org):
    """An access token from the OAuth password grant, fetched with plain requests."""
    response = https_session(org).post(
        f"{org.tls_url}/services/oauth2/token",
        data={
            "grant_type": "password",
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "username": USERNAME,
            "password": PASSWORD,
        },
        timeout=10,
    )
    response.raise_for_status()
    return response.json()


def session_login(org):
    """simple-salesforce with a session ID and instance URL (its "direct" login)."""
    token = password_grant_token(org)
    return Salesforce(
        instance_url=token["instance_url"],
        session_id=token["access_token"],
        session=https_session(org),
    )


def oauth_login(org, password=PASSWORD):
    """simple-salesforce's own OAuth password flow (consumer key and secret)."""
    return Salesforce(
        username=USERNAME,
        password=password,
        consumer_key=CLIENT_ID,
        consumer_secret=CLIENT_SECRET,
        session=https_session(org),
    )


@pytest.fixture
def sf(sandbox):
    return session_login(sandbox)
