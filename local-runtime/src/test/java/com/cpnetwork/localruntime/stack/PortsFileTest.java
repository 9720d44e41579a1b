package com.cpnetwork.localruntime.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortsFileTest {
    @TempDir
    Path data;

    @Test
    void firstAskChoosesAFreePortAndWritesItDown() throws Exception {
        int port = PortsFile.in(data).port("database").port();

        assertThat(Ports.inUse(port)).isFalse();
        assertThat(Files.readString(data.resolve("ports.json"))).contains("\"database\" : " + port);
    }

    @Test
    void laterStartsGetTheRememberedPorts() {
        PortsFile first = PortsFile.in(data);
        int database = first.port("database").port();
        int blob = first.port("blob").port();

        PortsFile again = PortsFile.in(data);

        assertThat(again.port("database").port()).isEqualTo(database);
        assertThat(again.port("blob").port()).isEqualTo(blob);
    }

    @Test
    void eachServerGetsAPortOfItsOwn() {
        PortsFile ports = PortsFile.in(data);

        assertThat(ports.port("blob").port()).isNotEqualTo(ports.port("queue").port()).isNotEqualTo(ports.port("table").port());
    }

    @Test
    void refusalOfARememberedPortSaysWhereItComesFrom() {
        StackPort port = PortsFile.in(data).port("database");

        assertThat(port.origin()).isEqualTo("remembered in " + data.resolve("ports.json"));
        assertThat(port.remedy()).contains("delete " + data.resolve("ports.json"));
    }

    @Test
    void unreadableFileIsAClearError() throws Exception {
        Files.writeString(data.resolve("ports.json"), "not json");

        assertThatThrownBy(() -> PortsFile.in(data))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(data.resolve("ports.json") + " is not a ports file")
                .hasMessageContaining("delete it to choose new ports");
    }
}
