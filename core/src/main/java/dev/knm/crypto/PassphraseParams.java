package dev.knm.crypto;

/**
 * What a store sealed with a passphrase keeps about it: the Argon2id parameters and the id of the
 * key they give with the right passphrase (a wrong one is told by its key id, before anything is
 * decrypted).
 */
public record PassphraseParams(KdfParams kdf, String keyId) {}
