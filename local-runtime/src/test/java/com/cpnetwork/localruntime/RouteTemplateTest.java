package com.cpnetwork.localruntime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RouteTemplateTest {

    private static Optional<Map<String, String>> match(String template, String path) {
        return RouteTemplate.parse(template).match(RouteTemplate.split(path));
    }

    private static List<String> byPrecedence(String... templates) {
        return Stream.of(templates).map(RouteTemplate::parse).sorted(Comparator.naturalOrder()).map(Object::toString).toList();
    }

    @Test
    void literalSegmentsMatchCaseInsensitively() {
        assertThat(match("api/items/special", "API/Items/SPECIAL")).hasValue(Map.of());
        assertThat(match("api/items/special", "api/items/other")).isEmpty();
    }

    @Test
    void parameterTakesOneSegment() {
        assertThat(match("api/items/{id}", "api/items/abc-1")).hasValue(Map.of("id", "abc-1"));
        assertThat(match("api/items/{id}", "api/items/a/b")).isEmpty();
        assertThat(match("api/items/{id}", "api/items")).isEmpty();
    }

    @Test
    void intConstraintAcceptsOnlyIntegersInRange() {
        assertThat(match("items/{id:int}", "items/42")).hasValue(Map.of("id", "42"));
        assertThat(match("items/{id:int}", "items/-7")).hasValue(Map.of("id", "-7"));
        assertThat(match("items/{id:int}", "items/4x")).isEmpty();
        assertThat(match("items/{id:int}", "items/3000000000")).isEmpty();
        assertThat(match("items/{id:long}", "items/3000000000")).isPresent();
    }

    @Test
    void guidConstraintAcceptsTheDotNetFormats() {
        assertThat(match("items/{id:guid}", "items/0f8fad5b-d9cb-469f-a165-70867728950e")).isPresent();
        assertThat(match("items/{id:guid}", "items/0F8FAD5BD9CB469FA16570867728950E")).isPresent();
        assertThat(match("items/{id:guid}", "items/{0f8fad5b-d9cb-469f-a165-70867728950e}")).isPresent();
        assertThat(match("items/{id:guid}", "items/0f8fad5b-d9cb-469f-a165")).isEmpty();
    }

    @Test
    void alphaAndBoolConstraints() {
        assertThat(match("items/{name:alpha}", "items/Abc")).isPresent();
        assertThat(match("items/{name:alpha}", "items/abc1")).isEmpty();
        assertThat(match("flags/{on:bool}", "flags/TRUE")).isPresent();
        assertThat(match("flags/{on:bool}", "flags/yes")).isEmpty();
    }

    @Test
    void optionalParameterMatchesWithOrWithoutItsSegment() {
        assertThat(match("opt/{id?}", "opt/5")).hasValue(Map.of("id", "5"));
        assertThat(match("opt/{id?}", "opt")).get().satisfies(values -> {
            assertThat(values).containsKey("id");
            assertThat(values.get("id")).isNull();
        });
        assertThat(match("opt/{id?}", "opt/5/6")).isEmpty();
    }

    @Test
    void catchAllTakesTheRestOfThePathOrNothing() {
        assertThat(match("files/{*path}", "files/a/b/c.txt")).hasValue(Map.of("path", "a/b/c.txt"));
        assertThat(match("files/{*path}", "files")).get().satisfies(values -> assertThat(values.get("path")).isNull());
        assertThat(match("{*path}", "anything/at/all")).hasValue(Map.of("path", "anything/at/all"));
    }

    @Test
    void catchAllRouteLosesToLiteralRoute() {
        assertThat(byPrecedence("api/{*path}", "api/items/special")).containsExactly("api/items/special", "api/{*path}");
    }

    @Test
    void precedenceIsLiteralThenConstrainedThenParameterThenOptionalThenCatchAll() {
        assertThat(byPrecedence("items/{*rest}", "items/{id?}", "items/{id}", "items/{id:int}", "items/special"))
                .containsExactly("items/special", "items/{id:int}", "items/{id}", "items/{id?}", "items/{*rest}");
    }

    @Test
    void precedenceIsDecidedSegmentBySegment() {
        assertThat(byPrecedence("{a}/special", "items/{b}")).containsExactly("items/{b}", "{a}/special");
        assertThat(byPrecedence("items/{id?}", "items")).containsExactly("items", "items/{id?}");
    }

    @Test
    void unsupportedTemplatesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> RouteTemplate.parse("items/{id:regex}")).hasMessageContaining("':regex' is not supported");
        assertThatThrownBy(() -> RouteTemplate.parse("files/{name}.{ext}")).hasMessageContaining("is not supported");
        assertThatThrownBy(() -> RouteTemplate.parse("files/{*path}/more")).hasMessageContaining("catch-all");
        assertThatThrownBy(() -> RouteTemplate.parse("items/{id?}/more")).hasMessageContaining("optional");
    }
}
