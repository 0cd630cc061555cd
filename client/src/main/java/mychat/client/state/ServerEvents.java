package mychat.client.state;

import java.time.Duration;
import java.util.List;
import mychat.protocol.ClientRequest;
import mychat.protocol.Limits;
import mychat.protocol.ServerEvent;

/**
 * What the client makes of each event from the server: membership, messages live and replayed, history pages
 * (older pages and refilled gaps) and errors, each turned into scroll-back lines and, where needed, requests.
 * Part of {@link ChatModel}; same thread, no I/O.
 */
final class ServerEvents {
    private final RoomState rooms;
    private final Outbox outbox;
    private final HistoryTracker ids;
    private final Scrollback scrollback;
    private final Feed feed;
    private final LineEditor editor;
    private final Attention attention;
    private final Typing typing;
    /** Between {@code Joined} and the first live event: replayed messages are arriving. */
    private boolean replayOpen;
    private boolean replaySeen;

    ServerEvents(RoomState rooms, Outbox outbox, HistoryTracker ids, Scrollback scrollback, Feed feed,
                 LineEditor editor, Attention attention, Typing typing) {
        this.rooms = rooms;
        this.outbox = outbox;
        this.ids = ids;
        this.scrollback = scrollback;
        this.feed = feed;
        this.editor = editor;
        this.attention = attention;
        this.typing = typing;
    }

    /**
     * @param nick the nick asked for in the latest join, assumed when {@code Joined} answers no join we track
     */
    void on(ServerEvent event, String nick, List<Effect> effects) {
        switch (event) {
            case ServerEvent.Joined j -> onJoined(j, nick, effects);
            case ServerEvent.UserJoined u -> {
                closeReplay();
                rooms.memberJoined(u.nick());
                feed.info(u.nick() + " joined " + rooms.room());
            }
            case ServerEvent.UserLeft u -> {
                closeReplay();
                typing.stopped(u.nick());
                rooms.memberLeft(u.nick());
                feed.info(u.nick() + " left " + rooms.room());
            }
            case ServerEvent.Typing t -> typing.noticed(t.nick(), feed.now());
            case ServerEvent.Message m -> onMessage(m);
            case ServerEvent.HistoryPage page -> onHistoryPage(page, effects);
            case ServerEvent.RoomList r -> feed.info(r.rooms().isEmpty()
                    ? "no rooms yet — /join <name> creates one"
                    : "rooms (" + r.rooms().size() + "): " + String.join("  ", r.rooms()));
            case ServerEvent.Notice n -> feed.add(new Entry(Entry.Kind.WARNING, n.ts(), null,
                    "notice from the operators: " + n.text()));
            case ServerEvent.MessageDeleted d -> scrollback.removeMessage(d.room(), d.id());
            case ServerEvent.Error e -> onError(e, effects);
        }
    }

    /** Asks for a page of history and remembers why, to know what to do with the answer. */
    void requestHistory(ClientRequest.History request, HistoryTracker.Request why, List<Effect> effects) {
        ids.sent(why);
        effects.add(new Effect.Send(request));
    }

    private void onJoined(ServerEvent.Joined j, String nick, List<Effect> effects) {
        boolean rename = rooms.joined(j.room(), j.members(), nick);
        String room = rooms.room();
        feed.info("you are in " + room + " as " + rooms.roomNick() + " — " + rooms.describeMembers());
        if (Boolean.FALSE.equals(j.recovered())) {
            feed.warning("some messages from while you were away are no longer kept by the server");
        }
        if (!rename) {
            replayOpen = true;
            replaySeen = false;
        }
        // Unconfirmed lines go again from the oldest, one at a time (Outbox.pump); the server drops repeats.
        outbox.unanswered();
    }

    private void onMessage(ServerEvent.Message m) {
        boolean own = confirm(m);
        if (!m.history()) {
            typing.stopped(m.from());
        }
        if (!ids.firstSighting(m.room(), m.id())) {
            return; // a resent line's confirmation, or a replay overlapping what we have
        }
        Entry entry = toEntry(m, own);
        if (m.history() && replayOpen) {
            replaySeen = true;
        } else if (!m.history()) {
            closeReplay();
            if (entry.kind() == Entry.Kind.MESSAGE) {
                attention.arrived(Mentions.in(m.text(), rooms.roomNick()));
            }
        }
        feed.add(entry);
    }

    /** True when the message is one of our pending lines, which it then replaces. */
    private boolean confirm(ServerEvent.Message m) {
        boolean own = outbox.confirm(m.cid());
        if (own) {
            scrollback.removePending(m.cid());
        }
        return own;
    }

    private Entry toEntry(ServerEvent.Message m, boolean confirmedOwn) {
        boolean own = confirmedOwn || m.from().equals(rooms.roomNick()) && m.room().equals(rooms.room());
        return new Entry(own ? Entry.Kind.OWN_MESSAGE : Entry.Kind.MESSAGE, m.ts(), m.from(), m.text(), m.room(),
                m.id(), m.cid(), m.history());
    }

