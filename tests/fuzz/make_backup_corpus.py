#!/usr/bin/python3
"""Seeds for fuzz_backup: backup files written by PyNaCl, not by tocao.

An independent writer of docs/FORMAT.md "Backup files" (so the corpus also
checks that the format is what the document says), sealed to fuzz_backup's
fixed key. Each seed starts with the byte fuzz_backup reads as its piece
size. Run with Debian's python3 (python3-nacl):
    /usr/bin/python3 tests/fuzz/make_backup_corpus.py tests/fuzz/corpus/fuzz_backup
"""
import os
import struct
import sys

import nacl.bindings as b

SK = bytes(range(1, 33))
PK = b.crypto_scalarmult_base(SK)
KEY_ID = bytes.fromhex("f895e0f69f4946fe")
SS = b


def backup(records, version=1):
    """records: list of (plaintext, final)."""
    key = b.crypto_secretstream_xchacha20poly1305_keygen()
    state = b.crypto_secretstream_xchacha20poly1305_state()
    ss_header = b.crypto_secretstream_xchacha20poly1305_init_push(state, key)
    header = (b"TOCAO-BK" + bytes([version, 0, 0, 0]) + KEY_ID + b.crypto_box_seal(key, PK)
              + ss_header)
    assert len(header) == 124
    out = bytearray(header)
    for i, (plain, final) in enumerate(records):
        tag = (b.crypto_secretstream_xchacha20poly1305_TAG_FINAL if final
               else b.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE)
        ct = b.crypto_secretstream_xchacha20poly1305_push(
            state, plain, header if i == 0 else None, tag)
        out += struct.pack(">I", len(ct)) + ct
    return bytes(out)


def file_rec(name, data):
    return bytes([1, len(name)]) + name.encode() + data


def end_rec(store_bytes, files):
    return bytes([3]) + struct.pack(">QI", store_bytes, files)


def main(outdir):
    os.makedirs(outdir, exist_ok=True)
    store = os.urandom(3000)
    good = backup([(file_rec("tocao.conf", b"threads = 2\n"), False),
                   (file_rec("units/TT-96.pub", b"tocao-unit-public-key 1\n"), False),
                   (bytes([2]) + store[:1000], False), (bytes([2]) + store[1000:], False),
                   (end_rec(3000, 2), True)])
    seeds = {
        "good": good,
        "empty-store": backup([(end_rec(0, 0), True)]),
        "no-end": backup([(file_rec("tocao.conf", b"x"), False)]),
        "end-mismatch": backup([(bytes([2]) + b"abc", False), (end_rec(4, 0), True)]),
        "end-not-final": backup([(end_rec(0, 0), False)]),
        "final-not-end": backup([(bytes([2]) + b"abc", True)]),
        "bad-name": backup([(bytes([1, 0]), False), (end_rec(0, 1), True)]),
        "unknown-type": backup([(bytes([9]) + b"x", False), (end_rec(0, 0), True)]),
        "version-2": backup([(end_rec(0, 0), True)], version=2),
        "truncated": good[:len(good) - 7],
        "trailing": good + b"\0",
        "flipped": good[:200] + bytes([good[200] ^ 1]) + good[201:],
        "header-only": good[:124],
    }
    for name, data in seeds.items():
        for piece in (0, 7):
            with open(os.path.join(outdir, f"{name}-{piece}"), "wb") as f:
                f.write(bytes([piece]) + data)


if __name__ == "__main__":
    main(sys.argv[1])
