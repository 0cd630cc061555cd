// Server errors in plain words for people. `reason` from the server is for people too, and is added where it
// says something the code does not (the operator's reason for a kick, which nick is taken).

const WORDS = {
  bad_request: 'The server did not understand a request from this page.',
  not_in_room: 'You are not in this room any more.',
  invalid_nick: 'That nick cannot be used: 1 to 32 characters, no spaces.',
  nick_taken: 'Someone in this room already uses that nick. Pick another one.',
  invalid_room: 'That room name cannot be used: 1 to 64 characters, no spaces.',
  too_long: 'That message is too long (at most 2048 bytes).',
  empty_message: 'That message is empty.',
  unavailable: 'The server is having trouble storing messages; retrying.',
  rate_limited: 'You are sending faster than the server allows; your messages wait a moment.',
  forbidden: 'You may not join this room.',
  token_expired: 'Your token has expired. Load the page again with a fresh token.',
  invalid_token: 'That token was not accepted.',
  kicked: 'An operator removed you from the server.',
  room_closed: 'An operator closed this room.',
};

/** A sentence for an `Error` event. */
export function describeError(error) {
  if (error.code === 'lagged') {
    const n = Number(error.dropped) || 0;
    return `You fell behind and missed ${n} message${n === 1 ? '' : 's'}; fetching them.`;
  }
  const words = WORDS[error.code] ?? `The server refused: ${error.reason ?? error.code}.`;
  const withReason = ['kicked', 'nick_taken', 'forbidden', 'invalid_token'];
  return withReason.includes(error.code) && error.reason ? `${words} (${error.reason})` : words;
}
