package com.cpnetwork.users;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;

/**
 * Argon2id with OWASP's baseline parameters (19 MiB, 2 passes, 1 lane); see docs/decisions/0007. The encoded hash
 * carries its parameters, so raising them later only affects new hashes. Thread-safe.
 */
public final class PasswordHasher {

    static final int ITERATIONS = 2;
    static final int MEMORY_KIB = 19 * 1024;
    static final int PARALLELISM = 1;

    private final Argon2 argon2 = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id);
    private volatile String decoy;

    public String hash(String password) {
        char[] chars = password.toCharArray();
        try {
            return argon2.hash(ITERATIONS, MEMORY_KIB, PARALLELISM, chars);
        } finally {
            argon2.wipeArray(chars);
        }
    }

    public boolean matches(String hash, String password) {
        char[] chars = password.toCharArray();
        try {
            return argon2.verify(hash, chars);
        } finally {
            argon2.wipeArray(chars);
        }
    }

    /**
     * Spends the time of a real verification when there is no account (or no password) to check against, so the
     * answer's timing does not reveal whether an email exists.
     */
    public void spendVerificationTime(String password) {
        String current = decoy;
        if (current == null) {
            current = hash("decoy-password-that-matches-nothing");
            decoy = current;
        }
        matches(current, password);
    }
}
