"""Print tests/unit/crypto/kat_vectors.h: known-answer vectors computed with PyNaCl alone.

    /usr/bin/python3 tests/interop/make_kat.py > tests/unit/crypto/kat_vectors.h

Every value comes from tocao_format.py (written from docs/FORMAT.md) and PyNaCl
from fixed inputs, so the C unit test checks tocao's code against an independent
computation. Sealed boxes and the attachment stream header are random by nature:
regenerating changes those bytes, and the test still holds.
"""
import os
import sys

import nacl.bindings as b
import nacl.pwhash
from nacl.public import PrivateKey
from nacl.signing import SigningKey

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tocao_format as tf  # noqa: E402


def c_str(name, data):
    if isinstance(data, bytes):
        data = data.hex()
    lines = [data[i:i + 96] for i in range(0, len(data), 96)] or [""]
    body = "\n".join('\t"%s"' % line.replace("\n", "\\n") for line in lines)
    return "static const char %s[] =\n%s;\n" % (name, body)


def c_text(name, text):
    parts = text.split("\n")
    lines = ['\t"%s\\n"' % p for p in parts[:-1]]
    return "static const char %s[] =\n%s;\n" % (name, "\n".join(lines))


def main():
    out = []
    # A unit key pair from a fixed secret key.
    sk = bytes(range(32))
    pk = bytes(PrivateKey(sk).public_key)
    unit_file = ("tocao-unit-secret-key 1\nunit: TT-96\nkey-id: %s\nencryption: none\n"
                 "public: %s\nsecret: %s\n" % (tf.key_id(pk).hex(), pk.hex(), sk.hex()))
    out.append(c_text("KAT_UNIT_FILE", unit_file))
    out.append(c_str("KAT_UNIT_KEY_ID", tf.key_id(pk)))

    # The same key, protected (Argon2id at libsodium's minimum cost, to keep the test fast).
    salt, nonce, pw = bytes(range(16)), bytes(range(24)), b"kat passphrase"
    key = nacl.pwhash.argon2id.kdf(32, pw, salt, opslimit=1, memlimit=8192)
    ad = b"tocao-unit-secret-key 1" + b"TT-96" + tf.key_id(pk)
    ct = b.crypto_aead_xchacha20poly1305_ietf_encrypt(sk, ad, nonce, key)
    prot = ("tocao-unit-secret-key 1\nunit: TT-96\nkey-id: %s\nencryption: argon2id\n"
            "public: %s\nkdf-salt: %s\nkdf-opslimit: 1\nkdf-memlimit: 8192\nnonce: %s\n"
            "secret: %s\n" % (tf.key_id(pk).hex(), pk.hex(), salt.hex(), nonce.hex(), ct.hex()))
    out.append(c_text("KAT_UNIT_FILE_PROTECTED", prot))
    out.append('static const char KAT_PASSPHRASE[] = "%s";\n' % pw.decode())

    # An envelope and an attachment sealed to it by PyNaCl.
    body, ident = b'{"v":1,"details":"KAT body"}', b'{"full_name":"KAT name"}'
    ck = bytes([0x42]) * 32
    out.append('static const char KAT_BODY[] = "%s";\n' % body.decode().replace('"', '\\"'))
    out.append('static const char KAT_IDENTITY[] = "%s";\n' % ident.decode().replace('"', '\\"'))
    out.append(c_str("KAT_ENVELOPE", tf.seal_envelope("K7QM2XPD", "TT-96", pk, body, ident, ck)))
    out.append('static const char KAT_ATTACHMENT_TEXT[] = "tệp đính kèm";\n')
    out.append(c_str("KAT_ATTACHMENT", tf.seal_attachment(
        "K7QM2XPD", 3, ck, "tệp đính kèm".encode())))

    # The reporter's key from a fixed receipt.
    receipt = "7KQ2-M9XD-4RT8-WB3N-Z6HC"
    out.append('static const char KAT_RECEIPT[] = "%s";\n' % receipt)
    out.append(c_str("KAT_REPORTER_PK", tf.reporter_keypair(receipt)[0]))

    # Server-key hashes and a wrapped receipt under a fixed server key.
    server_key = bytes(range(100, 132))
    out.append(c_text("KAT_SERVER_KEY_FILE", "tocao-server-key 1\nsecret: %s\n" % server_key.hex()))
    out.append(c_str("KAT_HASH_RECEIPT", tf.keyed_hash(server_key, "receipt", receipt.encode())))
    out.append(c_str("KAT_HASH_SESSION", tf.keyed_hash(server_key, "session", b"abc")))
    wrap_key = tf._raw_blake2b(b"idem-key-1", key=server_key, person=b"tocao-wrap")
    nonce = bytes(range(24))
    out.append(c_str("KAT_WRAPPED", nonce + b.crypto_aead_xchacha20poly1305_ietf_encrypt(
        receipt.encode(), None, nonce, wrap_key)))
    out.append(c_str("KAT_AUDIT_HASH", tf.audit_hash(b"tocao audit KAT")))

    # An inspector's key from a fixed seed, and its signature of a challenge.
    seed = bytes(range(200, 232))
    sign = SigningKey(seed)
    spk = sign.verify_key.encode()
    out.append(c_text("KAT_SIGNER_FILE",
                      "tocao-signer-secret-key 1\nrole: inspector\nscope: TT-96\n"
                      "encryption: none\npublic: %s\nsecret: %s\n" % (spk.hex(), (seed + spk).hex())))
    out.append(c_str("KAT_SIGNATURE", sign.sign(b"challenge").signature))

    # A two-step transfer of the envelope above (content key 0x42..): the proof and
    # commitment, and a header for "TT-01" (sealed by PyNaCl to the same key pair).
    proof = tf.transfer_proof_of(ck, "K7QM2XPD")
    out.append(c_str("KAT_CK_PROOF", proof))
    out.append(c_str("KAT_CK_COMMITMENT", tf.transfer_commitment(proof)))
    env = tf.seal_envelope("K7QM2XPD", "TT-96", pk, body, ident, ck)
    out.append(c_str("KAT_TRANSFER_HEADER", tf.reseal_envelope(env, sk, pk, "TT-01", pk)[14:110]))

    # A signed unit message: the bytes signed, the signature, the server's tag, the block.
    sealed = bytes(range(60))
    day = 20000
    signed = tf.unit_message_signed("K7QM2XPD", "TT-96", day, sealed)
    sig = sign.sign(signed).signature
    tag = tf.accept_tag(server_key, signed, spk, sig)
    out.append("static const int KAT_MSG_DAY = %d;\n" % day)
    out.append(c_str("KAT_MSG_SEALED", sealed))
    out.append(c_str("KAT_MSG_SIGNED", signed))
    out.append(c_str("KAT_MSG_SIGNED_NEG", tf.unit_message_signed("K7QM2XPD", "TTCP", -2, sealed)))
    out.append(c_str("KAT_MSG_SIGNATURE", sig))
    out.append(c_str("KAT_MSG_TAG", tag))
    out.append(c_str("KAT_MSG_BLOCK", tf.signed_message_block("TT-96", spk, sig, tag, sealed)))

    print("/* kat_vectors.h - generated by tests/interop/make_kat.py (PyNaCl, docs/FORMAT.md)."
          " Do not edit. */")
    print("#ifndef TOCAO_KAT_VECTORS_H\n#define TOCAO_KAT_VECTORS_H\n")
    print("\n".join(out))
    print("#endif")


if __name__ == "__main__":
    main()
