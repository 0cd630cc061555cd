package mychat.client.ui;

import org.jline.utils.AttributedStyle;

/** A stable colour per nick: the same nick has the same colour in every room, session and client. */
final class NickColors {
    /** Readable on dark and light backgrounds; no black, white or grey. */
    private static final int[] PALETTE = {
        AttributedStyle.RED, AttributedStyle.GREEN, AttributedStyle.YELLOW, AttributedStyle.BLUE,
        AttributedStyle.MAGENTA, AttributedStyle.CYAN,
        AttributedStyle.BRIGHT | AttributedStyle.RED, AttributedStyle.BRIGHT | AttributedStyle.GREEN,
        AttributedStyle.BRIGHT | AttributedStyle.YELLOW, AttributedStyle.BRIGHT | AttributedStyle.BLUE,
        AttributedStyle.BRIGHT | AttributedStyle.MAGENTA, AttributedStyle.BRIGHT | AttributedStyle.CYAN,
    };

    private NickColors() {}

    static AttributedStyle of(String nick) {
        int hash = 0;
        for (int i = 0; i < nick.length(); i++) {
            hash = hash * 31 + nick.charAt(i); // String.hashCode, spelled out: it must never change
        }
        return AttributedStyle.DEFAULT.foreground(PALETTE[Math.floorMod(hash, PALETTE.length)]);
    }
}
