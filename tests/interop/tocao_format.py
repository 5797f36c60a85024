"""An independent reader (and writer) of tocao's byte formats, written from docs/FORMAT.md.

It uses only PyNaCl and the standard library and never calls tocao's code,
so a test that decrypts with it shows the document is enough to read a case.

Main entry points:

    unit, pk, sk = load_unit_secret(path[, passphrase])
    body, identity_or_None, header = open_envelope(envelope_bytes, sk, pk)
    data = open_attachment(envelope_bytes, blob, sk, pk)

Every function raises (FormatError, or a nacl.exceptions error for a
failed decryption) rather than return anything it could not verify.
"""
import os

import nacl.bindings as b
import nacl.encoding
import nacl.hash
import nacl.pwhash
from nacl.public import PrivateKey, PublicKey, SealedBox

MAGIC = b"TCE1"
VERSION = 1
KDF_CONTEXT = b"tocaoenv"
SUBKEY_BODY, SUBKEY_IDENTITY, SUBKEY_ATTACHMENT_BASE = 1, 2, 1000
BODY_MAX = 2 << 20
IDENTITY_MAX = 16 << 10
KEY_FILE_MAX = 4096
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
ATT_MAGIC = b"TCA1"
ATT_CHUNK = 65536


class FormatError(ValueError):
    pass


def _raw_blake2b(data, key=b"", person=b"", salt=b""):
    """BLAKE2b-256 with libsodium's zero padding of salt and personalisation to 16 bytes."""
    return nacl.hash.blake2b(data, digest_size=32, key=key, salt=salt.ljust(16, b"\0"),
                             person=person.ljust(16, b"\0"), encoder=nacl.encoding.RawEncoder)


# ---- Key files ----

def _fields(text, header, required, optional=()):
    """Strict "name: value" lines after a first line; every line ends with a newline."""
    if len(text.encode("utf-8")) >= KEY_FILE_MAX:
        raise FormatError("key file too large")
    lines = text.split("\n")
    if lines[-1] != "":
        raise FormatError("the last line has no newline")
    if lines[0] != header:
        raise FormatError("not a " + header + " file")
    out = {}
    for line in lines[1:-1]:
        name, sep, value = line.partition(": ")
        if not sep or name not in set(required) | set(optional) or name in out:
            raise FormatError("bad line: " + line[:20])
        out[name] = value
    if not set(required) <= set(out):
        raise FormatError("missing fields")
    return out


def _read(path):
    with open(path, "rb") as f:
        data = f.read(KEY_FILE_MAX + 1)
    try:
        return data.decode("ascii")
    except UnicodeDecodeError:
        raise FormatError("key files are ASCII")


def _hex(value, n):
    if len(value) != 2 * n or value != value.lower():
        raise FormatError("expected %d lower-case hex digits" % (2 * n))
    try:
        return bytes.fromhex(value)
    except ValueError:
        raise FormatError("not hex")


def key_id(pk):
    """First 8 bytes of unkeyed BLAKE2b-256 of the public key."""
    return _raw_blake2b(pk)[:8]


def _unit_public_fields(f):
    pk = _hex(f["public"], 32)
    if _hex(f["key-id"], 8) != key_id(pk):
        raise FormatError("key-id is not the public key's")
    return f["unit"], pk


def load_unit_secret(path, passphrase=None):
    """-> (unit, public key bytes, secret key bytes), checked against each other.

    A file with "encryption: argon2id" needs passphrase (str or bytes).
    """
    f = _fields(_read(path), "tocao-unit-secret-key 1",
                ["unit", "key-id", "encryption", "public", "secret"],
                ["kdf-salt", "kdf-opslimit", "kdf-memlimit", "nonce"])
    unit, pk = _unit_public_fields(f)
    if f["encryption"] == "none":
        if len(f) != 5:
            raise FormatError("kdf fields in an unencrypted file")
        sk = _hex(f["secret"], 32)
    elif f["encryption"] == "argon2id":
        if len(f) != 9:
            raise FormatError("missing kdf fields")
        if passphrase is None:
            raise FormatError("the key file is protected by a passphrase")
        if isinstance(passphrase, str):
            passphrase = passphrase.encode("utf-8")
        ops, mem = int(f["kdf-opslimit"]), int(f["kdf-memlimit"])
        if not (1 <= ops <= 10 and 8192 <= mem <= 1 << 30):
            raise FormatError("kdf limits out of range")
        key = nacl.pwhash.argon2id.kdf(32, passphrase, _hex(f["kdf-salt"], 16), opslimit=ops,
                                       memlimit=mem)
        ad = b"tocao-unit-secret-key 1" + unit.encode("ascii") + key_id(pk)
        sk = b.crypto_aead_xchacha20poly1305_ietf_decrypt(
            _hex(f["secret"], 48), ad, _hex(f["nonce"], 24), key)
    else:
        raise FormatError("unknown encryption " + f["encryption"][:20])
    if bytes(PrivateKey(sk).public_key) != pk:
        raise FormatError("the secret key is not the public key's")
    return unit, pk, sk


