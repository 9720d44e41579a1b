package com.cpnetwork.organizations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GstinTest {

    @Test
    void realGstinsPass() {
        assertThat(Gstin.problem("27AAPFU0939F1ZV")).isEmpty();
        assertThat(Gstin.problem("29AAGCB7383J1Z4")).isEmpty();
    }

    @Test
    void aTypingMistakeIsCaughtByTheCheckCharacter() {
        assertThat(Gstin.problem("27AAPFU0939F1ZW")).hasValueSatisfying(problem -> assertThat(problem).contains("check character"));
        assertThat(Gstin.problem("27AAPFU0399F1ZV")).isPresent();
    }

    @Test
    void anythingNotShapedLikeAGstinIsRefused() {
        assertThat(Gstin.problem("27aapfu0939f1zv")).isPresent();
        assertThat(Gstin.problem("27AAPFU0939F1Z")).isPresent();
        assertThat(Gstin.problem("27AAPFU0939F1AV")).isPresent();
    }

    @Test
    void theStateDigitsNameTheState() {
        assertThat(Gstin.isRegisteredIn("27AAPFU0939F1ZV", "MH")).isTrue();
        assertThat(Gstin.isRegisteredIn("27AAPFU0939F1ZV", "KA")).isFalse();
        assertThat(Gstin.isRegisteredIn("29AAGCB7383J1Z4", "KA")).isTrue();
    }
}
