package mychat.bench.floor;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One floor-server connection: {@code Join} answers {@code Joined} and tells the others {@code UserJoined}; a
 * {@code SendMsg} becomes a {@code Message} to every member, sender included. It reads requests the way the load
 * generator writes them ({@code {"type":"SendMsg","text":"..."}}, {@code {"type":"Join",...}}), without a parser:
 * anything else is ignored.
 */
final class FloorRelay extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    private static final byte[] SEND_MSG_HEAD = "{\"type\":\"SendMsg\",\"text\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final String JOIN_HEAD = "{\"type\":\"Join\"";

    private final Rooms rooms;
    private String room;
    private String nick;

    FloorRelay(Rooms rooms) {
        this.rooms = rooms;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
        ByteBuf in = frame.content();
        if (room != null && startsWith(in, SEND_MSG_HEAD)) {
            int textStart = in.readerIndex() + SEND_MSG_HEAD.length;
            int textLength = in.writerIndex() - 2 - textStart; // the text ends with "}
            ByteBuf json = ctx.alloc().buffer(96 + room.length() + nick.length() + textLength);
            json.writeCharSequence("{\"type\":\"Message\",\"room\":\"" + room + "\",\"id\":" + rooms.nextId()
                    + ",\"from\":\"" + nick + "\",\"text\":\"", StandardCharsets.US_ASCII);
            json.writeBytes(in, textStart, textLength);
            json.writeCharSequence("\",\"ts\":0}", StandardCharsets.US_ASCII);
            rooms.send(rooms.of(room), frame(ctx.alloc(), json));
            return;
        }
        String text = in.toString(StandardCharsets.UTF_8);
        if (room == null && text.startsWith(JOIN_HEAD)) {
            room = field(text, "room");
            nick = field(text, "nick");
            List<Channel> before = rooms.join(room, ctx.channel());
            rooms.send(before, frame(ctx.alloc(), ascii(ctx.alloc(),
                    "{\"type\":\"UserJoined\",\"room\":\"" + room + "\",\"nick\":\"" + nick + "\"}")));
            rooms.send(List.of(ctx.channel()), frame(ctx.alloc(), ascii(ctx.alloc(),
                    "{\"type\":\"Joined\",\"room\":\"" + room + "\"}")));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (room != null) {
            rooms.leave(room, ctx.channel());
        }
        ctx.fireChannelInactive();
    }

    /** A complete unmasked server text frame around {@code json} (consumed), written below the WebSocket encoder. */
    private static ByteBuf frame(ByteBufAllocator alloc, ByteBuf json) {
        int n = json.readableBytes();
        ByteBuf frame = alloc.directBuffer(n + 4);
        frame.writeByte(0x81); // FIN, text
        if (n < 126) {
            frame.writeByte(n);
        } else {
            frame.writeByte(126).writeShort(n); // the generator's frames stay under 64 KiB
        }
        frame.writeBytes(json);
        json.release();
        return frame;
    }

    private static ByteBuf ascii(ByteBufAllocator alloc, String s) {
        ByteBuf b = alloc.buffer(s.length());
        b.writeCharSequence(s, StandardCharsets.US_ASCII);
        return b;
    }

    private static boolean startsWith(ByteBuf in, byte[] prefix) {
        if (in.readableBytes() < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (in.getByte(in.readerIndex() + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The value of a string field of a flat JSON object whose values need no escapes (the generator's). */
    private static String field(String json, String name) {
        String key = "\"" + name + "\":\"";
        int at = json.indexOf(key);
        if (at < 0) {
            return "";
        }
        int from = at + key.length();
        int to = json.indexOf('"', from);
        return to < 0 ? "" : json.substring(from, to);
    }
}