def load_unit_pub(path):
    """-> (unit, public key bytes) of a tocao-unit-public-key file."""
    f = _fields(_read(path), "tocao-unit-public-key 1", ["unit", "key-id", "public"])
    return _unit_public_fields(f)


def load_signer_secret(path):
    """-> (role, scope, signing key seed, public key) of an inspector's or monitor's key file."""
    f = _fields(_read(path), "tocao-signer-secret-key 1",
                ["role", "scope", "encryption", "public", "secret"])
    if f["encryption"] != "none":
        raise FormatError("encrypted key files are not supported here")
    sk, pk = _hex(f["secret"], 64), _hex(f["public"], 32)
    if sk[32:] != pk or b.crypto_sign_seed_keypair(sk[:32])[0] != pk:
        raise FormatError("inconsistent signer file")
    return f["role"], f["scope"], sk[:32], pk


def load_server_key(path):
    """-> the 32-byte server key of a tocao-server-key file."""
    f = _fields(_read(path), "tocao-server-key 1", ["secret"])
    return _hex(f["secret"], 32)


def keyed_hash(server_key, purpose, data):
    """A lookup hash: BLAKE2b-256(data; key = server key, person = purpose)."""
    return _raw_blake2b(data, key=server_key, person=purpose.encode("ascii"))


def unwrap(server_key, secret, wrapped):
    """Open cr_wrap's output (nonce || XChaCha20-Poly1305) under the caller secret."""
    key = _raw_blake2b(secret, key=server_key, person=b"tocao-wrap")
    return b.crypto_aead_xchacha20poly1305_ietf_decrypt(wrapped[24:], None, wrapped[:24], key)


def audit_hash(data):
    return _raw_blake2b(data, person=b"tocao-audit")


# ---- Identifiers and the reporter's key ----

def normalize_receipt(text):
    """What a reporter typed -> XXXX-XXXX-XXXX-XXXX-XXXX, or FormatError."""
    sym = ""
    for c in text:
        if c in "- ":
            continue
        c = c.upper() if "a" <= c <= "z" else c  # ASCII only: no other letter is raised
        c = {"O": "0", "I": "1", "L": "1"}.get(c, c)
        if c not in CROCKFORD:
            raise FormatError("not a receipt")
        sym += c
    if len(sym) != 20:
        raise FormatError("not a receipt")
    return "-".join(sym[i:i + 4] for i in range(0, 20, 4))


def reporter_keypair(receipt):
    """-> (pk, sk) derived from a normalised receipt."""
    seed = _raw_blake2b(receipt.encode("ascii"), person=b"tocao-reporter")
    return b.crypto_box_seed_keypair(seed)


# ---- Envelopes ----

def kdf(key, subkey_id, context=KDF_CONTEXT):
    """crypto_kdf_derive_from_key: BLAKE2b-256, key=master, salt=LE64(id)||0*8, person=ctx||0*8."""
    return _raw_blake2b(b"", key=key, salt=subkey_id.to_bytes(8, "little"), person=context)


def _ad(case_id, tag):
    return MAGIC + bytes([VERSION]) + case_id.encode("ascii") + tag


