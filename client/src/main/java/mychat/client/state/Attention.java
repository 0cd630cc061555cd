package mychat.client.state;

/**
 * What happened in a room while its window was not in view: messages from others not read yet, and how many of
 * them mention our nick. Seeing the window clears both.
 */
final class Attention {
    private boolean inView = true;
    private int unread;
    private int mentions;

    /** A live message from somebody else arrived. */
    void arrived(boolean mentionsUs) {
        if (!inView) {
            unread++;
            if (mentionsUs) {
                mentions++;
            }
        }
    }

    void inView(boolean shown) {
        inView = shown;
        if (shown) {
            unread = 0;
            mentions = 0;
        }
    }

    int unread() {
        return unread;
    }

    int mentions() {
        return mentions;
    }
}
