/**
 * Cluster mode ({@code CHAT_STORE=redis}): nodes that share every room through Redis.
 *
 * <pre>
 * Cluster       the node's membership: Redis connections, start-up checks, readiness, wiring
 * RedisRooms    RoomPeers and HistoryStore on Redis: enter, exit, say, snapshots, history pages
 * Scripts       the Lua function library (resources /cluster/*.lua), each function one atomic step on one
 *               room's keys
 * RoomKeys      a room's key and channel names, all under the room's hash tag
 * PubSub        the pub/sub connection: room channels, events and typing hints to rooms, the probe that proves
 *               it alive
 * NodeWatch     heartbeats; judging, burying and cleaning up dead nodes; noticing this node was buried
 * NodeIdentity  this node's id, membership tokens, Redis' clock
 * RoomNames     RoomList across nodes (a scan, reused for a second)
 * SharedModeration  the operators' actions as events in each room's shared order; members listed with their node
 * RedisBans     the bans in Redis, read by every node once a second
 * </pre>
 *
 * <p>Threading: scripts are sent from room loops and answer on Lettuce's threads, which hand results to the room's
 * executor; pub/sub events are parsed on Lettuce's thread and told to the room. The heartbeat runs on its own
 * thread and may block on Redis (with timeouts).
 *
 * <p>Uses: {@code room} (it implements {@code RoomPeers}), {@code hub} (to find rooms for events), {@code history}
 * (it is the cluster's store), {@code metrics}, {@code moderation} (it implements {@code Moderation}),
 * {@code telemetry} (a span per room function call). See {@code docs/architecture.md}, "Cluster mode".
 */
package mychat.server.cluster;
