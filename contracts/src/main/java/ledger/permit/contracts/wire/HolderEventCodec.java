package ledger.permit.contracts.wire;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import ledger.permit.contracts.holder.HolderEvent;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads and writes holder events in the wire format of the internal event topic. */
public final class HolderEventCodec {

    private static final ObjectMapper MAPPER = newMapper();

    private static final Map<String, Class<? extends HolderEvent>> TYPES = Arrays
            .stream(HolderEvent.class.getPermittedSubclasses())
            .map(c -> c.asSubclass(HolderEvent.class))
            .collect(Collectors.toUnmodifiableMap(HolderEventCodec::key, Function.identity()));

    /** A reader of each event type's payload, made once (a reader per call builds the type each time). */
    private static final Map<Class<? extends HolderEvent>, ObjectReader> READERS = TYPES.values().stream()
            .collect(Collectors.toUnmodifiableMap(Function.identity(), MAPPER::readerFor));
    private static final ObjectReader ENVELOPE = MAPPER.readerFor(HolderEventEnvelope.class);
    private static final ObjectWriter RAW_ENVELOPE = MAPPER.writerFor(RawEnvelope.class);

    private HolderEventCodec() {
    }

    /**
     * The JSON settings of every message the ledger writes: ISO dates (read by {@link IsoDates}), no unknown fields
     * accepted.
     */
    public static ObjectMapper newMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(IsoDates.module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    /** The wire name and version of a message class (an event, or a public message). */
    public static WireType wireTypeOf(Class<?> type) {
        WireType wire = type.getAnnotation(WireType.class);
        if (wire == null) {
            throw new IllegalStateException(type.getName() + " has no @WireType: it cannot go on a topic");
        }
        return wire;
    }

    public static HolderEventEnvelope envelope(String eventId, long sequence, Instant recordedAt, HolderEvent event) {
        WireType wire = wireTypeOf(event.getClass());
        return new HolderEventEnvelope(eventId, wire.name(), wire.version(), event.holderId().toString(), sequence,
                recordedAt, MAPPER.valueToTree(event));
    }

    /**
     * The envelope of an event whose payload is at hand as JSON text already (as the event store holds it, written
     * by a mapper from {@link #newMapper()}): the same text {@link #write(HolderEventEnvelope)} gives for the
     * envelope of that event, without reading the payload into its event and writing it again.
     *
     * @param payloadType the event's class, whose {@link WireType} names it
     */
    public static String write(String eventId, Class<?> payloadType, String holderId, long sequence,
                               Instant recordedAt, String payloadJson) {
        WireType wire = wireTypeOf(payloadType);
        try {
            return RAW_ENVELOPE.writeValueAsString(new RawEnvelope(eventId, wire.name(), wire.version(), holderId,
                    sequence, recordedAt, payloadJson));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("holder event cannot be written as JSON", e);
        }
    }

    /** {@link HolderEventEnvelope}'s fields in its order, the payload as JSON text written as it is. */
    private record RawEnvelope(String eventId, String type, int version, String holderId, long sequence,
                               Instant recordedAt, @JsonRawValue String payload) {
    }

    public static String write(HolderEventEnvelope envelope) {
        try {
            return MAPPER.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("holder event cannot be written as JSON", e);
        }
    }

    public static HolderEventEnvelope read(String json) {
        try {
            return ENVELOPE.readValue(json);
        } catch (JsonProcessingException e) {
            throw new MalformedMessageException("not a holder event envelope: " + e.getOriginalMessage(), e);
        }
    }

    public static HolderEvent payload(HolderEventEnvelope envelope) {
        Class<? extends HolderEvent> type = type(envelope.type(), envelope.version());
        try {
            return MAPPER.treeToValue(envelope.payload(), type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new MalformedMessageException("payload of " + envelope.type() + " cannot be read", e);
        }
    }

    /** A payload kept apart from its envelope: the JSON text of an event of the given wire type and version. */
    public static HolderEvent payload(String type, int version, String json) {
        Class<? extends HolderEvent> eventType = type(type, version);
        try {
            return READERS.get(eventType).readValue(json);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new MalformedMessageException("payload of " + type + " cannot be read", e);
        }
    }

    private static Class<? extends HolderEvent> type(String name, int version) {
        Class<? extends HolderEvent> type = TYPES.get(name + ".v" + version);
        if (type == null) {
            throw new MalformedMessageException("unknown holder event type " + name + " version " + version, null);
        }
        return type;
    }

    private static String key(Class<? extends HolderEvent> type) {
        WireType wire = wireTypeOf(type);
        return wire.name() + ".v" + wire.version();
    }
}