def parse_envelope(env):
    """-> dict of the header and the raw sections, per docs/FORMAT.md."""
    env = bytes(env)
    if len(env) < 138 or env[:4] != MAGIC:
        raise FormatError("not an envelope")
    if env[4] != VERSION:
        raise FormatError("unknown version")
    flags = env[5]
    if flags & ~1:
        raise FormatError("unknown flags")
    case_id = env[6:14].decode("ascii", "replace")
    if len(case_id) != 8 or any(c not in CROCKFORD for c in case_id):
        raise FormatError("bad case id")
    unit = env[14:22].rstrip(b"\0")
    if not unit or b"\0" in unit or not all(c in b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-"
                                            for c in unit):
        raise FormatError("bad unit id")
    h = {
        "version": env[4],
        "case_id": case_id,
        "unit": unit.decode("ascii"),
        "key_id": env[22:30],
        "sealed_key": env[30:110],
    }
    off = 110

    def section(limit):
        nonlocal off
        nonce = env[off:off + 24]
        n = int.from_bytes(env[off + 24:off + 28], "big")
        ct = env[off + 28:off + 28 + n]
        if len(nonce) != 24 or off + 28 > len(env) or len(ct) != n or n < 16 or n > limit + 16:
            raise FormatError("truncated or oversized section")
        off += 28 + n
        return nonce, ct

    h["body"] = section(BODY_MAX)
    h["identity"] = section(IDENTITY_MAX) if flags & 1 else None
    if off != len(env):
        raise FormatError("trailing bytes")
    return h


def _content_key(h, sk, pk):
    if h["key_id"] != key_id(pk):
        raise FormatError("sealed to another key")
    return SealedBox(PrivateKey(sk)).decrypt(h["sealed_key"])


def open_envelope(env, sk, pk):
    """-> (body bytes, identity bytes or None, header dict). Raises on any failure."""
    h = parse_envelope(env)
    content_key = _content_key(h, sk, pk)
    nonce, ct = h["body"]
    body = b.crypto_aead_xchacha20poly1305_ietf_decrypt(
        ct, _ad(h["case_id"], b"B"), nonce, kdf(content_key, SUBKEY_BODY))
    identity = None
    if h["identity"] is not None:
        nonce, ct = h["identity"]
        identity = b.crypto_aead_xchacha20poly1305_ietf_decrypt(
            ct, _ad(h["case_id"], b"I"), nonce, kdf(content_key, SUBKEY_IDENTITY))
    return body, identity, h


def seal_envelope(case_id, unit, pk, body, identity=None, content_key=None):
    """A new envelope sealed to (unit, pk), as tocao would make it."""
    if content_key is None:
        content_key = os.urandom(32)
    out = MAGIC + bytes([VERSION, 1 if identity is not None else 0]) + case_id.encode("ascii")
    out += unit.encode("ascii").ljust(8, b"\0") + key_id(pk)
    out += SealedBox(PublicKey(pk)).encrypt(content_key)
    for data, tag, sub in ((body, b"B", SUBKEY_BODY), (identity, b"I", SUBKEY_IDENTITY)):
        if data is None:
            continue
        nonce = os.urandom(24)
        ct = b.crypto_aead_xchacha20poly1305_ietf_encrypt(data, _ad(case_id, tag), nonce,
                                                          kdf(content_key, sub))
        out += nonce + len(ct).to_bytes(4, "big") + ct
    return out


def reseal_envelope(env, sk, pk, to_unit, to_pk):
    """A transfer (docs/FORMAT.md): open the content key, seal it to to_pk, rewrite the header."""
    h = parse_envelope(env)
    content_key = _content_key(h, sk, pk)
    unit = to_unit.encode("ascii").ljust(8, b"\0")
    sealed = SealedBox(PublicKey(to_pk)).encrypt(content_key)
    return env[:14] + unit + key_id(to_pk) + bytes(sealed) + env[110:]


# ---- Two-step transfers (docs/FORMAT.md "Transfers") ----

def transfer_proof_of(content_key, case_id):
    """proof = BLAKE2b-256(content key || case id; person "tocao-ck-proof")."""
    return _raw_blake2b(content_key + case_id.encode("ascii"), person=b"tocao-ck-proof")


def transfer_commitment(proof):
    """commitment = BLAKE2b-256(proof; person "tocao-ck-commit")."""
    return _raw_blake2b(proof, person=b"tocao-ck-commit")


def transfer_offer(env, sk, pk, to_unit, to_pk):
    """The sending side: (header, commitment); header = bytes 14..109 for to_unit."""
    h = parse_envelope(env)
    content_key = _content_key(h, sk, pk)
    open_envelope(env, sk, pk)  # the key opens the body
    header = reseal_envelope(env, sk, pk, to_unit, to_pk)[14:110]
    return header, transfer_commitment(transfer_proof_of(content_key, h["case_id"]))


