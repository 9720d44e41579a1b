package com.cpnetwork.bench;

import com.cpnetwork.auth.AccessTokens;
import com.cpnetwork.auth.SigningKeys;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.Role;
import com.cpnetwork.users.PasswordHasher;
import com.cpnetwork.users.User;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What signing in and checking a request cost in CPU: verifying and issuing an RS256 access token, and hashing or
 * checking a password with the production Argon2id parameters. Run as docs/benchmarks.md describes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SignInCostBenchmark {

    private static final String PASSWORD = "correct-horse-battery";

    private AccessTokens tokens;
    private User user;
    private String token;
    private PasswordHasher hasher;
    private String hash;

    @Setup
    public void setUp() {
        tokens = new AccessTokens(SigningKeys.parse(SigningKeys.generatePrivateJwk(), ""), "cpnetwork", "cpnetwork-api", Clock.systemUTC());
        user = new User(UUID.randomUUID(), UUID.randomUUID(), Role.CP, "Ravi", null, "+919812345678", "MH", null,
                true, false, false, Instant.now(), Instant.now());
        token = tokens.issue(user);
        hasher = new PasswordHasher();
        hash = hasher.hash(PASSWORD);
    }

    @Benchmark
    public Caller verifyAccessToken() {
        return tokens.verify(token);
    }

    @Benchmark
    public String issueAccessToken() {
        return tokens.issue(user);
    }

    @Benchmark
    public String hashPassword() {
        return hasher.hash(PASSWORD);
    }

    @Benchmark
    public boolean checkPassword() {
        return hasher.matches(hash, PASSWORD);
    }
}
