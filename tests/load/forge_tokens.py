#!/usr/bin/env python3
"""Writes N well-formed tokens that share a real key's prefix but carry wrong secrets (valid checksums)."""
import random
import sys
import zlib

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def checksum(body: str) -> str:
    crc = zlib.crc32(body.encode("ascii"))
    digits = []
    for _ in range(6):
        digits.append(ALPHABET[crc % 62])
        crc //= 62
    return "".join(reversed(digits))


def main() -> None:
    real_token, count = sys.argv[1], int(sys.argv[2])
    prefix = real_token[:16]
    rng = random.Random(42)
    for _ in range(count):
        body = prefix + "".join(rng.choice(ALPHABET) for _ in range(26))
        print(body + checksum(body))


if __name__ == "__main__":
    main()
