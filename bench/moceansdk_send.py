#!/usr/bin/env python3
"""Sends messages through MoceanAPI's official Python SDK one at a time, as store plugins do.

    moceansdk_send.py BASE_URL API_KEY API_SECRET MESSAGES

Prints one JSON object: messages per second and peak memory. Needs `pip install moceansdk==1.3.0`.
"""

import json
import resource
import sys
import time

from moceansdk import Basic, Client


def main() -> None:
    base_url, key, secret, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    client = Client(Basic(key, secret), {"base_url": base_url})

    def send(index: int) -> bool:
        try:
            answer = client.sms.send({
                "mocean-from": "MyShop",
                "mocean-to": f"6012{index:07d}",
                "mocean-text": f"Order {index} has shipped. Track it at https://shop.example/t/{index}",
            })
        except Exception:  # the SDK raises on any gateway error; count it and go on, as a plugin would
            return False
        return all(str(message.get("status")) == "0" for message in answer["messages"])

    for index in range(3):
        send(index)
    cpu_before = time.process_time()
    start = time.monotonic()
    failures = sum(0 if send(index) else 1 for index in range(count))
    seconds = time.monotonic() - start
    cpu = time.process_time() - cpu_before
    print(json.dumps({
        "name": "moceansdk 1.3.0 (Python), one at a time",
        "messages": count,
        "inFlight": 1,
        "seconds": seconds,
        "messagesPerSecond": count / seconds,
        "failures": failures,
        "peakMemoryMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "cpuMicrosecondsPerMessage": cpu / count * 1e6,
    }, sort_keys=True))


if __name__ == "__main__":
    main()
