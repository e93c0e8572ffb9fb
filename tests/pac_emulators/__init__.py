"""Loopback PAC/SAT servers for tests: real HTTP on 127.0.0.1, backed by the sandbox stamper.

    FinkokEmulator   Finkok SOAP (stamp, quick_stamp, stamped, query_pending, cancel)
    SwEmulator       SW Sapien REST (authenticate, stamp v1-v4, cancel csd, balance)
    SatEmulator      SAT ConsultaCFDIService

Each has `.faults` (a `FaultPlan`: scripted faults per operation and/or a seeded random
rate), `.requests` (everything received), `.stamp_counts` (TFDs issued per document, for
exactly-once assertions) and stop()/start() on the same port. Pytest fixtures are in
`tests.pac_emulators.fixtures`.
"""

from tests.pac_emulators.faults import Fault, FaultKind, FaultPlan
from tests.pac_emulators.finkok import FinkokEmulator
from tests.pac_emulators.sat import SatEmulator
from tests.pac_emulators.server import LoopbackServer, Reply, Request
from tests.pac_emulators.sw import SwEmulator

__all__ = [
    "Fault",
    "FaultKind",
    "FaultPlan",
    "FinkokEmulator",
    "LoopbackServer",
    "Reply",
    "Request",
    "SatEmulator",
    "SwEmulator",
]
