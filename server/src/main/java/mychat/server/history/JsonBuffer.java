package mychat.server.history;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that JSON-quotes strings straight into itself, for {@link MessageJson}: encoding a message
 * allocates nothing. Jackson's {@code quoteAsUTF8} returned a new array per string, and with the other per-message
 * arrays the store's encoding made a fifth of a busy SQLite server's garbage (docs/BENCHMARKS.md, finding 17). Its
 * bytes can be read in place. Not thread-safe, and unlike {@link java.io.ByteArrayOutputStream} takes no lock.
 */
final class JsonBuffer {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf;
    private int count;

    JsonBuffer(int size) {
        buf = new byte[size];
    }

    /** The bytes written so far are {@code bytes()[0 .. size())}. */
    byte[] bytes() {
        return buf;
    }

    int size() {
        return count;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, count);
    }

    void reset() {
        count = 0;
    }

    void write(char ascii) {
        reserve(1);
        buf[count++] = (byte) ascii;
    }

    void write(byte[] bytes) {
        reserve(bytes.length);
        System.arraycopy(bytes, 0, buf, count, bytes.length);
        count += bytes.length;
    }

    /** {@code n} in decimal; ids and times are never negative. */
    void writeDecimal(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative: " + n);
        }
        reserve(19);
        int digits = 1;
        for (long rest = n / 10; rest != 0; rest /= 10) {
            digits++;
        }
        for (int at = count + digits - 1; at >= count; at--) {
            buf[at] = (byte) ('0' + n % 10);
            n /= 10;
        }
        count += digits;
    }

    /**
     * {@code s} as the inside of a JSON string, in UTF-8: {@code "}, {@code \} and control characters escaped,
     * everything else as it is. Assumes well-formed surrogate pairs, which the protocol's decoder enforces.
     */
    void writeQuoted(String s) {
        int n = s.length();
        reserve(n); // enough for ASCII without escapes, the usual case; the rest reserves as it goes
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                buf[count++] = (byte) c;
                continue;
            }
            reserve(n - i + 6);
            if (c < 0x80) {
                escape(c);
            } else if (c < 0x800) {
                buf[count++] = (byte) (0xC0 | c >> 6);
                buf[count++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[count++] = (byte) (0xF0 | cp >> 18);
                buf[count++] = (byte) (0x80 | cp >> 12 & 0x3F);
                buf[count++] = (byte) (0x80 | cp >> 6 & 0x3F);
                buf[count++] = (byte) (0x80 | cp & 0x3F);
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("unpaired surrogate at index " + i);
            } else {
                buf[count++] = (byte) (0xE0 | c >> 12);
                buf[count++] = (byte) (0x80 | c >> 6 & 0x3F);
                buf[count++] = (byte) (0x80 | c & 0x3F);
            }
        }
    }

    private void escape(char c) {
        buf[count++] = '\\';
        switch (c) {
            case '"', '\\' -> buf[count++] = (byte) c;
            case '\n' -> buf[count++] = 'n';
            case '\r' -> buf[count++] = 'r';
            case '\t' -> buf[count++] = 't';
            default -> {
                buf[count++] = 'u';
                buf[count++] = '0';
                buf[count++] = '0';
                buf[count++] = HEX[c >> 4];
                buf[count++] = HEX[c & 0xF];
            }
        }
    }

    private void reserve(int more) {
        if (count + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
        }
    }
}
