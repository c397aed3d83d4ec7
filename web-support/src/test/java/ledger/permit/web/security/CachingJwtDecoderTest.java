package ledger.permit.web.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CachingJwtDecoderTest {

    private static final Instant ISSUED = Instant.parse("2026-11-25T08:00:00Z");

    private final AtomicInteger verifications = new AtomicInteger();
    private final JwtDecoder verifying = token -> {
        verifications.incrementAndGet();
        return Jwt.withTokenValue(token).header("alg", "RS256").subject("clerk-7")
                .issuedAt(ISSUED).expiresAt(ISSUED.plus(Duration.ofHours(1))).build();
    };

    @Test
    void a_token_is_verified_once_while_it_is_kept() {
        CachingJwtDecoder decoder = new CachingJwtDecoder(verifying, Duration.ofMinutes(5), 100,
                Clock.fixed(ISSUED.plusSeconds(60), ZoneOffset.UTC));
        assertThat(decoder.decode("token-a").getSubject()).isEqualTo("clerk-7");
        assertThat(decoder.decode("token-a").getSubject()).isEqualTo("clerk-7");
        assertThat(verifications).hasValue(1);
        decoder.decode("token-b");
        assertThat(verifications).as("another token is verified on its own").hasValue(2);
    }

    @Test
    void a_kept_token_past_its_expiry_is_refused() {
        MutableClock clock = new MutableClock(ISSUED.plusSeconds(60));
        CachingJwtDecoder decoder = new CachingJwtDecoder(verifying, Duration.ofHours(2), 100, clock);
        decoder.decode("token-a");
        clock.now = ISSUED.plus(Duration.ofHours(1)).plus(Duration.ofMinutes(2)); // past expiry and its minute of skew
        assertThatThrownBy(() -> decoder.decode("token-a")).isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("expired");
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
