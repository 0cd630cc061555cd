// Local times for messages: the time alone for today, with the date for older days.

/** @param locale undefined for the browser's own */
export function formatTime(ts, now, locale = undefined) {
  const date = new Date(ts);
  const today = new Date(now);
  const sameDay = date.getFullYear() === today.getFullYear() && date.getMonth() === today.getMonth()
    && date.getDate() === today.getDate();
  const time = date.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  if (sameDay) return time;
  return `${date.toLocaleDateString(locale, { month: 'short', day: 'numeric' })} ${time}`;
}
