package io.slipway.orchestrator.eventstore;

import io.slipway.orchestrator.creation.DomainEvent;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Serialises stored events: type = simple record name, payload = the record as JSON. */
@Component
public class EventCodec {
    private static final Map<String, Class<?>> TYPES =
            Arrays.stream(DomainEvent.class.getPermittedSubclasses())
                    .collect(
                            Collectors.toUnmodifiableMap(
                                    Class::getSimpleName, Function.identity()));

    private final JsonMapper mapper =
            JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    public String type(DomainEvent event) {
        return event.getClass().getSimpleName();
    }

    public String payload(DomainEvent event) {
        return mapper.writeValueAsString(event);
    }

    public DomainEvent decode(String type, String payload) {
        Class<?> target = TYPES.get(type);
        if (target == null) {
            throw new IllegalStateException("unknown stored event type " + type);
        }
        return (DomainEvent) mapper.readValue(payload, target);
    }

    public JsonMapper mapper() {
        return mapper;
    }
}