def transfer_proof(env, sk, pk):
    """The receiving side: env carries its header; the proof once the key opens the body."""
    h = parse_envelope(env)
    content_key = _content_key(h, sk, pk)
    open_envelope(env, sk, pk)
    return transfer_proof_of(content_key, h["case_id"])


# ---- Signed unit messages (docs/FORMAT.md "Signed unit messages") ----

MSG_CONTEXT = b"tocao-unit-message-v1\0"


def unit_message_signed(case_id, unit, day, sealed):
    """The 74 bytes an inspector signs: context, case id, unit, day (BE), hash of the sealed copy."""
    return MSG_CONTEXT + case_id.encode("ascii") + unit.encode("ascii").ljust(8, b"\0") \
        + (day & 0xFFFFFFFF).to_bytes(4, "big") + _raw_blake2b(sealed, person=b"tocao-msg-body")


def accept_tag(server_key, signed, pk, sig):
    """The server's acceptance tag: keyed BLAKE2b-256 (person "tocao-msg-ok")."""
    return _raw_blake2b(signed + pk + sig, key=server_key, person=b"tocao-msg-ok")


def signed_message_block(unit, pk, sig, tag, sealed):
    """The reporter's copy of a signed unit message as stored."""
    return bytes([1]) + unit.encode("ascii").ljust(8, b"\0") + pk + sig + tag + sealed


def parse_signed_message_block(block):
    if len(block) <= 137 + 48 or block[0] != 1:
        raise FormatError("not a signed message block")
    return {"unit": block[1:9].rstrip(b"\0").decode("ascii"), "signer": block[9:41],
            "signature": block[41:105], "tag": block[105:137], "sealed": block[137:]}


# ---- Attachments ----

def _att_ad(case_id, index, chunk):
    return ATT_MAGIC + bytes([VERSION]) + case_id.encode("ascii") + index.to_bytes(2, "big") \
        + chunk.to_bytes(4, "big")


def open_attachment(env, blob, sk, pk):
    """Decrypt an attachment blob of the case whose envelope is env (docs/FORMAT.md)."""
    h = parse_envelope(env)
    if blob[:4] != ATT_MAGIC or blob[4] != VERSION or blob[7:15] != h["case_id"].encode("ascii"):
        raise FormatError("not an attachment of this case")
    index = int.from_bytes(blob[5:7], "big")
    key = kdf(_content_key(h, sk, pk), SUBKEY_ATTACHMENT_BASE + index)
    state = b.crypto_secretstream_xchacha20poly1305_state()
    b.crypto_secretstream_xchacha20poly1305_init_pull(state, blob[15:39], key)
    off, chunk, out = 39, 0, b""
    while True:
        if len(blob) - off < 4:
            raise FormatError("truncated: no final chunk")
        n = int.from_bytes(blob[off:off + 4], "big")
        ct = blob[off + 4:off + 4 + n]
        if len(ct) != n or n < 17 or n > ATT_CHUNK + 17:
            raise FormatError("truncated or oversized chunk")
        msg, tag = b.crypto_secretstream_xchacha20poly1305_pull(state, ct,
                                                                _att_ad(h["case_id"], index, chunk))
        out += msg
        off += 4 + n
        chunk += 1
        if tag == b.crypto_secretstream_xchacha20poly1305_TAG_FINAL:
            break
    if off != len(blob):
        raise FormatError("bytes after the final chunk")
    return out


def seal_attachment(case_id, index, content_key, data):
    """Attachment index of a case, sealed under the envelope's content key."""
    key = kdf(content_key, SUBKEY_ATTACHMENT_BASE + index)
    state = b.crypto_secretstream_xchacha20poly1305_state()
    header = b.crypto_secretstream_xchacha20poly1305_init_push(state, key)
    out = ATT_MAGIC + bytes([VERSION]) + index.to_bytes(2, "big") + case_id.encode("ascii") + header
    chunks = len(data) // ATT_CHUNK + 1
    for c in range(chunks):
        last = c + 1 == chunks
        ct = b.crypto_secretstream_xchacha20poly1305_push(
            state, data[c * ATT_CHUNK:(c + 1) * ATT_CHUNK], _att_ad(case_id, index, c),
            b.crypto_secretstream_xchacha20poly1305_TAG_FINAL if last
            else b.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE)
        out += len(ct).to_bytes(4, "big") + ct
    return out
