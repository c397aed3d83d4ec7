package ledger.permit.projector;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Only in the running service ({@code ledger.live}, default true), not in the one-off rebuild command. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ConditionalOnProperty(name = "ledger.live", havingValue = "true", matchIfMissing = true)
@interface LiveOnly {
}
