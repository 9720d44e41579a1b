package com.cpnetwork.localruntime.stack;

/**
 * A port one of the stack's own servers is to listen on, with where the port came from and what to change when it is
 * taken, so that a refusal can say all of it in one line.
 *
 * @param port   the TCP port on 127.0.0.1
 * @param server what listens there, such as {@code database} or {@code blob}
 * @param origin where the port came from, such as {@code DB_URL} or {@code remembered in .local/ports.json}
 * @param remedy what the user can do when another process holds it
 */
record StackPort(int port, String server, String origin, String remedy) {

    /** Refuses, naming the port and (when it can be told) the process holding it, when something listens there already. */
    void requireFree() {
        if (Ports.inUse(port)) {
            throw new IllegalStateException("Port " + port + " (" + server + ", " + origin + ") is in use"
                    + PortHolder.describe(port).map(holder -> " by " + holder).orElse("") + "; " + remedy);
        }
    }
}
