package com.cpnetwork.localruntime.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PortHolderTest {

    @Test
    void namesThePidWorkingDirectoryAndCommandOfTheProcessListening() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            assertThat(PortHolder.describe(socket.getLocalPort())).hasValueSatisfying(holder -> assertThat(holder)
                    .startsWith("pid " + ProcessHandle.current().pid() + " in " + Path.of("").toAbsolutePath() + " (")
                    .contains("java"));
        }
    }

    @Test
    void nothingListeningIsEmpty() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertThat(PortHolder.describe(port)).isEmpty();
    }
}
