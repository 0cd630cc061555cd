package mychat.server.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import mychat.server.history.Ban;
import mychat.server.history.MemoryHistoryStore;
import org.junit.jupiter.api.Test;

/** Which joins a ban keeps out: by nick or address, in one room or all, until it expires. */
class BanListTest {
    private static final long T0 = 1_790_000_000_000L;
    private final AtomicLong now = new AtomicLong(T0);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }
    };
    private final MemoryHistoryStore store = new MemoryHistoryStore(100);

    private BanList bans() throws Exception {
        return BanList.load(store, clock);
    }

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void aNickBanMatchesTheNickInAnyCaseInItsRoomOnly() throws Exception {
        BanList bans = bans();
        Ban ban = bans.add(new Ban(0, "Mallory", null, "lobby", T0, null, "spam")).get(5, TimeUnit.SECONDS);

        assertThat(bans.find("mALLORY", ip("192.0.2.1"), "lobby")).isEqualTo(ban);
        assertThat(bans.find("mallory", ip("192.0.2.1"), "other")).isNull();
        assertThat(bans.find("alice", ip("192.0.2.1"), "lobby")).isNull();
    }

    @Test
    void anAddressBanWithoutARoomMatchesEveryNickFromThatAddressEverywhere() throws Exception {
        BanList bans = bans();
        bans.add(new Ban(0, null, "2001:db8:0:0:0:0:0:1", null, T0, null, "flood")).get(5, TimeUnit.SECONDS);

        assertThat(bans.find("anyone", ip("2001:db8::1"), "any-room")).isNotNull();
        assertThat(bans.find("anyone", ip("2001:db8::2"), "any-room")).isNull();
        assertThat(bans.find("anyone", null, "any-room")).as("address unknown").isNull();
    }

    @Test
    void aBanEndsWhenItExpiresAndExpiredBansAreDroppedAtTheNextStart() throws Exception {
        BanList bans = bans();
        bans.add(new Ban(0, "brief", null, null, T0, T0 + 1_000, "cool down")).get(5, TimeUnit.SECONDS);
        assertThat(bans.find("brief", null, "lobby")).isNotNull();

        now.set(T0 + 1_000);

        assertThat(bans.find("brief", null, "lobby")).isNull();
        assertThat(bans.inForce().get(5, TimeUnit.SECONDS)).isEmpty();
        bans();
        assertThat(store.bans().get(5, TimeUnit.SECONDS)).as("dropped from the store").isEmpty();
    }

    @Test
    void liftingABanLetsTheNickIn() throws Exception {
        BanList bans = bans();
        Ban ban = bans.add(new Ban(0, "bob", null, null, T0, null, "oops")).get(5, TimeUnit.SECONDS);

        assertThat(bans.remove(ban.id()).get(5, TimeUnit.SECONDS)).isTrue();

        assertThat(bans.find("bob", null, "lobby")).isNull();
        assertThat(bans.remove(ban.id()).get(5, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void aReloadPicksUpBansStoredElsewhere() throws Exception {
        BanList bans = bans();
        store.addBan(new Ban(0, "eve", null, null, T0, null, "made on another node")).get(5, TimeUnit.SECONDS);
        assertThat(bans.find("eve", null, "lobby")).isNull();

        bans.reload().get(5, TimeUnit.SECONDS);

        assertThat(bans.find("eve", null, "lobby")).isNotNull();
    }
}
