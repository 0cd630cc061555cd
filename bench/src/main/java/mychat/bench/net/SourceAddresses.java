package mychat.bench.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Local addresses that client sockets are bound to, in turn. Each source address has its own ephemeral port range
 * towards the server, so spreading connections over 127.0.0.2, 127.0.0.3, ... lifts the ~28,000-port limit of one
 * address. Empty: the kernel chooses. Thread-safe.
 */
public final class SourceAddresses {
    private final List<InetAddress> addresses;
    private final AtomicInteger next = new AtomicInteger();

    public SourceAddresses(List<InetAddress> addresses) {
        this.addresses = List.copyOf(addresses);
    }

    public static SourceAddresses none() {
        return new SourceAddresses(List.of());
    }

    /**
     * Parses a count ({@code 8}: 127.0.0.2 to 127.0.0.9), a range ({@code 127.0.0.2-127.0.0.9}) or a comma list of
     * addresses.
     */
    public static SourceAddresses parse(String spec) throws UnknownHostException {
        spec = spec.strip();
        List<InetAddress> list = new ArrayList<>();
        if (spec.matches("\\d+")) {
            int n = Integer.parseInt(spec);
            if (n < 1 || n > 250) {
                throw new IllegalArgumentException("a count of source addresses must be 1 to 250");
            }
            for (int i = 0; i < n; i++) {
                list.add(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (2 + i)}));
            }
        } else if (spec.matches("127\\.0\\.0\\.\\d+-127\\.0\\.0\\.\\d+")) {
            String[] ends = spec.split("-");
            int from = lastOctet(ends[0]);
            int to = lastOctet(ends[1]);
            if (from < 1 || to > 254 || from > to) {
                throw new IllegalArgumentException("bad range " + spec);
            }
            for (int i = from; i <= to; i++) {
                list.add(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) i}));
            }
        } else {
            for (String part : spec.split(",")) {
                list.add(InetAddress.getByName(part.strip()));
            }
        }
        return new SourceAddresses(list);
    }

    private static int lastOctet(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf('.') + 1));
    }

    /** The next address to bind to, or null to let the kernel choose. */
    public InetAddress next() {
        return addresses.isEmpty() ? null : addresses.get(Math.floorMod(next.getAndIncrement(), addresses.size()));
    }

    public List<String> describe() {
        return addresses.stream().map(InetAddress::getHostAddress).toList();
    }
}
