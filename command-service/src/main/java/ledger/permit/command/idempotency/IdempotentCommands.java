package ledger.permit.command.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ledger.permit.contracts.holder.HolderCommand;
import ledger.permit.contracts.wire.HolderEventCodec;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Commands sent with an idempotency key (metadata {@value #KEY}, from the {@code Idempotency-Key} header):
 * the first is handled and its result stored in the same transaction as its events; a retry with the same
 * key gets that result back and appends nothing. Two requests with one key at once: the second waits for the
 * first's transaction, then gets its result. The same key with a different request is refused.
 */
@Component
public class IdempotentCommands implements MessageHandlerInterceptor<CommandMessage<?>> {

    public static final String KEY = "idempotencyKey";
    private static final String CLAIMED = IdempotentCommands.class.getName() + ".claimed";
    private static final ObjectMapper JSON = HolderEventCodec.newMapper();

    private final JdbcTemplate jdbc;

    IdempotentCommands(JdbcTemplate jdbc, CommandBus commandBus) {
        this.jdbc = jdbc;
        commandBus.registerHandlerInterceptor(this);
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        CommandMessage<?> command = unitOfWork.getMessage();
        Object key = command.getMetaData().get(KEY);
        // once per unit of work, however many times the interceptor is registered
        if (!(key instanceof String idempotencyKey) || unitOfWork.resources().putIfAbsent(CLAIMED, true) != null) {
            return chain.proceed();
        }
        String fingerprint = fingerprint(command.getPayload());
        // runs in the unit of work's transaction; waits for a concurrent holder of the same key to finish
        int claimed = jdbc.update("INSERT INTO idempotency_key (idempotency_key, fingerprint, command_type) "
                + "VALUES (?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING", idempotencyKey, fingerprint,
                command.getPayloadType().getSimpleName());
        if (claimed == 0) {
            return replay(idempotencyKey, fingerprint);
        }
        Object result = chain.proceed();
        store(idempotencyKey, result instanceof ResultMessage<?> message ? message.getPayload() : result);
        return result;
    }

    private Object replay(String key, String fingerprint) throws ClassNotFoundException, JsonProcessingException {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT fingerprint, result_type, result FROM idempotency_key WHERE idempotency_key = ?", key);
        Map<String, Object> row = rows.getFirst();
        if (!fingerprint.equals(row.get("fingerprint"))) {
            throw new IdempotencyKeyReused(key);
        }
        String type = (String) row.get("result_type");
        return type == null ? null : JSON.readValue((String) row.get("result"), Class.forName(type));
    }

    private void store(String key, Object result) {
        try {
            jdbc.update("UPDATE idempotency_key SET result_type = ?, result = ? WHERE idempotency_key = ?",
                    result == null ? null : result.getClass().getName(),
                    result == null ? null : JSON.writeValueAsString(result), key);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the result of a command cannot be stored", e);
        }
    }

    /** What the request asked for: the command's fields, without the holder a first application is given. */
    static String fingerprint(Object payload) {
        ObjectNode fields = JSON.valueToTree(payload);
        if (payload instanceof HolderCommand.ApplyPermit) {
            fields.remove("holderId");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    (payload.getClass().getName() + fields).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key was used before for a different request: nothing of this one is recorded. */
    public static final class IdempotencyKeyReused extends RuntimeException {
        IdempotencyKeyReused(String key) {
            super("the Idempotency-Key " + key + " was used before for a different request");
        }
    }
}
