"""This machine's own names and addresses, read locally: no packet leaves the machine.

`ip -j addr` lists every interface address (Linux); only without it (macOS) do we ask the
resolver about our own name (`getaddrinfo(gethostname())`). Streamlit's own way (a UDP
"connect" to a public resolver, then an HTTP call to an IP-check service) is never used.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import shutil
import socket
import subprocess
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Addresses:
    names: tuple[str, ...]  # host names, e.g. ("localhost", "vm", "vm.local")
    ips: tuple[str, ...]  # every interface address, loopback first
    lan: str | None  # the address to print in the join URL: a private IPv4 if there is one

    @property
    def allowed_hosts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*self.names, *self.ips)))


def _from_ip_command() -> list[str]:
    ip = shutil.which("ip")
    if not ip:
        return []
    try:
        out = subprocess.run([ip, "-j", "addr"], capture_output=True, text=True, timeout=5, check=True).stdout
        return [a["local"] for iface in json.loads(out) for a in iface.get("addr_info", []) if "local" in a]
    except (OSError, subprocess.SubprocessError, ValueError, KeyError, TypeError) as exc:
        log.info("`ip -j addr` gave nothing usable: %s", exc)
        return []


def _from_resolver(hostname: str) -> list[str]:
    try:
        return [info[4][0] for info in socket.getaddrinfo(hostname, None)]
    except OSError:
        return []


def pick_lan(ips: list[str] | tuple[str, ...]) -> str | None:
    """The address other devices on the network are most likely to reach: private IPv4 first."""
    parsed = [ipaddress.ip_address(ip) for ip in ips]
    for wanted in (
        lambda a: a.version == 4 and a.is_private and not a.is_loopback and not a.is_link_local,
        lambda a: a.version == 4 and not a.is_loopback and not a.is_link_local,
    ):
        for address in parsed:
            if wanted(address):
                return str(address)
    return None


def local_addresses() -> Addresses:
    hostname = socket.gethostname()
    names = ["localhost", hostname, f"{hostname}.local"]
    fqdn = socket.getfqdn()
    if fqdn and fqdn not in names and "." in fqdn:
        names.append(fqdn)
    # The resolver only when `ip` gives nothing (e.g. macOS): a name lookup may leave the machine.
    listed = _from_ip_command()
    found = ["127.0.0.1", "::1", *(listed or _from_resolver(hostname))]
    ips = []
    for ip in found:
        try:
            ips.append(str(ipaddress.ip_address(ip.split("%")[0])))
        except ValueError:
            continue
    ips = list(dict.fromkeys(ips))
    return Addresses(tuple(names), tuple(ips), pick_lan(ips))
