package com.cpnetwork.auth;

import com.cpnetwork.platform.security.Secrets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Six-digit sign-in codes sent by SMS: valid five minutes, single use, the latest one superseding earlier ones, at
 * most five per phone per 15 minutes. Only HMACs of the phone and of the code are stored.
 */
final class SignInCodes {

    static final Duration VALIDITY = Duration.ofMinutes(5);
    static final Duration SEND_WINDOW = Duration.ofMinutes(15);
    static final int MAX_SENDS = 5;

    private final Secrets secrets;

    SignInCodes(Secrets secrets) {
        this.secrets = secrets;
    }

    /** How long to wait before another code may be sent, when five were already sent in the window. */
    Optional<Duration> waitBeforeNextCode(Handle handle, String phoneHash, Instant now) {
        List<Instant> recent = handle.createQuery("""
                SELECT created_at FROM sign_in_codes WHERE phone_hash = :phone AND created_at > :since
                 ORDER BY created_at""")
                .bind("phone", phoneHash).bind("since", now.minus(SEND_WINDOW)).mapTo(Instant.class).list();
        if (recent.size() < MAX_SENDS) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, recent.get(recent.size() - MAX_SENDS).plus(SEND_WINDOW)));
    }

    /** A new code for the phone; earlier unused codes stop working. */
    String issue(Handle handle, String phoneHash, Instant now) {
        handle.createUpdate("UPDATE sign_in_codes SET consumed_at = :now WHERE phone_hash = :phone AND consumed_at IS NULL")
                .bind("phone", phoneHash).bind("now", now).execute();
        UUID id = UUID.randomUUID();
        String code = secrets.newDigits(6);
        handle.createUpdate("""
                INSERT INTO sign_in_codes (id, phone_hash, code_hash, created_at, expires_at)
                VALUES (:id, :phone, :code, :now, :expires)""")
                .bind("id", id).bind("phone", phoneHash).bind("code", codeHash(id, code))
                .bind("now", now).bind("expires", now.plus(VALIDITY)).execute();
        return code;
    }

    /** Uses up the phone's current code if {@code code} is it; false for a wrong, expired, used or superseded code. */
    boolean consume(Handle handle, String phoneHash, String code, Instant now) {
        Optional<Map<String, Object>> current = handle.createQuery("""
                SELECT id, code_hash FROM sign_in_codes
                 WHERE phone_hash = :phone AND consumed_at IS NULL AND expires_at > :now
                 ORDER BY created_at DESC LIMIT 1""")
                .bind("phone", phoneHash).bind("now", now).mapToMap().findOne();
        if (current.isEmpty()) {
            return false;
        }
        UUID id = (UUID) current.get().get("id");
        if (!Secrets.sameSecret((String) current.get().get("code_hash"), codeHash(id, code))) {
            return false;
        }
        // Guarded: of two concurrent requests with the right code, only one signs in.
        return handle.createUpdate("UPDATE sign_in_codes SET consumed_at = :now WHERE id = :id AND consumed_at IS NULL")
                .bind("id", id).bind("now", now).execute() == 1;
    }

    private String codeHash(UUID id, String code) {
        return secrets.hmac("sign-in-code:" + id + ":" + code);
    }
}
