package com.cpnetwork.localruntime;

import java.io.IOException;
import java.time.Duration;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** The Jetty server in front of the HTTP functions, on all interfaces like {@code func start}. */
final class HttpTriggerServer implements AutoCloseable {
    /** The host refuses request bodies over 100 MB. */
    private static final long MAX_REQUEST_BYTES = 100L * 1024 * 1024;
    /**
     * Idle keep-alive connections hold no thread, so this bounds only the requests running at once; the rest wait
     * in Jetty's queue. Enough for 600 busy connections on a laptop without a thread per connection.
     */
    private static final int MAX_THREADS = 256;
    private static final int MIN_THREADS = 8;
    /** Room for a burst of new connections (a load test opening hundreds at once) before the kernel refuses some. */
    private static final int ACCEPT_QUEUE = 1024;

    private final Server server;
    private final ServerConnector connector;

    HttpTriggerServer(int port, Handler handler, Duration stopTimeout) {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, MIN_THREADS);
        threads.setName("http");
        server = new Server(threads);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        // Jetty would refuse ambiguous paths (`//`, `..%2F`, `%2e%2e`) while reading the request and hand its error
        // handler a request without headers; let them through so HttpTriggerHandler refuses them knowing the client's
        // X-Request-Id. Every other violation is still refused here.
        config.setUriCompliance(UriCompliance.DEFAULT.with("AMBIGUOUS_REFUSED_BY_HANDLER",
                UriCompliance.AMBIGUOUS_VIOLATIONS.toArray(UriCompliance.Violation[]::new)));
        connector = new ServerConnector(server, new HttpConnectionFactory(config));
        connector.setPort(port);
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        server.addConnector(connector);
        SizeLimitHandler sizeLimit = new SizeLimitHandler(MAX_REQUEST_BYTES, -1);
        sizeLimit.setHandler(handler);
        // GracefulHandler lets stop() wait for requests in flight, up to the stop timeout.
        server.setHandler(new GracefulHandler(sizeLimit));
        server.setStopTimeout(stopTimeout.toMillis());
        server.setErrorHandler(new HostErrorHandler());
    }

    void start() {
        try {
            server.start();
        } catch (IOException e) {
            throw new FunctionAppException("Cannot listen on port " + connector.getPort() + ": " + e.getMessage(), e);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the HTTP server", e);
        }
    }

    int port() {
        return connector.getLocalPort();
    }

    /** Stops accepting, waits for requests in flight up to the stop timeout, and stops. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot stop the HTTP server", e);
        }
    }
}
