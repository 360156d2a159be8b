"""Bridge to Antom's official Python SDK for the interop test.

Reads one JSON request on stdin, answers one JSON line on stdout. Uses the
SDK's signing helpers (and, for unsigned answers, its client's own check), so
what passes here passes with Antom's own code.
"""
import importlib
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
elif req["op"] == "accepts_unsigned":
    # The client's own check of an answer that carries neither signature nor
    # response-time (the SDK keeps it private; it is what pay/consult/... run).
    from com.alipay.ams.api.default_alipay_client import DefaultAlipayClient

    client = DefaultAlipayClient("https://open-sea-global.alipay.com", req["client_id"], "", "")
    try:
        client._DefaultAlipayClient__assert_response_verified(
            "POST", req["path"], req["client_id"], None, req["body"], None
        )
        accepted = True
    except Exception:
        accepted = False
    print(json.dumps({"accepted": accepted}))
elif req["op"] == "serialise":
    # Builds the SDK's own request (and model) objects from
    # {"__class__": "module:Class", snake_case_property: value, ...} and answers
    # the JSON body the SDK would send. A property the class does not have is
    # refused, so a field the SDK does not know cannot pass unnoticed.
    def build(spec):
        if isinstance(spec, list):
            return [build(x) for x in spec]
        if isinstance(spec, dict) and "__class__" in spec:
            module, name = spec["__class__"].split(":")
            obj = getattr(importlib.import_module(module), name)()
            for key, value in spec.items():
                if key == "__class__":
                    continue
                if not isinstance(getattr(type(obj), key, None), property):
                    sys.exit("%s has no property %s" % (name, key))
                setattr(obj, key, build(value))
            return obj
        return spec

    body = build(req["request"]).to_ams_json()
    print(json.dumps({"body": json.loads(body)}))
else:
    sys.exit("unknown op")
