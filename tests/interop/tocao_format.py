"""An independent reader of tocao's byte formats, written from docs/FORMAT.md.

It uses only PyNaCl and the standard library and never calls tocao's code,
so a test that decrypts with it shows the document is enough to read a case.
"""
import nacl.bindings as b
import nacl.hash
import nacl.encoding
from nacl.public import PrivateKey, PublicKey, SealedBox

MAGIC = b"TCE1"
KDF_CONTEXT = b"tocaoenv"


class FormatError(ValueError):
    pass


def _fields(path, header, names):
    with open(path, "r", encoding="ascii") as f:
        text = f.read()
    lines = text.split("\n")
    if lines[0] != header or lines[-1] != "":
        raise FormatError("not a " + header + " file")
    out = {}
    for line in lines[1:-1]:
        name, sep, value = line.partition(": ")
        if not sep or name not in names or name in out:
            raise FormatError("bad line: " + line[:20])
        out[name] = value
    if set(out) != set(names):
        raise FormatError("missing fields")
    return out


def key_id(pk):
    """First 8 bytes of unkeyed BLAKE2b-256 of the public key."""
    return nacl.hash.blake2b(pk, digest_size=32, encoder=nacl.encoding.RawEncoder)[:8]


def load_unit_secret(path):
    """-> (unit, public key bytes, secret key bytes), checked against each other."""
    f = _fields(path, "tocao-unit-secret-key 1",
                {"unit", "key-id", "encryption", "public", "secret"})
    if f["encryption"] != "none":
        raise FormatError("encrypted key files are not supported here")
    pk, sk = bytes.fromhex(f["public"]), bytes.fromhex(f["secret"])
    if bytes(PrivateKey(sk).public_key) != pk or key_id(pk).hex() != f["key-id"]:
        raise FormatError("inconsistent key file")
    return f["unit"], pk, sk


def kdf(key, subkey_id, context=KDF_CONTEXT):
    """crypto_kdf_derive_from_key: BLAKE2b-256, key=master, salt=LE64(id)||0*8, person=ctx||0*8."""
    salt = subkey_id.to_bytes(8, "little") + bytes(8)
    person = context + bytes(8)
    return nacl.hash.blake2b(b"", digest_size=32, key=key, salt=salt, person=person,
                             encoder=nacl.encoding.RawEncoder)


def parse_envelope(env):
    """-> dict of the header and the raw sections, per docs/FORMAT.md."""
    if len(env) < 138 or env[:4] != MAGIC:
        raise FormatError("not an envelope")
    if env[4] != 1:
        raise FormatError("unknown version")
    flags = env[5]
    if flags & ~1:
        raise FormatError("unknown flags")
    h = {
        "version": env[4],
        "case_id": env[6:14].decode("ascii"),
        "unit": env[14:22].rstrip(b"\0").decode("ascii"),
        "key_id": env[22:30],
        "sealed_key": env[30:110],
    }
    off = 110

    def section():
        nonlocal off
        nonce = env[off:off + 24]
        n = int.from_bytes(env[off + 24:off + 28], "big")
        ct = env[off + 28:off + 28 + n]
        if len(nonce) != 24 or len(ct) != n or n < 16:
            raise FormatError("truncated section")
        off += 28 + n
        return nonce, ct

    h["body"] = section()
    h["identity"] = section() if flags & 1 else None
    if off != len(env):
        raise FormatError("trailing bytes")
    return h


def _ad(case_id, tag):
    return MAGIC + bytes([1]) + case_id.encode("ascii") + tag


def open_envelope(env, sk, pk):
    """-> (body bytes, identity bytes or None, header dict). Raises on any failure."""
    h = parse_envelope(env)
    if h["key_id"] != key_id(pk):
        raise FormatError("sealed to another key")
    content_key = SealedBox(PrivateKey(sk)).decrypt(h["sealed_key"])
    nonce, ct = h["body"]
    body = b.crypto_aead_xchacha20poly1305_ietf_decrypt(
        ct, _ad(h["case_id"], b"B"), nonce, kdf(content_key, 1))
    identity = None
    if h["identity"] is not None:
        nonce, ct = h["identity"]
        identity = b.crypto_aead_xchacha20poly1305_ietf_decrypt(
            ct, _ad(h["case_id"], b"I"), nonce, kdf(content_key, 2))
    return body, identity, h


def open_attachment(env, blob, sk, pk):
    """Decrypt an attachment blob of the case whose envelope is env (docs/FORMAT.md)."""
    h = parse_envelope(env)
    if h["key_id"] != key_id(pk):
        raise FormatError("sealed to another key")
    if blob[:4] != b"TCA1" or blob[4] != 1 or blob[7:15] != h["case_id"].encode("ascii"):
        raise FormatError("not an attachment of this case")
    index = int.from_bytes(blob[5:7], "big")
    content_key = SealedBox(PrivateKey(sk)).decrypt(h["sealed_key"])
    key = kdf(content_key, 1000 + index)
    state = b.crypto_secretstream_xchacha20poly1305_state()
    b.crypto_secretstream_xchacha20poly1305_init_pull(state, blob[15:39], key)
    off, chunk, out = 39, 0, b""
    while True:
        if len(blob) - off < 4:
            raise FormatError("truncated: no final chunk")
        n = int.from_bytes(blob[off:off + 4], "big")
        ct = blob[off + 4:off + 4 + n]
        if len(ct) != n:
            raise FormatError("truncated chunk")
        ad = b"TCA1" + bytes([1]) + h["case_id"].encode("ascii") + index.to_bytes(2, "big") \
            + chunk.to_bytes(4, "big")
        msg, tag = b.crypto_secretstream_xchacha20poly1305_pull(state, ct, ad)
        out += msg
        off += 4 + n
        chunk += 1
        if tag == b.crypto_secretstream_xchacha20poly1305_TAG_FINAL:
            break
    if off != len(blob):
        raise FormatError("bytes after the final chunk")
    return out


def load_signer_secret(path):
    """-> (role, scope, signing key seed, public key) of an inspector's or monitor's key file."""
    f = _fields(path, "tocao-signer-secret-key 1",
                {"role", "scope", "encryption", "public", "secret"})
    if f["encryption"] != "none":
        raise FormatError("encrypted key files are not supported here")
    sk, pk = bytes.fromhex(f["secret"]), bytes.fromhex(f["public"])
    if sk[32:] != pk:
        raise FormatError("inconsistent signer file")
    return f["role"], f["scope"], sk[:32], pk


def reseal_envelope(env, sk, pk, to_unit, to_pk):
    """A transfer (docs/FORMAT.md): open the content key, seal it to to_pk, rewrite the header."""
    h = parse_envelope(env)
    if h["key_id"] != key_id(pk):
        raise FormatError("sealed to another key")
    content_key = SealedBox(PrivateKey(sk)).decrypt(h["sealed_key"])
    unit = to_unit.encode("ascii").ljust(8, b"\0")
    sealed = SealedBox(PublicKey(to_pk)).encrypt(content_key)
    return env[:14] + unit + key_id(to_pk) + bytes(sealed) + env[110:]
