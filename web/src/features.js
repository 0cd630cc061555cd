// Switches for protocol extensions that not every my-chat server has.

// Send `{"type":"Typing"}` while the user types (at most every 3 s). A server without the Typing extension
// answers it with a bad_request error, so it is on only for servers that have it.
export const SEND_TYPING = true;