    /** The first live event after a replay: a divider separates what was said before from what comes now. */
    private void closeReplay() {
        if (replayOpen && replaySeen) {
            feed.add(new Entry(Entry.Kind.DIVIDER, feed.now(), null, "new messages"));
        }
        replayOpen = false;
    }

    /**
     * Puts each fetched message where its id belongs. The scroll offset counts rows from the bottom, so older
     * pages, which land above the view, leave what the user looks at where it is. A refilled gap that is not
     * complete yet asks for its next page.
     */
    private void onHistoryPage(ServerEvent.HistoryPage page, List<Effect> effects) {
        HistoryTracker.Request request = ids.answered();
        for (ServerEvent.Message m : page.messages()) {
            boolean own = confirm(m);
            if (ids.firstSighting(m.room(), m.id())) {
                scrollback.insertInOrder(toEntry(m, own));
            }
        }
        switch (request) {
            case HistoryTracker.Older older when !page.more() -> ids.reachedStart(older.room());
            case HistoryTracker.Gap gap when page.more() && !page.messages().isEmpty()
                    && page.messages().getLast().id() < gap.to() && gap.room().equals(rooms.room()) -> {
                long after = page.messages().getLast().id();
                requestHistory(ClientRequest.History.after(after, pageFor(gap.to() - after)), gap, effects);
            }
            case null, default -> { }
        }
    }

    private static int pageFor(long wanted) {
        return (int) Math.min(Limits.MAX_HISTORY_PAGE, Math.max(1, wanted));
    }

    private void onError(ServerEvent.Error e, List<Effect> effects) {
        String room = rooms.room();
        switch (e.code()) {
            case LAGGED -> {
                long dropped = e.dropped() == null ? 0 : e.dropped();
                feed.warning("you fell behind and missed " + dropped + " message" + (dropped == 1 ? "" : "s")
                        + (e.from() != null && room != null ? " — fetching them" : ""));
                if (e.from() != null && e.to() != null && room != null) {
                    requestHistory(ClientRequest.History.after(e.from() - 1, pageFor(e.to() - e.from() + 1)),
                            new HistoryTracker.Gap(room, e.to()), effects);
                }
            }
            case NICK_TAKEN -> {
                String target = rooms.joiningRoom() != null ? rooms.joiningRoom() : room;
                String nick = rooms.joiningNick();
                if (rooms.rejoining()) {
                    // Our old connection may still hold the nick: on a cluster node that died it does until the
                    // node times out (PROTOCOL.md §9). Try again shortly rather than give up.
                    rooms.nickRefused();
                    feed.warning(nick + " is still held in " + target + " (by your previous connection) — trying "
                            + "again in " + RoomState.REJOIN_RETRY.toSeconds() + " s");
                    effects.add(new Effect.ScheduleRejoin(RoomState.REJOIN_RETRY));
                    return;
                }
                rooms.nickRefused();
                feed.error("the nick " + nick + " is taken in " + target
                        + " — pick another with /nick <name>, then /join " + target);
            }
            case INVALID_NICK, INVALID_ROOM -> {
                rooms.joinRefused();
                feed.error(e.reason());
            }
            case NOT_IN_ROOM -> {
                outbox.unanswered();
                rooms.notInRoom();
                feed.error("you are not in a room: /join <room> first");
            }
            case TOO_LONG, EMPTY_MESSAGE -> {
                Outbox.Pending dropped = outbox.rejected();
                if (dropped != null) {
                    scrollback.removePending(dropped.cid());
                    if (editor.isEmpty()) {
                        editor.set(dropped.text()); // back in the input, to be fixed
                    }
                }
                feed.error("message refused: " + e.reason());
            }
            case BAD_REQUEST -> feed.error("the server did not understand a request: " + e.reason());
            case UNAVAILABLE -> {
                if (outbox.sending()) { // not stored: the same line goes again, under the same key
                    outbox.refused(Outbox.DEFAULT_RETRY, effects);
                }
                feed.error(e.reason());
            }
            case RATE_LIMITED -> {
                if (outbox.sending() && e.reason().contains("messages")) {
                    // Paced, not lost: the line waits in the queue and goes again when the server allows.
                    outbox.refused(e.retryAfterMs() == null ? Outbox.DEFAULT_RETRY
                            : Duration.ofMillis(e.retryAfterMs()), effects);
                } else {
                    feed.error("slow down: " + e.reason());
                }
            }
            case FORBIDDEN -> { // only a join is ever forbidden
                rooms.joinRefused();
                feed.error(e.reason());
            }
            case KICKED -> { // the connection closes next: a reconnect must not put us back
                rooms.left();
                feed.error("an operator removed you from " + room + ": " + e.reason());
            }
            case ROOM_CLOSED -> {
                rooms.left();
                feed.error("an operator closed " + room + ": " + e.reason());
            }
            case INVALID_TOKEN -> feed.error(e.reason());
            case TOKEN_EXPIRED -> feed.error(e.reason() + " — restart my-chat with a fresh --token");
        }
    }
}
