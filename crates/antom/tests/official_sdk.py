"""Bridge to Antom's official Python SDK for the interop test.

Reads one JSON request on stdin, answers one JSON line on stdout. Uses only the
SDK's public signing helpers, so what passes here passes with Antom's own code.
"""
import json
import sys

from com.alipay.ams.api.tools import signature_tool, webhook_tool

req = json.load(sys.stdin)
if req["op"] == "sign":
    sig = signature_tool.sign(
        req["method"], req["path"], req["client_id"], req["time"], req["body"], req["private_key"]
    )
    print(json.dumps({"signature": sig}))
elif req["op"] == "verify":
    try:
        ok = webhook_tool.check_signature(
            req["method"], req["path"], req["client_id"], req["time"], req["body"],
            req["signature_header"], req["public_key"],
        )
    except Exception as e:  # the rsa package raises on a mismatch
        ok = False
    print(json.dumps({"verified": bool(ok)}))
else:
    sys.exit("unknown op")
