package io.slipway.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.cli.api.Problem;
import io.slipway.cli.api.Reply;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProblemTextTests {
    private static Reply reply(int status, String body) {
        return new Reply(
                status,
                HttpHeaders.of(Map.of(), (a, b) -> true),
                body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anInvalidDescriptionShowsEveryErrorAtItsLineAndColumnCompilerStyle() {
        // the shape ProblemAdvice writes for a DeviceTreeException
        Problem p =
                Problem.of(
                        reply(
                                400,
                                """
                                {"type":"https://slipway.io/problems/invalid-description",
                                 "title":"Invalid guest description","status":400,
                                 "detail":"2 problem(s) in the guest description: 9:9: /domain memory: length 4",
                                 "errors":[
                                   {"node":"/domain","message":"cpus: required property missing"},
                                   {"node":"/domain","property":"memory","line":9,"column":9,
                                    "message":"length 4, expected 8 (u64)","text":"9:9: ..."},
                                   {"byteOffset":72,"message":"bad token"}]}
                                """));

        assertThat(ProblemText.render(p, "bad.dts"))
                .isEqualTo(
                        """
                        error: Invalid guest description (400): 3 error(s)
                          bad.dts:9:9: /domain memory: length 4, expected 8 (u64)
                          bad.dts: /domain: cpus: required property missing
                          bad.dts: offset 72: bad token""");
    }

    @Test
    void aPlainProblemIsOneLineAndADetailEqualToTheTitleIsNotRepeated() {
        assertThat(
                        ProblemText.render(
                                new Problem(409, "Rebuild in progress", "another runs", List.of()),
                                null))
                .isEqualTo("error: Rebuild in progress (409): another runs");
        assertThat(ProblemText.render(new Problem(404, "Not Found", "Not Found", List.of()), null))
                .isEqualTo("error: Not Found (404)");
    }

    @Test
    void aBodyThatIsNotAProblemShowsTheStatusAndTheStartOfTheTextWithoutControlCharacters() {
        Problem p = Problem.of(reply(502, "<html>Bad\u001b[31m gateway</html>" + "x".repeat(500)));
        String text = ProblemText.render(p, null);
        assertThat(text).startsWith("error: HTTP 502 (502): <html>Bad [31m gateway</html>");
        assertThat(text).doesNotContain("\u001b").endsWith("...");
        assertThat(text.length()).isLessThan(260);
    }
}
