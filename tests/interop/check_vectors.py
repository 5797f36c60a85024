"""Recompute with PyNaCl what crypto_make_vectors wrote: the envelope, the
reporter's receipt-derived key, and a message sealed to it (docs/FORMAT.md)."""
import os
import subprocess
import sys
import tempfile

import nacl.bindings as b
import nacl.encoding
import nacl.hash
from nacl.public import PrivateKey, SealedBox

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tocao_format  # noqa: E402


def main():
    maker = sys.argv[1]
    with tempfile.TemporaryDirectory() as d:
        subprocess.run([maker, d], check=True)
        read = lambda n: open(os.path.join(d, n), "rb").read()
        unit, pk, sk = tocao_format.load_unit_secret(os.path.join(d, "TT-96.key"))
        assert unit == "TT-96"
        body, identity, header = tocao_format.open_envelope(read("envelope.bin"), sk, pk)
        assert body == read("body.txt"), body
        assert identity == read("identity.txt"), identity
        assert header["unit"] == "TT-96"

        # (PyNaCl 1.5 has no crypto_kdf: opening the body above used the documented
        # BLAKE2b form of it, which shows the two agree.)

        # A tampered envelope fails.
        env = bytearray(read("envelope.bin"))
        env[-1] ^= 1
        try:
            tocao_format.open_envelope(bytes(env), sk, pk)
            raise AssertionError("tampered envelope opened")
        except Exception as e:
            assert not isinstance(e, AssertionError), e

        # The reporter's key pair from the receipt alone.
        receipt = read("receipt.txt")
        seed = nacl.hash.blake2b(receipt, digest_size=32, person=b"tocao-reporter" + bytes(2),
                                 encoder=nacl.encoding.RawEncoder)
        rpk, rsk = b.crypto_box_seed_keypair(seed)
        assert rpk == read("reporter_pk.bin")
        assert SealedBox(PrivateKey(rsk)).decrypt(read("reporter_msg.bin")) == read(
            "reporter_msg.txt")
    print("1 passed, 0 failed")


if __name__ == "__main__":
    main()
