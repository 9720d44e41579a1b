package com.cpnetwork.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of a dependency (PostgreSQL, Azurite) that can stall it the way a frozen server or a dead
 * network does: connections stay open but no byte gets through, in either direction, until {@link #resume()}.
 * New connections are accepted but also stall. It also counts the bytes the dependency sent, so a test can see how much
 * was read. Threads are daemons; {@link #close()} drops every connection.
 */
public final class StallingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Object gate = new Object();
    private volatile boolean stalled;
    private volatile boolean closed;
    private final AtomicLong fromTarget = new AtomicLong();

    private StallingProxy(int targetPort) throws IOException {
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        daemon(this::accept, "proxy-accept-" + targetPort);
    }

    /** A proxy on a free loopback port forwarding to {@code 127.0.0.1:targetPort}. */
    public static StallingProxy to(int targetPort) {
        try {
            return new StallingProxy(targetPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** From now on nothing passes, as if the server were frozen (SIGSTOP) or the network silently dropped packets. */
    public void stall() {
        stalled = true;
    }

    /** Bytes flow again, including those held back. */
    public void resume() {
        synchronized (gate) {
            stalled = false;
            gate.notifyAll();
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                // Each chunk is flushed as it comes; without this, Nagle's algorithm and delayed ACKs add ~40 ms stalls.
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(upstream);
                daemon(() -> pump(client, upstream, new AtomicLong()), "proxy-up");
                daemon(() -> pump(upstream, client, fromTarget), "proxy-down");
            } catch (IOException e) {
                if (!closed) {
                    continue;
                }
                return;
            }
        }
    }

    /** Bytes the dependency has sent through the proxy since it started or since the last {@link #resetCount()}. */
    public long bytesFromTarget() {
        return fromTarget.get();
    }

    public void resetCount() {
        fromTarget.set(0);
    }

    private void pump(Socket from, Socket to, AtomicLong counted) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                awaitFlowing();
                out.write(buffer, 0, read);
                out.flush();
                counted.addAndGet(read);
            }
        } catch (IOException | InterruptedException e) {
            // The other side closed or the proxy stopped; closing both ends below tells the peers.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void awaitFlowing() throws InterruptedException {
        synchronized (gate) {
            while (stalled && !closed) {
                gate.wait();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        resume();
        closeQuietly(server);
        sockets.forEach(StallingProxy::closeQuietly);
    }

    private static void daemon(Runnable work, String name) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Already closed.
        }
    }
}
