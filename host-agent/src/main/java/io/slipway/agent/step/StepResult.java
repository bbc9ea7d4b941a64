package io.slipway.agent.step;

import java.util.Map;

/** A step's verified success and the facts it reports ({@code domid}, {@code pages}, ...). */
public record StepResult(Map<String, String> outputs) {
    public StepResult {
        outputs = Map.copyOf(outputs);
    }

    public static StepResult of(String... keyValues) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return new StepResult(map);
    }
}
