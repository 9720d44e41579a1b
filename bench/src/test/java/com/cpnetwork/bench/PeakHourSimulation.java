package com.cpnetwork.bench;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.doIfOrElse;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The peak hour: an open workload (new users arrive at a rate, whatever the app's speed) of people who think between
 * clicks, growing to about 10 % over {@code bench.users} (600) at once and holding there {@code bench.steadySeconds}
 * (90 s).
 *
 * <ul>
 *   <li>A CP (3 arrivals in 4) opens the app: one session in four signs in with the phone and the SMS code from the
 *       local outbox (spread so a CP asks for at most two codes in the run, under the app's five per 15 minutes), the
 *       others carry on with the token their app kept. Then four times: lists their leads, opens one, moves one of the
 *       page's open leads one step forward, brings in a new lead.</li>
 *   <li>A KAM (1 in 10) signs in with their password and lists their CPs' leads eight times.</li>
 *   <li>A customer (3 in 20) opens the customer app the same way a CP does (one session in four with a new SMS code)
 *       and twice: lists the quotations shared with them, opens one.</li>
 * </ul>
 *
 * Think time between two clicks: 2 to 6 s. Each flow is one entry of {@link #populations}. The number of users in the
 * app at each second is written to {@code run/gatling-users.tsv}.
 */
public class PeakHourSimulation extends Simulation {

    private static final int USERS = Integer.getInteger("bench.users", 600);
    private static final int STEADY_SECONDS = Integer.getInteger("bench.steadySeconds", 90);
    private static final Duration THINK_MIN = Duration.ofSeconds(2);
    private static final Duration THINK_MAX = Duration.ofSeconds(6);
    private static final int CP_ROUNDS = 4;
    private static final int KAM_ROUNDS = 8;
    private static final int CUSTOMER_ROUNDS = 2;
    /** Seconds a session lasts: its think times (4 s on average) and a little for requests and the SMS. */
    private static final double CP_SESSION_SECONDS = CP_ROUNDS * 4 * 4.0 + 2;
    private static final double KAM_SESSION_SECONDS = KAM_ROUNDS * 4.0 + 1;
    private static final double CUSTOMER_SESSION_SECONDS = CUSTOMER_ROUNDS * 2 * 4.0 + 2;
    private static final double KAM_SHARE = 0.1;
    private static final double CUSTOMER_SHARE = 0.15;
    private static final double CP_SHARE = 1 - KAM_SHARE - CUSTOMER_SHARE;
    private static final int RAMP_SECONDS = 30;

    private static final BenchDir DIR = BenchDir.fromSystemProperties();
    private static final SmsCodes CODES = SmsCodes.watch(DIR.outbox());
    private static final AtomicInteger ACTIVE = new AtomicInteger();
    private static final List<String> CONCURRENCY = new ArrayList<>();

    private final HttpProtocolBuilder protocol = http.baseUrl(BenchDir.baseUrl())
            .acceptHeader("application/json")
            .contentTypeHeader("application/json")
            .disableWarmUp();

    public PeakHourSimulation() {
        // Arrival rate λ with sessions of length D keeps λ·D users in the app once D seconds have passed. Think times
        // are random, so the count wanders around λ·D: aim 10 % above the target to stay at or over it.
        double perSecond = USERS * 1.1 / (CP_SHARE * CP_SESSION_SECONDS + KAM_SHARE * KAM_SESSION_SECONDS
                + CUSTOMER_SHARE * CUSTOMER_SESSION_SECONDS);
        int constantSeconds = (int) Math.ceil(CP_SESSION_SECONDS) + STEADY_SECONDS;
        setUp(populations(perSecond, constantSeconds)).protocols(protocol);
    }

    private List<PopulationBuilder> populations(double perSecond, int constantSeconds) {
        return List.of(
                arriving(cp(), perSecond * CP_SHARE, constantSeconds),
                arriving(kam(), perSecond * KAM_SHARE, constantSeconds),
                arriving(customer(), perSecond * CUSTOMER_SHARE, constantSeconds));
    }

    private static PopulationBuilder arriving(ScenarioBuilder scenario, double perSecond, int constantSeconds) {
        return scenario.injectOpen(
                rampUsersPerSec(0.1).to(perSecond).during(RAMP_SECONDS),
                constantUsersPerSec(perSecond).during(constantSeconds));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // CP

    private ScenarioBuilder cp() {
        return scenario("CP")
                .feed(phoneUsers(DIR.file("cps.tsv"), row -> Map.of("cpId", row[0], "phone", row[1], "state", row[2], "keptToken", row[3])))
                .exec(enter())
                .exec(signInOrKeepToken("CP"))
                // A user whose request failed leaves (counted once), rather than failing every click after it.
                .exitHereIfFailed()
                .repeat(CP_ROUNDS).on(
                        exec(http("CP lists leads").get("/api/v1/leads?limit=50").header("Authorization", "Bearer #{token}")
                                .check(status().is(200), jsonPath("$.items[*]").ofMap().findAll().saveAs("page")))
                                .exitHereIfFailed()
                                .pause(THINK_MIN, THINK_MAX)
                                .exec(PeakHourSimulation::chooseLeads)
                                .exec(http("CP opens a lead").get("/api/v1/leads/#{leadId}").header("Authorization", "Bearer #{token}")
                                        .check(status().is(200)))
                                .pause(THINK_MIN, THINK_MAX)
                                .exec(doIf(session -> session.contains("moveId")).then(
                                        exec(http("CP moves a lead forward").patch("/api/v1/leads/#{moveId}")
                                                .header("Authorization", "Bearer #{token}")
                                                .body(StringBody("{\"status\":\"#{moveTo}\"}")).check(status().is(200)))))
                                .pause(THINK_MIN, THINK_MAX)
                                .exec(session -> session.set("newPhone", String.format("+9199%08d", ThreadLocalRandom.current().nextInt(100_000_000))))
                                .exec(http("CP creates a lead").post("/api/v1/leads").header("Authorization", "Bearer #{token}")
                                        .body(StringBody("""
                                                {"customerName":"Walk-in #{newPhone}","customerPhone":"#{newPhone}","address":"Shop 4, Station Road",
                                                 "stateCode":"#{state}","services":[{"type":"SOLAR_ROOFTOP","details":"About 5 kW"}]}"""))
                                        .check(status().is(201)))
                                .pause(THINK_MIN, THINK_MAX))
                .exec(leave());
    }

    /**
     * The rows of a phone user's file, round and round, each marked whether this session signs in anew: laps shift
     * which rows sign in, so each person signs in at most every fourth lap.
     */
    private static java.util.function.Supplier<Iterator<Map<String, Object>>> phoneUsers(java.nio.file.Path file,
            java.util.function.Function<String[], Map<String, Object>> columns) {
        Iterator<Map<String, Object>> rows = circular(file, columns);
        int size = BenchDir.readTsv(file).size();
        AtomicLong sessions = new AtomicLong();
        return () -> Stream.generate(() -> {
            long n = sessions.getAndIncrement();
            Map<String, Object> row = new java.util.HashMap<>(next(rows));
            row.put("signIn", ((n % size) + (n / size)) % 4 == 0);
            return row;
        }).iterator();
    }

    /** A new sign-in with the phone and its SMS code, or the token the app kept ({@code keptToken}). */
    private static ChainBuilder signInOrKeepToken(String role) {
        String who = role.equals("CP") ? "CP" : "Customer";
        return doIfOrElse(session -> session.getBoolean("signIn")).then(exec(session -> session.set("asked", Instant.now()))
                .exec(http(who + " signs in: asks for a code").post("/api/v1/auth/login").body(StringBody("{\"phone\":\"#{phone}\"}"))
                        .check(status().is(202)))
                .asLongAsDuring(session -> code(session).isEmpty(), Duration.ofSeconds(20)).on(pause(Duration.ofMillis(100)))
                .exec(session -> session.set("otp", code(session).orElse("000000")))
                .exec(http(who + " signs in: enters the code").post("/api/v1/auth/login")
                        .body(StringBody("{\"phone\":\"#{phone}\",\"otp\":\"#{otp}\",\"role\":\"" + role + "\"}"))
                        .check(status().is(200), jsonPath("$.accessToken").saveAs("token"))))
                .orElse(exec(session -> session.set("token", session.getString("keptToken"))));
    }

    private static java.util.Optional<String> code(Session session) {
        return CODES.codeFor(session.getString("phone"), session.get("asked"));
    }

    /** A lead of the page to open, and one of its open leads to move one step forward (none when the page has none). */
    private static Session chooseLeads(Session session) {
        List<Map<String, Object>> page = session.getList("page");
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Session chosen = session.remove("moveId");
        if (page.isEmpty()) {
            return chosen.markAsFailed();
        }
        chosen = chosen.set("leadId", page.get(random.nextInt(page.size())).get("id"));
        List<Map<String, Object>> movable = page.stream().filter(lead -> NEXT.containsKey(String.valueOf(lead.get("status")))).toList();
        if (movable.isEmpty()) {
            return chosen;
        }
        Map<String, Object> lead = movable.get(random.nextInt(movable.size()));
        return chosen.set("moveId", lead.get("id")).set("moveTo", NEXT.get(String.valueOf(lead.get("status"))));
    }

    /** One step forward without an override; WON → EXECUTED needs an accepted quotation, so it is not tried. */
    private static final Map<String, String> NEXT = Map.of("NEW", "IN_DISCUSSION", "IN_DISCUSSION", "PHYSICAL_MEETING",
            "PHYSICAL_MEETING", "CUSTOMER_ACCEPTED", "CUSTOMER_ACCEPTED", "WON");

    // ---------------------------------------------------------------------------------------------------------------
    // KAM

    private ScenarioBuilder kam() {
        Iterator<Map<String, Object>> kams = circular(DIR.file("kams.tsv"), row -> Map.of("email", row[1], "password", row[2]));
        return scenario("KAM")
                .feed(() -> Stream.generate(() -> next(kams)).iterator())
                .exec(enter())
                .exec(http("KAM signs in").post("/api/v1/auth/login").body(StringBody("{\"email\":\"#{email}\",\"password\":\"#{password}\"}"))
                        .check(status().is(200), jsonPath("$.accessToken").saveAs("token")))
                .exitHereIfFailed()
                .repeat(KAM_ROUNDS).on(
                        pause(THINK_MIN, THINK_MAX)
                                .exec(http("KAM lists leads").get("/api/v1/leads?limit=50").header("Authorization", "Bearer #{token}")
                                        .check(status().is(200))))
                .exec(leave());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Customer

    private ScenarioBuilder customer() {
        return scenario("Customer")
                .feed(phoneUsers(DIR.file("customers.tsv"), row -> Map.of("customerId", row[0], "phone", row[1], "keptToken", row[2])))
                .exec(enter())
                .exec(signInOrKeepToken("CUSTOMER"))
                .exitHereIfFailed()
                .repeat(CUSTOMER_ROUNDS).on(
                        pause(THINK_MIN, THINK_MAX)
                                .exec(http("Customer lists quotations").get("/api/v1/quotations").header("Authorization", "Bearer #{token}")
                                        .check(status().is(200), jsonPath("$.items[*].id").findAll().saveAs("quotationIds")))
                                .exitHereIfFailed()
                                .pause(THINK_MIN, THINK_MAX)
                                .exec(session -> {
                                    List<String> ids = session.getList("quotationIds");
                                    return session.set("quotationId", ids.get(ThreadLocalRandom.current().nextInt(ids.size())));
                                })
                                .exec(http("Customer opens a quotation").get("/api/v1/quotations/#{quotationId}")
                                        .header("Authorization", "Bearer #{token}").check(status().is(200))))
                .exec(leave());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Plumbing

    private static ChainBuilder enter() {
        return exec(session -> {
            ACTIVE.incrementAndGet();
            return session;
        });
    }

    private static ChainBuilder leave() {
        return exec(session -> {
            ACTIVE.decrementAndGet();
            return session;
        });
    }

    private static Iterator<Map<String, Object>> circular(java.nio.file.Path file, java.util.function.Function<String[], Map<String, Object>> row) {
        List<Map<String, Object>> rows = BenchDir.readTsv(file).stream().map(row).toList();
        AtomicLong next = new AtomicLong();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Map<String, Object> next() {
                return rows.get((int) (next.getAndIncrement() % rows.size()));
            }
        };
    }

    private static synchronized Map<String, Object> next(Iterator<Map<String, Object>> rows) {
        return rows.next();
    }

    @Override
    public void before() {
        Thread sampler = new Thread(() -> {
            long started = System.nanoTime();
            while (!Thread.currentThread().isInterrupted()) {
                synchronized (CONCURRENCY) {
                    CONCURRENCY.add(List.of((System.nanoTime() - started) / 1_000_000_000L, ACTIVE.get()).toString());
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "active-users");
        sampler.setDaemon(true);
        sampler.start();
    }

    @Override
    public void after() {
        synchronized (CONCURRENCY) {
            List<List<Object>> rows = CONCURRENCY.stream().map(text -> {
                String[] parts = text.replaceAll("[\\[\\] ]", "").split(",");
                return List.<Object>of(parts[0], parts[1]);
            }).toList();
            BenchDir.writeTsv(DIR.file("gatling-users.tsv"), rows);
        }
    }
}
