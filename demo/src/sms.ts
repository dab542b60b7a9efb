/**
 * Reading the service's SMS the way a phone does: the WebOTP line (`@host #code`, always last) is
 * what lets a browser offer the code; the code itself is six digits after `#`.
 */
const WEB_OTP_LINE = /\n?\s*(@[^\s#]+ #\d{6})\s*$/;

export function splitWebOtpLine(body: string): { text: string; webOtp: string | null } {
  const match = WEB_OTP_LINE.exec(body);
  if (!match) return { text: body, webOtp: null };
  return { text: body.slice(0, match.index).trimEnd(), webOtp: match[1] ?? null };
}

/** The passcode in a passcode SMS, read from its WebOTP line; null for other messages. */
export function passcodeIn(body: string): string | null {
  return /@[^\s#]+ #(\d{6})\s*$/.exec(body)?.[1] ?? null;
}
