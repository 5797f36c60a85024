"""The cross-implementation test (ctest crypto_pynacl_interop), run with /usr/bin/python3.

  check_vectors.py MAKER

1. MAKER DIR (tests/unit/crypto/make_vectors.c, tocao's C code) writes key
   files, envelopes, attachments, a re-sealed envelope and derived values.
2. tocao_format.py (PyNaCl, written from docs/FORMAT.md) opens and recomputes
   all of it, and checks the document's claim that crypto_kdf_derive_from_key
   is the keyed BLAKE2b it describes, against libsodium itself.
3. tocao_format.py seals envelopes, an attachment, a transfer, a reporter
   message and a signature of its own; MAKER --check DIR opens them in C.
"""
import ctypes
import ctypes.util
import os
import subprocess
import sys
import tempfile

from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.signing import SigningKey, VerifyKey

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tocao_format as tf  # noqa: E402

checks = 0


def ok(cond, what):
    global checks
    if not cond:
        raise AssertionError(what)
    checks += 1


def fails(fn, what):
    """fn must raise (a FormatError or a failed decryption), not return."""
    global checks
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - any refusal will do, but not an AssertionError
        if isinstance(e, AssertionError):
            raise
        checks += 1
        return
    raise AssertionError(what + " was accepted")


def check_kdf_equivalence():
    """docs/FORMAT.md: crypto_kdf_derive_from_key == BLAKE2b-256(key, salt=LE64(id)||0^8,
    person=ctx||0^8). PyNaCl 1.5 has no crypto_kdf: ask libsodium directly."""
    name = ctypes.util.find_library("sodium") or "libsodium.so.23"
    so = ctypes.CDLL(name)
    ok(so.sodium_init() >= 0, "sodium_init")
    derive = so.crypto_kdf_derive_from_key
    derive.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint64, ctypes.c_char_p,
                       ctypes.c_char_p]
    for i, subkey_id in enumerate([0, 1, 2, 3, 1000, 1015, 2**32 + 7, 2**64 - 1]):
        key = os.urandom(32) if i else bytes(range(32))
        out = ctypes.create_string_buffer(32)
        ok(derive(out, 32, subkey_id, tf.KDF_CONTEXT, key) == 0, "crypto_kdf_derive_from_key")
        ok(out.raw == tf.kdf(key, subkey_id), "kdf equivalence for id %d" % subkey_id)


def read_from(d):
    def read(name):
        with open(os.path.join(d, name), "rb") as f:
            return f.read()
    return read


