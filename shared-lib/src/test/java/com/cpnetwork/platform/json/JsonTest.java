package com.cpnetwork.platform.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Input is read strictly: a value of the wrong JSON type is refused, never converted. */
class JsonTest {

    enum Colour { RED, GREEN }

    record Sample(String name, Boolean flag, Integer count, Colour colour, LocalDate date, Instant at, BigDecimal price) {
    }

    private static Sample read(String json) throws JsonProcessingException {
        return Json.MAPPER.readValue(json, Sample.class);
    }

    @Test
    void valuesOfTheRightTypeAreRead() throws JsonProcessingException {
        Sample sample = read("""
                {"name": "Asha", "flag": true, "count": 3, "colour": "GREEN", "date": "2026-11-21",
                 "at": "2026-11-21T10:00:00Z", "price": "125000.50"}""");

        assertThat(sample).isEqualTo(new Sample("Asha", true, 3, Colour.GREEN, LocalDate.of(2026, 11, 21),
                Instant.parse("2026-11-21T10:00:00Z"), new BigDecimal("125000.50")));
        assertThat(read("{\"price\": 99.95}").price()).isEqualTo(new BigDecimal("99.95"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"name\": 42}", "{\"name\": 4.2}", "{\"name\": true}", "{\"name\": [\"a\"]}", "{\"name\": {}}",
            "{\"flag\": \"true\"}", "{\"flag\": 1}",
            "{\"count\": \"5\"}", "{\"count\": 1.9}", "{\"count\": 99999999999}",
            "{\"colour\": 0}", "{\"colour\": \"BLUE\"}",
            "{\"date\": \"+999999999-01-01\"}", "{\"date\": \"2026-02-30\"}", "{\"date\": 20260101}", "{\"date\": [2026, 1, 1]}",
            "{\"date\": \"21-11-2026\"}",
            "{\"at\": \"+999999999-01-01T00:00:00Z\"}", "{\"at\": 1700000000}", "{\"at\": \"2026-11-21T10:00:00\"}"})
    void aValueOfTheWrongTypeOrOutOfRangeIsRefused(String json) {
        assertThatThrownBy(() -> read(json)).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void trailingContentAfterTheValueIsRefused() {
        assertThatThrownBy(() -> Json.MAPPER.readTree("{\"name\": \"Asha\"} trailing")).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> Json.MAPPER.readTree("{} {}")).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> read("{\"name\": \"Asha\"}]")).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void duplicateKeysAreRefused() {
        assertThatThrownBy(() -> Json.MAPPER.readTree("{\"name\": \"a\", \"name\": \"b\"}")).isInstanceOf(JsonProcessingException.class);
    }
}
