"""Reads OpenMetrics text files with the official prometheus_client parser and
prints, per file, every sample as {"name{label=value,...}": value}."""
import json
import sys

from prometheus_client.openmetrics.parser import text_string_to_metric_families

out = []
for path in sys.argv[1:]:
    samples = {}
    with open(path, encoding="utf-8") as f:
        for family in text_string_to_metric_families(f.read()):
            for s in family.samples:
                labels = ",".join("%s=%s" % kv for kv in sorted(s.labels.items()))
                samples["%s{%s}" % (s.name, labels)] = s.value
    out.append(samples)
print(json.dumps(out))
