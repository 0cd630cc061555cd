package mychat.server.net;

import io.netty.channel.group.ChannelGroup;
import io.netty.handler.ssl.SslContext;
import java.time.Clock;
import mychat.server.ServerConfig;
import mychat.server.auth.Authenticator;
import mychat.server.hub.Hub;
import mychat.server.metrics.ServerMetrics;
import mychat.server.moderation.BanList;
import mychat.server.telemetry.Tracing;

/**
 * What every connection's handlers share: settings, the hub, the open sessions, the admission checks, TLS, metrics,
 * the clock and the operators' bans. Built once by the server.
 *
 * @param ssl           TLS for wss://, or null for plain ws://
 * @param authenticator token verification, or null when authentication is off
 */
public record NetContext(ServerConfig config, Hub hub, ChannelGroup sessions, SslContext ssl,
                         Authenticator authenticator, ServerMetrics metrics, Tracing tracing, Clock clock,
                         BanList bans) {}
