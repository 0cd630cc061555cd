// Switches for protocol extensions that not every my-chat server has.

// Send `{"type":"Typing"}` while the user types (at most every 3 s). The server relays it (docs/PROTOCOL.md §3);
// a server older than the extension answers it with a bad_request error, so turn it off for one.
export const SEND_TYPING = true;