def check_c_output(d):
    read = read_from(d)
    path = lambda n: os.path.join(d, n)  # noqa: E731
    unit, pk, sk = tf.load_unit_secret(path("TT-96.key"))
    ok(unit == "TT-96", "unit")
    ok(tf.load_unit_pub(path("TT-96.pub")) == (unit, pk), "public file")
    unit01, pk01, sk01 = tf.load_unit_secret(path("TT-01.key"))
    case_id = read("case_id.txt").decode()

    # The envelope, with and without identity.
    body, identity, h = tf.open_envelope(read("envelope.bin"), sk, pk)
    ok(body == read("body.txt") and identity == read("identity.txt"), "envelope plaintexts")
    ok(h["unit"] == "TT-96" and h["case_id"] == case_id and h["key_id"] == tf.key_id(pk),
       "envelope header")
    body, identity, _ = tf.open_envelope(read("envelope_noid.bin"), sk, pk)
    ok(body == read("body.txt") and identity is None, "envelope without identity")
    # The confidential view: identity gone, body intact.
    body, identity, _ = tf.open_envelope(read("stripped.bin"), sk, pk)
    ok(body == read("body.txt") and identity is None, "stripped envelope")
    # Another unit's key opens nothing.
    fails(lambda: tf.open_envelope(read("envelope.bin"), sk01, pk01), "another unit's key")
    fails(lambda: tf.open_envelope(read("envelope.bin"), sk01, pk), "a mismatched key pair")

    # Every single flipped bit outside the unit id (not authenticated, by design) is refused.
    env = read("envelope.bin")
    for i in range(len(env)):
        if 14 <= i < 22:
            continue
        bad = bytearray(env)
        bad[i] ^= 0x10
        fails(lambda: tf.open_envelope(bytes(bad), sk, pk), "flipped byte %d" % i)
    fails(lambda: tf.open_envelope(env + b"\0", sk, pk), "a trailing byte")
    fails(lambda: tf.open_envelope(env[:-1], sk, pk), "a truncated envelope")

    # C's transfer: TT-01 opens it; the ciphertexts are byte for byte the same.
    moved = read("moved.bin")
    body, identity, h = tf.open_envelope(moved, sk01, pk01)
    ok(body == read("body.txt") and identity == read("identity.txt") and h["unit"] == "TT-01",
       "re-sealed envelope")
    ok(moved[:14] == env[:14] and moved[110:] == env[110:], "re-sealing touches only the header")
    fails(lambda: tf.open_envelope(moved, sk, pk), "the old unit after a transfer")

    # Attachments: an empty one and one of three chunks.
    env_att = read("envelope_att.bin")
    ok(tf.open_attachment(env_att, read("att0.bin"), sk, pk) == b"", "empty attachment")
    ok(tf.open_attachment(env_att, read("att1.bin"), sk, pk) == read("att1.txt"), "attachment")
    blob = read("att1.bin")
    fails(lambda: tf.open_attachment(env_att, blob[:-(1234 + 21)], sk, pk), "truncated stream")
    fails(lambda: tf.open_attachment(env, blob, sk, pk), "attachment of another envelope")

    # The protected key file.
    unit, pk2, sk2 = tf.load_unit_secret(path("TT-96-protected.key"),
                                         read("passphrase.txt").decode("utf-8"))
    ok((unit, pk2, sk2) == ("TT-96", pk, sk), "protected key file")
    fails(lambda: tf.load_unit_secret(path("TT-96-protected.key"), "wrong"), "wrong passphrase")

    # The reporter's key pair and a message sealed to it, from the receipt alone.
    receipt = read("receipt.txt").decode()
    ok(tf.normalize_receipt(receipt.lower().replace("-", " ")) == receipt, "receipt normalised")
    rpk, rsk = tf.reporter_keypair(receipt)
    ok(rpk == read("reporter_pk.bin"), "reporter public key")
    ok(SealedBox(PrivateKey(rsk)).decrypt(read("reporter_msg.bin")) == read("reporter_msg.txt"),
       "reporter message")

    # Server-key hashes, the wrapped receipt, the audit hash.
    server_key = tf.load_server_key(path("server.key"))
    ok(tf.keyed_hash(server_key, "receipt", receipt.encode()) == read("receipt_hash.bin"),
       "receipt lookup hash")
    ok(tf.unwrap(server_key, b"idem-key-1", read("wrapped.bin")) == receipt.encode(), "unwrap")
    fails(lambda: tf.unwrap(server_key, b"idem-key-2", read("wrapped.bin")), "unwrap, other key")
    ok(tf.audit_hash(read("body.txt")) == read("audit_hash.bin"), "audit hash")

    # The inspector's key files and signature.
    role, scope, seed, spk = tf.load_signer_secret(path("inspector.key"))
    ok((role, scope) == ("inspector", "TT-96"), "signer role and scope")
    VerifyKey(spk).verify(read("challenge.txt"), read("sig.bin"))
    ok(SigningKey(seed).verify_key.encode() == spk, "signer seed")

    # Issue 13: the transfer header spliced in opens with TT-01's key, and the proof PyNaCl
    # computes from it answers the commitment C made.
    env = read("envelope.bin")
    moved = env[:14] + read("transfer_header.bin") + env[110:]
    body, identity, h = tf.open_envelope(moved, sk01, pk01)
    ok(body == read("body.txt") and h["unit"] == "TT-01", "transfer header opens for TT-01")
    ok(tf.transfer_commitment(tf.transfer_proof(moved, sk01, pk01))
       == read("transfer_commitment.bin"), "transfer proof answers the commitment")
    # The signed unit message: the bytes, the signature, the server's tag, the block.
    sealed = read("msg_sealed.bin")
    signed = tf.unit_message_signed("K7QM2XPD", "TT-96", 20789, sealed)
    ok(signed == read("msg_signed.bin"), "signed message bytes")
    blk = tf.parse_signed_message_block(read("msg_block.bin"))
    ok(blk["unit"] == "TT-96" and blk["signer"] == spk and blk["sealed"] == sealed,
       "signed message block")
    VerifyKey(spk).verify(signed, blk["signature"])
    ok(tf.accept_tag(server_key, signed, spk, blk["signature"]) == blk["tag"], "acceptance tag")
    return (sk, pk, pk01, seed, rpk)


def write_python_output(d, keys):
    """What PyNaCl seals, for MAKER --check."""
    sk, pk, pk01, seed, rpk = keys
    read = read_from(d)

    def put(name, data):
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)

    body = '{"v":1,"details":"Viết bằng PyNaCl — từ tài liệu"}'.encode()
    identity = '{"full_name":"Trần Thị B"}'.encode()
    content_key = os.urandom(32)
    env = tf.seal_envelope("PY7K2M9X", "TT-96", pk, body, identity, content_key=content_key)
    put("py_envelope.bin", env)
    put("py_envelope_noid.bin", tf.seal_envelope("PY7K2M9X", "TT-96", pk, body))
    put("py_body.txt", body)
    put("py_identity.txt", identity)
    # Our own envelope must also open with our own reader (the writer is not lopsided).
    ok(tf.open_envelope(env, sk, pk)[:2] == (body, identity), "python round trip")
    put("py_moved.bin", tf.reseal_envelope(read("envelope.bin"), sk, pk, "TT-01", pk01))
    data = bytes((i * 13) & 0xFF for i in range(70000))
    put("py_att.bin", tf.seal_attachment("PY7K2M9X", 1, content_key, data))
    put("py_att.txt", data)
    msg = "Xin cung cấp thêm tài liệu.".encode()
    put("py_reporter_msg.bin", SealedBox(PublicKey(rpk)).encrypt(msg))
    put("py_reporter_msg.txt", msg)
    signed = b"tocao-login-challenge:from-python"
    put("py_sig.bin", SigningKey(seed).sign(signed).signature)
    put("py_signed.txt", signed)


def main():
    maker = sys.argv[1]
    check_kdf_equivalence()
    with tempfile.TemporaryDirectory() as d:
        subprocess.run([maker, d], check=True)
        keys = check_c_output(d)
        write_python_output(d, keys)
        subprocess.run([maker, "--check", d], check=True)
    print("%d checks passed; 1 passed, 0 failed" % checks)


if __name__ == "__main__":
    main()
