/**
 * Why a time zone is refused (null: an IANA name this runtime knows, aliases and `UTC` included). Offsets
 * such as `+02:00` are not zones: they know no DST, which is the point of naming a zone. Used by schedules
 * (when a cron fires) and analytics (where a day starts).
 */
export function timezoneError(timezone: string): string | null {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(timezone)) return "must be an IANA time zone such as Europe/Berlin";
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: timezone });
    return null;
  } catch {
    return `unknown time zone '${timezone}': use an IANA name such as Europe/Berlin or Asia/Tokyo`;
  }
}
