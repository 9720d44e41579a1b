package com.cpnetwork.localruntime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BlobPathPatternTest {

    @Test
    void nameSpansFoldersAsOnTheHost() {
        BlobPathPattern pattern = BlobPathPattern.parse("uploads/{name}");
        assertThat(pattern.container()).isEqualTo("uploads");
        assertThat(pattern.prefix()).isEmpty();
        assertThat(pattern.match("a/b/c.pdf")).hasValue(Map.of("name", "a/b/c.pdf"));
    }

    @Test
    void partsAroundLiteralsBindSeparately() {
        BlobPathPattern pattern = BlobPathPattern.parse("uploads/{org}/{doc}.{ext}");
        assertThat(pattern.match("acme/report.v2.pdf")).hasValue(Map.of("org", "acme", "doc", "report.v2", "ext", "pdf"));
        assertThat(pattern.match("acme-without-folder.pdf")).isEmpty();
        assertThat(pattern.match("acme/no-extension")).isEmpty();
    }

    @Test
    void literalStartOfTheNameNarrowsTheListing() {
        BlobPathPattern pattern = BlobPathPattern.parse("docs/invoices/{id}.pdf");
        assertThat(pattern.prefix()).isEqualTo("invoices/");
        assertThat(pattern.match("invoices/42.pdf")).hasValue(Map.of("id", "42"));
        assertThat(pattern.match("other/42.pdf")).isEmpty();
    }

    @Test
    void containerAloneMatchesEveryBlob() {
        assertThat(BlobPathPattern.parse("uploads").match("any/thing")).hasValue(Map.of());
    }

    @Test
    void pathMustStartWithAContainer() {
        assertThatThrownBy(() -> BlobPathPattern.parse("{container}/x")).hasMessageContaining("container");
    }
}
