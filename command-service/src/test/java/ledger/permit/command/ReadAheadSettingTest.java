package ledger.permit.command;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.event.GenericApplicationListenerAdapter;
import org.springframework.core.ResolvableType;
import org.springframework.web.context.support.ServletRequestHandledEvent;

import static org.assertj.core.api.Assertions.assertThat;

class ReadAheadSettingTest {

    /** Spring calls the listener only with the event it is for, not with the event each request publishes. */
    @Test
    void listens_to_the_prepared_environment_only() {
        var listener = new GenericApplicationListenerAdapter(new CommandServiceApplication.ReadAheadSetting());

        assertThat(listener.supportsEventType(ResolvableType.forClass(ApplicationEnvironmentPreparedEvent.class)))
                .isTrue();
        assertThat(listener.supportsEventType(ResolvableType.forClass(ServletRequestHandledEvent.class))).isFalse();
    }
}
