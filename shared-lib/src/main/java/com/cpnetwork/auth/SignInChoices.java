package com.cpnetwork.auth;

import com.cpnetwork.platform.security.Secrets;
import java.sql.Array;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** After a verified code matches several accounts: a single-use token, valid five minutes, to pick one of them. */
final class SignInChoices {

    static final Duration VALIDITY = Duration.ofMinutes(5);

    private final Secrets secrets;

    SignInChoices(Secrets secrets) {
        this.secrets = secrets;
    }

    String create(Handle handle, List<UUID> userIds, Instant now) {
        String token = secrets.newToken();
        handle.createUpdate("INSERT INTO sign_in_choices (token_hash, user_ids, expires_at) VALUES (:hash, :users, :expires)")
                .bind("hash", Secrets.sha256(token)).bind("users", userIds.toArray(UUID[]::new)).bind("expires", now.plus(VALIDITY))
                .execute();
        return token;
    }

    /** Uses up the token; the accounts it offered, or empty when it is unknown, expired or already used. */
    Optional<List<UUID>> consume(Handle handle, String token, Instant now) {
        return handle.createQuery("""
                UPDATE sign_in_choices SET consumed_at = :now
                 WHERE token_hash = :hash AND consumed_at IS NULL AND expires_at > :now
                RETURNING user_ids""")
                .bind("hash", Secrets.sha256(token)).bind("now", now)
                .map((row, context) -> toList(row.getArray("user_ids")))
                .findOne();
    }

    private static List<UUID> toList(Array array) throws SQLException {
        return Arrays.asList((UUID[]) array.getArray());
    }
}
